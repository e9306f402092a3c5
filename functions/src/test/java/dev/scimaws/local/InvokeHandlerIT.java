package dev.scimaws.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.auth.Tokens;
import dev.scimaws.scim.Json;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invoke command's logic with the authorizer events, against the engine. */
class InvokeHandlerIT {

    private final Map<String, String> baseEnv = new HashMap<>();

    /** A table per test: the sample events create the same user, so no test depends on another having run. */
    @BeforeEach
    void engine() {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("invoke-it");
        baseEnv.put("SCIM_DYNAMODB_ENDPOINT", engine.endpoint().toString());
        baseEnv.put("SCIM_TABLE", table);
        baseEnv.put("SCIM_TOKEN", new Tokens(new DynamoTokenStore(engine.client(), table), Clock.systemUTC()).issue("acme", "invoke").token());
    }

    @Test
    void printsTheAllowPolicy() throws Exception {
        Result result = invoke("TokenAuthorizerHandler", "authorizer/allow.json");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode policy = new ObjectMapper().readTree(result.out());
        assertThat(policy.path("principalId").asText()).isEqualTo("acme");
        assertThat(policy.path("context").path("tenant").asText()).isEqualTo("acme");
        assertThat(policy.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
    }

    @Test
    void reportsTheDenyAsLambdaDoesAndExitsNonZero() throws Exception {
        Result result = invoke("TokenAuthorizerHandler", "authorizer/deny.json");

        assertThat(result.code()).isEqualTo(1);
        JsonNode error = new ObjectMapper().readTree(result.out());
        assertThat(error.path("errorMessage").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void runsEveryUsersEventAgainstTheEngine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Result created = invoke("UsersHandler", "users/create.json");
        JsonNode createdResponse = json.readTree(created.out());
        assertThat(createdResponse.path("statusCode").asInt()).as(created.out() + created.err()).isEqualTo(201);
        String userId = json.readTree(createdResponse.path("body").asText()).path("id").asText();

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("list", 200);
        expected.put("filter", 200);
        expected.put("get", 200);
        expected.put("put", 200);
        expected.put("patch-deactivate", 200);
        expected.put("entra-patch-attributes", 200);
        expected.put("entra-patch-clear", 200);
        expected.put("entra-search", 200);
        expected.put("delete", 204);
        expected.put("create", 201);
        for (Map.Entry<String, Integer> event : expected.entrySet()) {
            Result result = invoke("UsersHandler", "users/" + event.getKey() + ".json", Map.of("USER_ID", userId));
            assertThat(result.code()).as(event.getKey() + ": " + result.err()).isZero();
            assertThat(json.readTree(result.out()).path("statusCode").asInt()).as(event.getKey() + ": " + result.out())
                    .isEqualTo(event.getValue());
        }
        JsonNode gone = json.readTree(invoke("UsersHandler", "users/get.json", Map.of("USER_ID", userId)).out());
        assertThat(gone.path("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void groupsEventsRunAsOktasGroupPushAgainstTheEngine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // The sample user, found by Okta's filter.
        assertThat(json.readTree(invoke("UsersHandler", "users/create.json", Map.of()).out()).path("statusCode").asInt())
                .isEqualTo(201);
        JsonNode users = json.readTree(invoke("UsersHandler", "users/filter.json", Map.of()).out());
        String userId = json.readTree(users.path("body").asText()).at("/Resources/0/id").asText();

        Result created = invoke("GroupsHandler", "groups/create.json", Map.of());
        JsonNode createdResponse = json.readTree(created.out());
        assertThat(createdResponse.path("statusCode").asInt()).as(created.out()).isEqualTo(201);
        String groupId = json.readTree(createdResponse.path("body").asText()).path("id").asText();
        Map<String, String> ids = Map.of("USER_ID", userId, "GROUP_ID", groupId);

        JsonNode found = json.readTree(invoke("GroupsHandler", "groups/filter.json", ids).out());
        assertThat(json.readTree(found.path("body").asText()).path("totalResults").asInt()).isEqualTo(1);
        JsonNode search = json.readTree(invoke("GroupsHandler", "groups/entra-search.json", ids).out());
        assertThat(search.path("statusCode").asInt()).isEqualTo(200);
        for (String name : new String[] {"okta-membership-patch", "rename", "entra-remove", "entra-members", "delete"}) {
            Result result = invoke("GroupsHandler", "groups/" + name + ".json", ids);
            assertThat(json.readTree(result.out()).path("statusCode").asInt()).as(name + ": " + result.out()).isEqualTo(204);
        }
        JsonNode gone = json.readTree(invoke("GroupsHandler", "groups/filter.json", ids).out());
        assertThat(json.readTree(gone.path("body").asText()).path("totalResults").asInt()).isZero();
    }

    @Test
    void theTokenEndpointEventAnswersAnUnknownClientAsRfc6749Says() throws Exception {
        Result result = invoke("OAuthTokenHandler", "oauth/token.json",
                Map.of("CLIENT_ID", "scimaws-client-unknown", "CLIENT_SECRET", "scimaws_secret_unknown"));
        JsonNode response = new ObjectMapper().readTree(result.out());
        assertThat(response.path("statusCode").asInt()).as(result.out()).isEqualTo(401);
        assertThat(new ObjectMapper().readTree(response.path("body").asText()).path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void namesAMissingPlaceholder() {
        Result result = invoke("UsersHandler", "users/get.json");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("${USER_ID}");
    }

    @Test
    void replaysAStreamEventSampleThroughTheEventsHandler() throws Exception {
        // Without SCIM_EVENT_BUS the events handler writes its events as JSON lines to stdout.
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        Result result;
        System.setOut(new PrintStream(lines, true, StandardCharsets.UTF_8));
        try {
            result = invoke("EventsHandler", "events/user-lifecycle.json");
        } finally {
            System.setOut(stdout);
        }
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(new ObjectMapper().readTree(result.out()).path("batchItemFailures")).isEmpty();
        assertThat(lines.toString(StandardCharsets.UTF_8).lines().map(line -> Json.parseStored(line).path("detail-type").asText()))
                .containsExactly("User Created", "User Updated", "User Deactivated");
    }

    private record Result(int code, String out, String err) {}

    private Result invoke(String handler, String event) {
        return invoke(handler, event, Map.of());
    }

    private Result invoke(String handler, String event, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.putAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InvokeHandler.run(new String[] {handler, Events.dir().resolve(event).toString()}, env::get,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
