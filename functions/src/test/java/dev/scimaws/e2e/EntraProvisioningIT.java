package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Entra ID's provisioning requests, in its exact shapes (capitalised ops, string booleans, a bare
 * manager id, null values), over real HTTP through the local API and the handlers, on the real engine.
 */
class EntraProvisioningIT {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[%s]}";
    private static final CallCounter calls = new CallCounter();
    private static LocalApi api;
    private static ScimHttp entra;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("entra-e2e");
        api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(calls), table, Clock.systemUTC()));
        entra = new ScimHttp(api.baseUrl(), api.token());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** Entra's create body: string boolean, a work email, an enterprise extension. */
    private static String createUser(String userName) {
        ScimHttp.Response created = entra.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
                 "externalId":"%s","userName":"%s","active":"True","displayName":"%s","title":null,
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "meta":{"resourceType":"User"},"roles":[],
                 "name":{"formatted":"Test User","familyName":"User","givenName":"Test"},
                 "%s":{"department":"Sales"}}""".formatted(ENTERPRISE, userName.split("@")[0], userName,
                userName.split("@")[0], userName, ENTERPRISE));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").textValue();
    }

    private static JsonNode patch(String path, String operations) {
        ScimHttp.Response response = entra.patch(path, PATCH_OP.formatted(operations));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode typed(JsonNode user, String attribute, String type) {
        for (JsonNode value : user.path(attribute)) {
            if (type.equals(value.path("type").textValue())) {
                return value;
            }
        }
        return null;
    }

    @Test
    void attributeChangesAsEntraSendsThem() {
        String id = createUser("alex@entra.example");
        String boss = createUser("boss@entra.example");
        String otherBoss = createUser("boss2@entra.example");

        JsonNode changed = patch("/Users/" + id, """
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"alex.new@entra.example"},
                {"op":"Replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0100"},
                {"op":"Add","path":"addresses[type eq \\"work\\"].streetAddress","value":"1 Microsoft Way"},
                {"op":"Add","path":"%s:manager","value":"%s"},
                {"op":"Replace","path":"active","value":"False"}""".formatted(ENTERPRISE, boss));
        assertThat(changed.get("emails")).hasSize(1);
        assertThat(typed(changed, "emails", "work").get("value").textValue()).isEqualTo("alex.new@entra.example");
        assertThat(typed(changed, "phoneNumbers", "mobile").get("value").textValue()).isEqualTo("+1 555 0100");
        assertThat(typed(changed, "addresses", "work").get("streetAddress").textValue()).isEqualTo("1 Microsoft Way");
        assertThat(changed.get(ENTERPRISE).get("manager").get("value").textValue()).isEqualTo(boss);
        assertThat(changed.get("active").booleanValue()).isFalse();

        JsonNode replaced = patch("/Users/" + id, "{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\""
                + otherBoss + "\"}");
        assertThat(replaced.get(ENTERPRISE).get("manager").get("value").textValue()).isEqualTo(otherBoss);

        JsonNode cleared = patch("/Users/" + id, """
                {"op":"Replace","path":"%s:manager","value":""},
                {"op":"Replace","path":"displayName","value":null},
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:core:2.0:User:name"}""".formatted(ENTERPRISE));
        assertThat(cleared.get(ENTERPRISE).has("manager")).isFalse();
        assertThat(cleared.get(ENTERPRISE).get("department").textValue()).isEqualTo("Sales");
        assertThat(cleared.has("displayName")).isFalse();
        assertThat(cleared.has("name")).isFalse();

        JsonNode stored = entra.get("/Users/" + id).json();
        assertThat(stored.get("emails").get(0).get("value").textValue()).isEqualTo("alex.new@entra.example");
        assertThat(stored.has("displayName")).isFalse();
    }

    @Test
    void removeWithAValueAndPrimaryDemotion() {
        String id = createUser("sam@entra.example");
        JsonNode added = patch("/Users/" + id, """
                {"op":"Add","path":"emails","value":[{"value":"sam@home.example","type":"home","primary":"True"}]}""");
        assertThat(typed(added, "emails", "home").get("primary").booleanValue()).isTrue();
        assertThat(typed(added, "emails", "work").get("primary").booleanValue()).isFalse();

        JsonNode removed = patch("/Users/" + id, """
                {"op":"Remove","path":"emails","value":[{"value":"sam@home.example"}]}""");
        assertThat(removed.get("emails")).hasSize(1);

        ScimHttp.Response wrongShape = entra.patch("/Users/" + id, PATCH_OP.formatted("""
                {"op":"Remove","path":"emails","value":42}"""));
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.json().get("scimType").textValue()).isEqualTo("invalidValue");
    }

    @Test
    void fullyQualifiedCoreAttributesInFilters() {
        String id = createUser("fq@entra.example");
        JsonNode found = entra.get("/Users?" + ScimHttp.query(
                "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"fq@entra.example\"")).json();
        assertThat(found.get("totalResults").intValue()).isEqualTo(1);
        assertThat(found.at("/Resources/0/id").textValue()).isEqualTo(id);
    }

    @Test
    void groupsOfAUserAreReturnedByDefaultAndFindTheGroupsMembers() {
        String member = createUser("member@entra.example");
        String outsider = createUser("outsider@entra.example");
        ScimHttp.Response group = entra.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Entra Readers",
                 "externalId":"g-1","members":[{"value":"%s"}]}""".formatted(member));
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        String groupId = group.json().get("id").textValue();

        JsonNode patched = patch("/Users/" + member, "{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Reader\"}");
        assertThat(patched.at("/groups/0/value").textValue()).isEqualTo(groupId);
        assertThat(patched.at("/groups/0/display").textValue()).isEqualTo("Entra Readers");

        calls.reset();
        JsonNode listed = entra.get("/Users?attributes=userName,groups&" + ScimHttp.query("userName eq \"member@entra.example\" or "
                + "userName eq \"outsider@entra.example\"")).json();
        assertThat(listed.get("totalResults").intValue()).isEqualTo(2);
        assertThat(calls.snapshot()).as("2 locks, 2 users, a membership Query each, the group names once")
                .isEqualTo(Map.of("GetItem", 4L, "Query", 2L, "BatchGetItem", 1L));
        calls.reset();
        JsonNode byDefault = entra.get("/Users?" + ScimHttp.query("userName eq \"member@entra.example\"")).json();
        assertThat(byDefault.at("/Resources/0").has("groups")).as("lists carry groups when asked").isFalse();
        assertThat(calls.snapshot()).as("lock and user, no membership read").isEqualTo(Map.of("GetItem", 2L));

        calls.reset();
        JsonNode members = entra.get("/Users?" + ScimHttp.query("groups.value eq \"" + groupId + "\"")
                + "&excludedAttributes=groups").json();
        assertThat(members.get("totalResults").intValue()).isEqualTo(1);
        assertThat(members.at("/Resources/0/id").textValue()).isEqualTo(member);
        assertThat(calls.snapshot()).as("the group's member items, then the members")
                .isEqualTo(Map.of("Query", 1L, "BatchGetItem", 1L));
        JsonNode narrowed = entra.get("/Users?" + ScimHttp.query("groups.value eq \"" + groupId
                + "\" and userName eq \"outsider@entra.example\"")).json();
        assertThat(narrowed.get("totalResults").intValue()).isZero();
        assertThat(outsider).isNotEqualTo(member);

        // The member's display follows a rename of the user: one index Query and one UpdateItem per group of the user.
        calls.reset();
        patch("/Users/" + member + "?excludedAttributes=groups", "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed Member\"}");
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L, "PutItem", 1L, "Query", 1L, "UpdateItem", 1L));
        assertThat(entra.get("/Groups/" + groupId).json().at("/members/0/display").textValue()).isEqualTo("Renamed Member");
        calls.reset();
        patch("/Users/" + member + "?excludedAttributes=groups", "{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Lead\"}");
        assertThat(calls.snapshot()).as("no rename, no refresh").isEqualTo(Map.of("GetItem", 1L, "PutItem", 1L));

        ScimHttp.Response unsupported = entra.get("/Users?" + ScimHttp.query("groups.display co \"Read\""));
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().get("scimType").textValue()).isEqualTo("invalidFilter");
    }

    @Test
    void groupsMayShareADisplayNameAndTheNameFilterSeesEachAtOnce() throws Exception {
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<ScimHttp.Response>> creates = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String spelling = i % 2 == 0 ? "All Staff" : "ALL STAFF";
            creates.add(pool.submit(() -> {
                start.await();
                ScimHttp.Response created = entra.post("/Groups", "{\"displayName\":\"" + spelling + "\",\"members\":[]}");
                // Okta and Entra look the name up right before and after they create: it must be there at once.
                JsonNode seen = entra.get("/Groups?excludedAttributes=members&" + ScimHttp.query("displayName eq \"all staff\"")).json();
                java.util.List<String> ids = new java.util.ArrayList<>();
                seen.get("Resources").forEach(g -> ids.add(g.get("id").textValue()));
                assertThat(ids).contains(created.json().get("id").textValue());
                return created;
            }));
        }
        start.countDown();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var create : creates) {
            ScimHttp.Response created = create.get();
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().get("id").textValue());
        }
        pool.shutdown();
        assertThat(ids).hasSize(writers);
        JsonNode all = entra.get("/Groups?excludedAttributes=members&" + ScimHttp.query("displayName eq \"All Staff\"")).json();
        assertThat(all.get("totalResults").intValue()).isEqualTo(writers);

        String renamed = ids.iterator().next();
        assertThat(entra.patch("/Groups/" + renamed, PATCH_OP.formatted(
                "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"All Staff (old)\"}")).status()).isEqualTo(204);
        assertThat(entra.get("/Groups?" + ScimHttp.query("displayName eq \"All Staff\"")).json().get("totalResults").intValue())
                .isEqualTo(writers - 1);
        assertThat(entra.delete("/Groups/" + renamed).status()).isEqualTo(204);
        assertThat(entra.get("/Groups?" + ScimHttp.query("displayName eq \"All Staff (old)\"")).json().get("totalResults").intValue())
                .isZero();
    }

    @Test
    void purgedMembersDoNotBlockTheValidChangesOfAGroupPatch() {
        String kept = createUser("kept@entra.example");
        String gone = createUser("gone@entra.example");
        String joining = createUser("joining@entra.example");
        String group = entra.post("/Groups", "{\"displayName\":\"Purge Test\",\"members\":[{\"value\":\"" + kept + "\"},"
                + "{\"value\":\"" + gone + "\"}]}").json().get("id").textValue();
        assertThat(entra.delete("/Users/" + gone).status()).isEqualTo(204);

        // Entra removes the purged member and adds another in one request: the removal of an unknown id is a no-op.
        ScimHttp.Response changed = entra.patch("/Groups/" + group, PATCH_OP.formatted("""
                {"op":"Remove","path":"members","value":[{"value":"%s"},{"value":"never-existed"}]},
                {"op":"Add","path":"members","value":[{"value":"%s"}]}""".formatted(gone, joining)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        java.util.List<String> members = new java.util.ArrayList<>();
        entra.get("/Groups/" + group).json().get("members").forEach(m -> members.add(m.get("value").textValue()));
        assertThat(members).containsExactlyInAnyOrder(kept, joining);

        // Adding an id that is no user is refused, naming it, and nothing of the request is written.
        String late = createUser("late@entra.example");
        ScimHttp.Response refused = entra.patch("/Groups/" + group, PATCH_OP.formatted("""
                {"op":"Add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}""".formatted(late, gone)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("scimType").textValue()).isEqualTo("invalidValue");
        assertThat(refused.json().get("detail").textValue()).contains(gone).doesNotContain(late);
        members.clear();
        entra.get("/Groups/" + group).json().get("members").forEach(m -> members.add(m.get("value").textValue()));
        assertThat(members).containsExactlyInAnyOrder(kept, joining);
    }
}
