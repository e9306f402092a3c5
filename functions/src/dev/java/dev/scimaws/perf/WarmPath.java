package dev.scimaws.perf;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.handler.GroupsHandler;
import dev.scimaws.handler.UsersHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The warm path: one request through a handler, with DynamoDB time excluded. Each request is recorded once
 * against the engine, then replayed from memory ({@link ReplayingDynamoDb}), so what is timed is the
 * handler's own work: API Gateway event to SCIM request, the service, the store's item mapping and SDK
 * request building, JSON in and out. The forked JVM gets Lambda's java21 options (C1 only); run with
 * {@code -jvmArgs "-XX:+UseSerialGC"} to see full JIT. docs/performance.md has the command and the numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-XX:+UseSerialGC", "-XX:MaxHeapSize=891289k", "-XX:TieredStopAtLevel=1"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WarmPath {

    private UsersHandler users;
    private GroupsHandler groups;
    private APIGatewayProxyRequestEvent getUser;
    private APIGatewayProxyRequestEvent filterUser;
    private APIGatewayProxyRequestEvent createUser;
    private APIGatewayProxyRequestEvent patchUser;
    private APIGatewayProxyRequestEvent patchGroup;

    @Setup
    public void setUp() {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("warmpath");
        ReplayingDynamoDb.Recorder recorder = ReplayingDynamoDb.around(engine.client());
        Wiring wiring = new Wiring(recorder.client(), table, Clock.systemUTC());
        // a long schema cache: the tenant's extension schemas are read once, as in a warm Lambda environment
        users = new UsersHandler(wiring, Duration.ofDays(1));
        groups = new GroupsHandler(wiring);

        Map<String, String> ids = new HashMap<>();
        ids.put("USER_ID", createdId(users.handleRequest(event("users/create.json", ids), null)));
        ids.put("GROUP_ID", createdId(groups.handleRequest(event("groups/create.json", ids), null)));
        getUser = event("users/get.json", ids);
        filterUser = event("users/filter.json", ids);
        createUser = event("users/create.json", ids);
        createUser.setBody(createUser.getBody().replace("jane.doe@example.com", "warm.create@example.com"));
        patchUser = event("users/patch-deactivate.json", ids);
        patchGroup = event("groups/okta-membership-patch.json", ids);

        // record: the group PATCH first, so GET user reads a user with a group (as in the cold benchmark)
        expect(groups.handleRequest(patchGroup, null), 204);
        expect(users.handleRequest(getUser, null), 200);
        expect(users.handleRequest(filterUser, null), 200);
        expect(users.handleRequest(createUser, null), 201);
        expect(users.handleRequest(patchUser, null), 200);
        recorder.replay();
        // replay answers as the engine did
        expect(groups.handleRequest(patchGroup, null), 204);
        expect(users.handleRequest(getUser, null), 200);
        expect(users.handleRequest(filterUser, null), 200);
        expect(users.handleRequest(createUser, null), 201);
        expect(users.handleRequest(patchUser, null), 200);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent getUser() {
        return users.handleRequest(getUser, null);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent filterUserByUserName() {
        return users.handleRequest(filterUser, null);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent createUser() {
        return users.handleRequest(createUser, null);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent patchUserDeactivate() {
        return users.handleRequest(patchUser, null);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent patchGroupMembers() {
        return groups.handleRequest(patchGroup, null);
    }

    private static APIGatewayProxyRequestEvent event(String file, Map<String, String> ids) {
        return Events.load(file, APIGatewayProxyRequestEvent.class, ids);
    }

    private static void expect(APIGatewayProxyResponseEvent response, int status) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    private static String createdId(APIGatewayProxyResponseEvent response) {
        expect(response, 201);
        try {
            return new ObjectMapper().readTree(response.getBody()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
