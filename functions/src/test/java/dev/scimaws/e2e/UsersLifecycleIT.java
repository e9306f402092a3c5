package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.TickingClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Okta user lifecycle over real HTTP against the local API (authorizer, then the proxy event the
 * Lambda gets) on a real DynamoDB engine, with the handlers' DynamoDB calls counted.
 */
class UsersLifecycleIT {

    private static final String SCIM_JSON = "application/scim+json";
    private static final CallCounter calls = new CallCounter();
    private static LocalApi api;
    private static ScimHttp okta;
    private static TenantTwin twin;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("users-e2e");
        Wiring authorizer = new Wiring(engine.client(), table, Clock.systemUTC());
        Wiring handlers = new Wiring(engine.client(calls), table, TickingClock.fromNow()); // budgets: no wall time
        api = LocalApi.start(0, authorizer, handlers);
        okta = new ScimHttp(api.baseUrl(), api.token());
        twin = TenantTwin.of(api, DynamoEngine.get().client(), List.of("jane.lifecycle@example.org", "ghost@example.org", "budget@example.org"),
                List.of("Engineering"));
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.assertUntouchedBy(LocalApi.TENANT);
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        calls.reset();
    }

    private static String userJson(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "userName":"%s","name":{"givenName":"Jane","familyName":"Doe"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],
                 "displayName":"Jane Doe","locale":"en-US","externalId":"00u%s",
                 "groups":[],"password":"Okta-placeholder-1","active":true}""".formatted(userName, userName,
                Integer.toHexString(userName.hashCode()));
    }

    private static void assertScimError(ScimHttp.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(SCIM_JSON);
        JsonNode error = response.json();
        assertThat(error.get("schemas").get(0).textValue()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").isTextual()).isTrue();
        assertThat(error.get("status").textValue()).isEqualTo(Integer.toString(status));
        assertThat(error.get("detail").textValue()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void oktaUserLifecycleEndToEnd() {
        // Connection test
        ScimHttp.Response connection = okta.get("/Users?startIndex=1&count=2");
        assertThat(connection.status()).isEqualTo(200);
        assertThat(connection.contentType()).startsWith(SCIM_JSON);
        assertThat(connection.json().get("totalResults").isIntegralNumber()).isTrue();

        // Filter miss, then create
        String filter = "/Users?" + ScimHttp.query("userName eq \"jane.lifecycle@example.org\"") + "&startIndex=1&count=100";
        JsonNode miss = okta.get(filter).json();
        assertThat(miss.get("totalResults").intValue()).isZero();
        assertThat(miss.get("Resources")).isEmpty();

        ScimHttp.Response created = okta.post("/Users", userJson("jane.lifecycle@example.org"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith(SCIM_JSON);
        JsonNode user = created.json();
        String id = user.get("id").textValue();
        assertThat(created.location()).isEqualTo(api.baseUrl() + "/Users/" + id);
        assertThat(user.has("password")).isFalse();
        assertThat(user.at("/meta/resourceType").textValue()).isEqualTo("User");
        assertThat(user.at("/meta/version").textValue()).isEqualTo(created.etag());

        // Duplicate, in another case
        ScimHttp.Response duplicate = okta.post("/Users", userJson("JANE.LIFECYCLE@example.org"));
        assertScimError(duplicate, 409);
        assertThat(duplicate.json().get("scimType").textValue()).isEqualTo("uniqueness");

        // Case-insensitive filter hit
        JsonNode hit = okta.get("/Users?" + ScimHttp.query("userName eq \"Jane.Lifecycle@EXAMPLE.org\"")).json();
        assertThat(hit.get("totalResults").intValue()).isEqualTo(1);
        assertThat(hit.at("/Resources/0/id").textValue()).isEqualTo(id);

        // Get, then PUT back exactly what was read plus a change (Okta's profile update)
        ScimHttp.Response got = okta.get("/Users/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.etag()).isEqualTo("W/\"1\"");
        ObjectNode echoed = (ObjectNode) got.json();
        ((ObjectNode) echoed.get("name")).put("givenName", "Janet");
        echoed.putArray("groups");
        ScimHttp.Response put = okta.put("/Users/" + id, echoed.toString());
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().at("/name/givenName").textValue()).isEqualTo("Janet");
        assertThat(put.etag()).isEqualTo("W/\"2\"");

        // Deactivate: stays readable
        ScimHttp.Response deactivated = okta.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.json().get("active").booleanValue()).isFalse();
        assertThat(okta.get("/Users/" + id).json().get("active").booleanValue()).isFalse();

        // Reactivate
        ScimHttp.Response reactivated = okta.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":true}}]}""");
        assertThat(reactivated.json().get("active").booleanValue()).isTrue();

        // PUT never creates; unknown ids of any shape are SCIM 404s
        assertScimError(okta.put("/Users/010101001010101011001010101011", userJson("ghost@example.org")), 404);
        assertScimError(okta.get("/Users/010101001010101011001010101011"), 404);

        // Bad or missing token
        assertScimError(okta.withToken(null).get("/Users?startIndex=1&count=2"), 401);
        assertScimError(okta.withToken("scimaws_not-a-real-token").get("/Users?startIndex=1&count=2"), 401);

        // Entra's hard delete
        assertThat(okta.delete("/Users/" + id).status()).isEqualTo(204);
        assertScimError(okta.get("/Users/" + id), 404);
    }

    @Test
    void plainJsonContentTypeIsAccepted() {
        ScimHttp.Response created = okta.send("POST", "/Users", userJson("plain.json@example.org"), "application/json");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith(SCIM_JSON);
    }

    @Test
    void twentyParallelCreatesOfOneUserNameGiveOneWinner() throws Exception {
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch ready = new CountDownLatch(writers);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String userName = i % 2 == 0 ? "race@example.org" : "RACE@example.org";
            attempts.add(() -> {
                ready.countDown();
                ready.await();
                return okta.post("/Users", userJson(userName)).status();
            });
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : pool.invokeAll(attempts)) {
            statuses.add(result.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(writers - 1);
        JsonNode stored = okta.get("/Users?" + ScimHttp.query("userName eq \"race@example.org\"")).json();
        assertThat(stored.get("totalResults").intValue()).isEqualTo(1);
    }

    @Test
    void badInputGetsScimErrorsAndWritesNothing() {
        String id = okta.post("/Users", userJson("bad.input@example.org")).json().get("id").textValue();

        assertScimError(okta.post("/Users", "{\"userName\": \"x\","), 400);
        assertThat(okta.post("/Users", "{\"userName\": \"x\",").json().get("scimType").textValue()).isEqualTo("invalidSyntax");
        assertScimError(okta.post("/Users", "[1,2,3]"), 400);
        assertScimError(okta.post("/Users", "{\"userName\": 42}"), 400);
        assertScimError(okta.post("/Users", "{\"userName\": \"typed@example.org\", \"active\": \"maybe\"}"), 400);
        assertScimError(okta.post("/Users", "{\"name\": {\"givenName\": \"No userName\"}}"), 400);
        assertScimError(okta.post("/Users", "{\"userName\": \"" + "x".repeat(1_100_000) + "\"}"), 413);
        assertScimError(okta.get("/Users?" + ScimHttp.query("userName eq")), 400);
        assertThat(okta.get("/Users?" + ScimHttp.query("userName xx \"a\"")).json().get("scimType").textValue())
                .isEqualTo("invalidFilter");
        assertScimError(okta.get("/Users?startIndex=abc"), 400);
        assertScimError(okta.patch("/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}]}"), 400);
        assertScimError(okta.patch("/Users/" + id, "{\"Operations\":[{\"op\":\"jump\",\"path\":\"displayName\"}]}"), 400);
        assertScimError(okta.patch("/Users/" + id, "{\"Operations\":\"not-a-list\"}"), 400);
        assertScimError(okta.patch("/Users/no-such-user", "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"), 404);
        assertScimError(okta.delete("/Users/no-such-user"), 404);

        // All-or-nothing: the first operation is valid, the second is not
        assertScimError(okta.patch("/Users/" + id, """
                {"Operations":[{"op":"replace","path":"displayName","value":"Changed"},
                               {"op":"replace","path":"active","value":"perhaps"}]}"""), 400);
        ScimHttp.Response after = okta.get("/Users/" + id);
        assertThat(after.etag()).isEqualTo("W/\"1\"");
        assertThat(after.json().get("displayName").textValue()).isEqualTo("Jane Doe");

        // Unknown attributes, nulls and other extension URNs are ignored, not rejected
        ScimHttp.Response lenient = okta.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:unknown:2.0:User"],
                 "userName":"lenient@example.org","nickName":null,"favouriteColour":"teal","roles":[],
                 "urn:example:unknown:2.0:User":{"x":1}}""");
        assertThat(lenient.status()).isEqualTo(201);
        assertThat(lenient.json().has("favouriteColour")).isFalse();
    }

    @Test
    void dynamoDbCallsPerRequestStayWithinTheBudget() {
        // The tenant's extension schemas are read once per execution environment and reused for 30 s
        // (TenantUserRules): the budget below is that of a warm environment.
        okta.get("/Users?count=0");
        calls.reset();
        okta.get("/Users?" + ScimHttp.query("userName eq \"budget@example.org\""));
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L));

        calls.reset();
        String id = okta.post("/Users", userJson("budget@example.org")).json().get("id").textValue();
        assertThat(calls.snapshot()).isEqualTo(Map.of("TransactWriteItems", 1L));

        calls.reset();
        okta.get("/Users?" + ScimHttp.query("userName eq \"budget@example.org\""));
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 2L));

        calls.reset();
        okta.get("/Users/" + id);
        assertThat(calls.snapshot()).as("the user, and its groups (none: no BatchGetItem of group names)")
                .isEqualTo(Map.of("GetItem", 1L, "Query", 1L));

        calls.reset();
        okta.get("/Users/" + id + "?excludedAttributes=groups");
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L));

        calls.reset();
        okta.patch("/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
        assertThat(calls.snapshot()).as("+ the groups the response returns by default")
                .isEqualTo(Map.of("GetItem", 1L, "PutItem", 1L, "Query", 1L));

        calls.reset();
        okta.patch("/Users/" + id + "?excludedAttributes=groups",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"budget2@example.org\"}]}");
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L, "TransactWriteItems", 1L));

        calls.reset();
        JsonNode current = okta.get("/Users/" + id).json();
        calls.reset();
        okta.put("/Users/" + id, current.toString().replace("Jane Doe", "Jane Q. Doe"));
        assertThat(calls.snapshot()).as("a rename: its memberships to refresh (none), then the groups of the response")
                .isEqualTo(Map.of("GetItem", 1L, "PutItem", 1L, "Query", 2L));
    }

    @Test
    void sequentialImportReadsEachPageOnce() {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("users-import");
        CallCounter importCalls = new CallCounter();
        try (LocalApi importApi = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(importCalls), table, TickingClock.fromNow()))) {
            ScimHttp client = new ScimHttp(importApi.baseUrl(), importApi.token());
            int users = 1000;
            // Okta's connector test comes first, on the empty tenant: it starts the tenant's counts at 0
            assertThat(client.get("/Users?startIndex=1&count=2").json().get("totalResults").intValue()).isZero();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String userName = "import" + i + "@example.org";
                creates.add(pool.submit(() -> client.post("/Users", "{\"userName\":\"" + userName + "\"}").status()));
            }
            for (Future<Integer> create : creates) {
                assertThat(create.get()).isEqualTo(201);
            }
            pool.shutdown();

            importCalls.reset();
            Set<String> seen = new HashSet<>();
            List<String> order = new ArrayList<>();
            for (int start = 1; start <= users; start += 100) {
                JsonNode page = client.get("/Users?startIndex=" + start + "&count=100").json();
                assertThat(page.get("totalResults").intValue()).isEqualTo(users);
                assertThat(page.get("startIndex").intValue()).isEqualTo(start);
                assertThat(page.get("itemsPerPage").intValue()).isEqualTo(100);
                page.get("Resources").forEach(r -> {
                    seen.add(r.get("id").textValue());
                    order.add(r.get("meta").get("created").textValue());
                });
            }
            long importTotal = importCalls.total();
            System.out.println("Import of " + users + " users in pages of 100: " + importTotal
                    + " DynamoDB calls " + importCalls.snapshot());
            assertThat(seen).hasSize(users);
            assertThat(order).isSorted();
            // O(1) per page: at most 3 calls per page (position read, page query, position write) plus the first count
            assertThat(importTotal).isLessThanOrEqualTo(3L * (users / 100) + 1);

            // A page past the end and a count of zero
            JsonNode past = client.get("/Users?startIndex=" + (users + 1) + "&count=100").json();
            assertThat(past.get("Resources")).isEmpty();
            JsonNode totals = client.get("/Users?count=0").json();
            assertThat(totals.get("totalResults").intValue()).isEqualTo(users);
            assertThat(totals.get("Resources")).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
