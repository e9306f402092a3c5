package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.store.DynamoCalls;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.FaultProxy;
import dev.scimaws.testing.FaultProxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Okta's provisioning sequence (create, update, deactivate users; push groups with members) through the
 * local API whose SCIM handlers reach the engine through a {@link FaultProxy}: DynamoDB's throttling errors,
 * 500s, transaction conflicts and transactions in progress, requests and answers slower than the attempt
 * timeout, and added latency. The handlers use the production client configuration ({@link Wiring#dynamoClient}).
 *
 * <p>Asserted: no 5xx other than 503, {@code Retry-After} on every 429 and 503, every answer within
 * {@link #ANSWER_BOUND}, the sequence completes when the client retries as Okta does, and the table is
 * consistent afterwards (every 201 readable, every lock with its resource, every membership with both ends).
 * The authorizer reads the engine directly: API Gateway caches its answers, and its failures are gateway
 * responses (see ScimStackTest).
 */
class FaultInjectionIT {

    /** Well under API Gateway's 29 s: the handlers' DynamoDB work is bounded by {@link DynamoCalls#WORST_CASE}. */
    static final Duration ANSWER_BOUND = DynamoCalls.WORST_CASE.plusSeconds(3);
    /**
     * Okta's patience in the storm (most calls failing; once the SDK's retry quota is drained each call gets one
     * attempt, so a request of n calls gets through with (1 - share)^n per try). 30, not 12: a PUT or PATCH of a
     * user also reads the user's groups for its answer (#14), and a group member add re-reads the added users
     * (#17, 5 calls), each one more call that must get through on the same try.
     */
    private static final int CLIENT_TRIES = 30;
    private static final String TENANT = LocalApi.TENANT;

    record Answer(String what, int status, String retryAfter, long millis) {}

    /** Every answer of a run, and the ids the service created. */
    static final class Run {
        final List<Answer> answers = new ArrayList<>();
        final Map<String, String> users = new HashMap<>();
        final Map<String, String> groups = new HashMap<>();
        final Set<String> createdIds = new HashSet<>();
    }

    private static DynamoDbClient handlerClient(FaultProxy proxy) {
        return Wiring.dynamoClient(proxy.endpoint().toString(), builder -> builder
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
    }

    @Test
    void everyFaultKindAndLatencyEndInCleanAnswersAndAConsistentTable() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("faults");
        try (FaultProxy proxy = FaultProxy.start(engine.endpoint(), 13);
             DynamoDbClient viaProxy = handlerClient(proxy);
             LocalApi api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                     new Wiring(viaProxy, table, Clock.systemUTC()))) {
            proxy.share(Fault.THROTTLING, 0.03)
                    .share(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, 0.03)
                    .share(Fault.REQUEST_LIMIT_EXCEEDED, 0.03)
                    .share(Fault.INTERNAL_SERVER_ERROR, 0.03)
                    .share(Fault.TRANSACTION_CONFLICT, 0.15)
                    .share(Fault.TRANSACTION_IN_PROGRESS, 0.05)
                    .share(Fault.SLOW_REQUEST, 0.02)
                    .share(Fault.SLOW_ANSWER, 0.02)
                    .share(Fault.LATENCY, 0.25)
                    .slowMillis(DynamoCalls.ATTEMPT_TIMEOUT.toMillis() + 500);
            ScimHttp okta = new ScimHttp(api.baseUrl(), api.token());
            Run run = new Run();
            // rounds until every kind was injected at least once (the draws are seeded: in practice two rounds)
            for (int round = 0; round < 6 && !proxy.injected().keySet().containsAll(EnumSet.allOf(Fault.class)); round++) {
                oktaSequence(okta, run, "r" + round, 8, 2);
            }
            // a storm the SDK's retries cannot absorb: requests answer 429 or 503, Okta retries them. Once the
            // storm opens the SDK's retry circuit breaker, a request of n calls gets through with (1 - share)^n:
            // at 70 % a group member add (5 calls since it re-reads the added users) never did in 60 tries.
            proxy.clear()
                    .share(Fault.THROTTLING, 0.30)
                    .share(Fault.INTERNAL_SERVER_ERROR, 0.30)
                    .share(Fault.TRANSACTION_CONFLICT, 0.25);
            oktaSequence(okta, run, "storm", 4, 1);
            proxy.clear();

            assertThat(proxy.injected()).as("every fault kind was injected").containsOnlyKeys(EnumSet.allOf(Fault.class));
            assertThat(statusCounts(run.answers)).as("the storm reached the client as 429 and 503").containsKeys(429, 503);
            assertCleanAnswers(run);
            assertConsistent(engine.client(), table, okta, run);
            System.out.println("Fault injection: " + proxy.calls() + " DynamoDB calls, injected " + proxy.injected()
                    + "; answers " + statusCounts(run.answers) + ", slowest "
                    + run.answers.stream().mapToLong(Answer::millis).max().orElse(0) + " ms");
        }
    }

    @Test
    void throttlingAtTenThirtyAndSixtyPercentIsAnsweredCleanly() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        StringBuilder report = new StringBuilder("share | requests | first answers | latency p50 / p95 / max (ms) | client tries per operation (max)\n");
        for (double share : new double[] {0.10, 0.30, 0.60}) {
            String table = engine.createTable("throttled");
            try (FaultProxy proxy = FaultProxy.start(engine.endpoint(), 7);
                 DynamoDbClient viaProxy = handlerClient(proxy);
                 LocalApi api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                         new Wiring(viaProxy, table, Clock.systemUTC()))) {
                proxy.share(Fault.THROTTLING, share);
                ScimHttp okta = new ScimHttp(api.baseUrl(), api.token());
                Run run = new Run();
                oktaSequence(okta, run, "t", 10, 2);
                proxy.clear();

                assertCleanAnswers(run);
                assertConsistent(engine.client(), table, okta, run);
                report.append(summary(share, run)).append('\n');
            }
        }
        System.out.println("Throttling report (local engine, one client, sequential):\n" + report);
        Path out = Path.of("target", "fault-injection-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /**
     * Okta's order: look the user up, create, update, deactivate; then push groups and their members. Each
     * operation is retried (a short pause instead of the full Retry-After, to keep the test fast) until it
     * succeeds; a create retried after a 503 may find its own earlier write (409), which Okta resolves by
     * looking the name up again.
     */
    private static void oktaSequence(ScimHttp okta, Run run, String prefix, int users, int groups) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String userName = prefix + "-user" + i + "@example.com";
            names.add(userName);
            untilDone(run, "GET filter", () -> okta.get("/Users?" + ScimHttp.query("userName eq \"" + userName + "\"")), 200);
            ScimHttp.Response created = untilDone(run, "POST /Users", () -> okta.post("/Users", user(userName, "Jane", true)), 201, 409);
            String id = created.status() == 201 ? created.json().get("id").textValue() : lookUp(okta, run, "/Users", "userName", userName);
            if (created.status() == 201) {
                run.createdIds.add(id);
            }
            run.users.put(userName, id);
            untilDone(run, "PUT /Users/{id}", () -> okta.put("/Users/" + id, user(userName, "Janet", true)), 200);
            untilDone(run, "PATCH deactivate", () -> okta.patch("/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations":[{"op":"replace","value":{"active":false}}]}"""), 200);
        }
        for (int g = 0; g < groups; g++) {
            String displayName = prefix + "-group" + g;
            ScimHttp.Response created = untilDone(run, "POST /Groups", () -> okta.post("/Groups", """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[]}"""
                    .formatted(displayName)), 201, 409);
            String id = created.status() == 201 ? created.json().get("id").textValue()
                    : lookUp(okta, run, "/Groups", "displayName", displayName);
            if (created.status() == 201) {
                run.createdIds.add(id);
            }
            run.groups.put(displayName, id);
            StringBuilder members = new StringBuilder();
            for (String name : names.subList(g, Math.min(names.size(), g + 4))) {
                members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(run.users.get(name)).append("\"}");
            }
            untilDone(run, "PATCH group members", () -> okta.patch("/Groups/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations":[{"op":"add","path":"members","value":[%s]}]}""".formatted(members)), 200, 204);
        }
    }

    private static String lookUp(ScimHttp okta, Run run, String path, String attribute, String value) {
        ScimHttp.Response found = untilDone(run, "GET filter", () -> okta.get(path + "?"
                + ScimHttp.query(attribute + " eq \"" + value + "\"")), 200);
        JsonNode resources = found.json().get("Resources");
        assertThat(resources).as(value + " exists after its create answered 409").hasSize(1);
        return resources.get(0).get("id").textValue();
    }

    private static ScimHttp.Response untilDone(Run run, String what, Supplier<ScimHttp.Response> call, int... done) {
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            ScimHttp.Response response = call.get();
            long millis = (System.nanoTime() - started) / 1_000_000;
            synchronized (run) {
                run.answers.add(new Answer(what, response.status(), response.retryAfter(), millis));
            }
            if (response.status() == 409) {
                // only the retry of a create whose earlier try was written after all; a conflict between
                // transactions is never a 409
                assertThat(attempt).as(what + " conflicted on its first try: " + response.body()).isGreaterThan(1);
            }
            for (int status : done) {
                if (response.status() == status) {
                    return response;
                }
            }
            assertThat(response.status()).as(what + " answered " + response.body()).isIn(429, 503);
            assertThat(attempt).as(what + " still failing after " + CLIENT_TRIES + " tries").isLessThan(CLIENT_TRIES);
            pause(50);
        }
    }

    private static void assertCleanAnswers(Run run) {
        for (Answer answer : run.answers) {
            assertThat(answer.status()).as(answer.toString()).satisfiesAnyOf(
                    status -> assertThat(status).isLessThan(500),
                    status -> assertThat(status).isEqualTo(503));
            assertThat(answer.status()).as(answer + ": no precondition was sent").isNotEqualTo(412);
            if (answer.status() == 429 || answer.status() == 503) {
                assertThat(answer.retryAfter()).as(answer + " carries Retry-After").isNotNull();
                assertThat(Integer.parseInt(answer.retryAfter())).isBetween(1, 10);
            }
            assertThat(Duration.ofMillis(answer.millis())).as(answer.toString()).isLessThan(ANSWER_BOUND);
        }
    }

    /**
     * The table after the run, read directly from the engine: every resource Okta was told about is readable,
     * every lock points at a resource with that name, every resource holds its lock, and every membership
     * has its group and its user.
     */
    private static void assertConsistent(DynamoDbClient dynamo, String table, ScimHttp okta, Run run) {
        for (String id : run.createdIds) {
            boolean user = run.users.containsValue(id);
            assertThat(okta.get((user ? "/Users/" : "/Groups/") + id).status()).as("201 " + id + " readable").isEqualTo(200);
        }
        for (Map.Entry<String, String> user : run.users.entrySet()) {
            JsonNode stored = okta.get("/Users/" + user.getValue()).json();
            assertThat(stored.get("active").booleanValue()).as(user.getKey() + " deactivated").isFalse();
            assertThat(stored.get("name").get("givenName").textValue()).isEqualTo("Janet");
        }
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> items.put(item.get("PK").s() + "|" + item.get("SK").s(), item));
        String prefix = "T#" + TENANT + "#";
        int resources = 0;
        for (Map<String, AttributeValue> item : items.values()) {
            String pk = item.get("PK").s();
            String sk = item.get("SK").s();
            if (!pk.startsWith(prefix)) {
                continue;
            }
            switch (sk) {
                case "U", "G" -> {
                    resources++;
                    String attribute = sk.equals("U") ? "userName" : "displayName";
                    String name = readDoc(item).get(attribute).textValue();
                    // a userName is locked (SK UN); a displayName, which groups may share, has one record per group (SK GN#<id>)
                    Map<String, AttributeValue> lock = items.get(prefix + sk + "N#" + name.toLowerCase(java.util.Locale.ROOT)
                            + "|" + sk + "N" + (sk.equals("G") ? "#" + item.get("id").s() : ""));
                    assertThat(lock).as(pk + " holds its " + attribute + " lock").isNotNull();
                    assertThat(lock.get("ownerId").s()).isEqualTo(item.get("id").s());
                }
                case "UN", "GN" -> {
                    String kind = sk.substring(0, 1);
                    String owner = item.get("ownerId").s();
                    assertThat(items).as("lock " + pk + " has its resource").containsKey(prefix + kind + "#" + owner + "|" + kind);
                }
                default -> {
                    if (sk.startsWith("GN#")) {
                        assertThat(items).as("name record " + pk + " has its group")
                                .containsKey(prefix + "G#" + item.get("ownerId").s() + "|G");
                    }
                    if (sk.startsWith("M#")) {
                        assertThat(items).as("membership " + pk + " " + sk + " has its group").containsKey(pk + "|G");
                        assertThat(items).as("membership " + pk + " " + sk + " has its user")
                                .containsKey(prefix + "U#" + sk.substring(2) + "|U");
                    }
                }
            }
        }
        assertThat(resources).as("one item per user and group Okta knows").isEqualTo(run.users.size() + run.groups.size());
        for (String group : run.groups.values()) {
            JsonNode members = okta.get("/Groups/" + group).json().get("members");
            assertThat(members).as("group " + group + " has its pushed members").isNotNull();
            assertThat(members.size()).isBetween(1, 4);
        }
    }

    private static JsonNode readDoc(Map<String, AttributeValue> item) {
        try {
            return dev.scimaws.scim.Json.MAPPER.readTree(item.get("doc").s());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String user(String userName, String givenName, boolean active) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"%s","familyName":"Doe"},"emails":[{"primary":true,"value":"%s","type":"work"}],
                 "active":%s}""".formatted(userName, givenName, userName, active);
    }

    private static Map<Integer, Long> statusCounts(List<Answer> answers) {
        Map<Integer, Long> counts = new TreeMap<>();
        answers.forEach(answer -> counts.merge(answer.status(), 1L, Long::sum));
        return counts;
    }

    private static String summary(double share, Run run) {
        List<Long> latencies = run.answers.stream().map(Answer::millis).sorted().toList();
        Map<String, Integer> tries = new HashMap<>();
        int maxTries = 0;
        int operations = 0;
        for (Answer answer : run.answers) {
            // consecutive answers to the same operation are its tries; a success ends it
            tries.merge(answer.what(), 1, Integer::sum);
            if (answer.status() < 300 || answer.status() == 409) {
                maxTries = Math.max(maxTries, tries.remove(answer.what()));
                operations++;
            }
        }
        return "%.0f %% | %d | %s | %d / %d / %d | %.2f (%d)".formatted(share * 100, run.answers.size(),
                statusCounts(run.answers), percentile(latencies, 0.50), percentile(latencies, 0.95),
                latencies.get(latencies.size() - 1), (double) run.answers.size() / operations, maxTries);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
