package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.TickingClock;
import dev.scimaws.testing.Eventually;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Okta's group push and Entra's group provisioning over real HTTP against the local API (authorizer,
 * then the proxy event) on a real DynamoDB engine, as SCIM-CLIENTS.md describes them.
 */
class GroupsLifecycleIT {

    private static final String SCIM_JSON = "application/scim+json";
    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":%s}";
    private static final CallCounter calls = new CallCounter();
    private static LocalApi api;
    private static ScimHttp okta;
    private static TenantTwin twin;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("groups-e2e");
        api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(calls), table, TickingClock.fromNow()));
        okta = new ScimHttp(api.baseUrl(), api.token());
        twin = TenantTwin.of(api, DynamoEngine.get().client(), List.of("jane.push@example.org", "alice.entra@example.org"),
                List.of("Push Sales", "Entra Group", "Race"));
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

    private static String user(String userName) {
        ScimHttp.Response created = okta.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"%s",
                 "active":true,"groups":[],"password":"Okta-placeholder-1"}""".formatted(userName, userName.split("@")[0]));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").textValue();
    }

    private static List<String> memberIds(String groupId) {
        ScimHttp.Response read = okta.get("/Groups/" + groupId + "?attributes=members");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode group = read.json();
        assertThat(group.get("id").textValue()).isEqualTo(groupId);
        List<String> ids = new ArrayList<>();
        if (group.has("members")) {
            group.get("members").forEach(m -> ids.add(m.get("value").textValue()));
        }
        return ids;
    }

    private static void assertScimError(ScimHttp.Response response, int status, String scimType) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(SCIM_JSON);
        JsonNode error = response.json();
        assertThat(error.get("schemas").get(0).textValue()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").textValue()).isEqualTo(Integer.toString(status));
        assertThat(error.get("detail").textValue()).isNotBlank();
        if (scimType != null) {
            assertThat(error.get("scimType").textValue()).isEqualTo(scimType);
        }
    }

    @Test
    void oktaGroupPushEndToEnd() {
        String jane = user("jane.push@example.org");
        String john = user("john.push@example.org");
        String ann = user("ann.push@example.org");

        // Connection test, then link: filter miss
        ScimHttp.Response connection = okta.get("/Groups?startIndex=1&count=100");
        assertThat(connection.status()).isEqualTo(200);
        assertThat(connection.contentType()).startsWith(SCIM_JSON);
        JsonNode miss = okta.get("/Groups?" + ScimHttp.query("displayName eq \"Push Sales\"")).json();
        assertThat(miss.get("totalResults").intValue()).isZero();
        assertThat(miss.get("Resources")).isEmpty();

        // Create with members: []
        ScimHttp.Response created = okta.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Push Sales","members":[]}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith(SCIM_JSON);
        String group = created.json().get("id").textValue();
        assertThat(created.location()).isEqualTo(api.baseUrl() + "/Groups/" + group);
        assertThat(created.json().at("/meta/resourceType").textValue()).isEqualTo("Group");
        assertThat(created.etag()).isEqualTo("W/\"1\"");
        ScimHttp.Response namesake = okta.post("/Groups", "{\"displayName\":\"push sales\",\"members\":[]}");
        assertThat(namesake.status()).as("displayName is not unique (RFC 7643)").isEqualTo(201);
        JsonNode both = okta.get("/Groups?" + ScimHttp.query("displayName eq \"Push Sales\"")).json();
        assertThat(both.get("totalResults").intValue()).isEqualTo(2);
        assertThat(okta.delete("/Groups/" + namesake.json().get("id").textValue()).status()).isEqualTo(204);

        // Link: filter hit, in another case
        JsonNode hit = okta.get("/Groups?" + ScimHttp.query("displayName eq \"PUSH SALES\"")).json();
        assertThat(hit.get("totalResults").intValue()).isEqualTo(1);
        assertThat(hit.at("/Resources/0/id").textValue()).isEqualTo(group);

        // Membership PATCH: add two
        ScimHttp.Response added = okta.patch("/Groups/" + group, PATCH_OP.formatted("""
                [{"op":"add","path":"members","value":[{"value":"%s","display":"jane.push@example.org"},
                                                       {"value":"%s","display":"john.push@example.org"}]}]""".formatted(jane, john)));
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.etag()).isEqualTo("W/\"2\"");
        assertThat(memberIds(group)).containsExactlyInAnyOrder(jane, john);

        // Rename with the group's own id in the value
        ScimHttp.Response renamed = okta.patch("/Groups/" + group, PATCH_OP.formatted(
                "[{\"op\":\"replace\",\"value\":{\"id\":\"" + group + "\",\"displayName\":\"Push Sales EMEA\"}}]"));
        assertThat(renamed.status()).isEqualTo(204);
        JsonNode afterRename = okta.get("/Groups/" + group + "?excludedAttributes=members").json();
        assertThat(afterRename.get("displayName").textValue()).isEqualTo("Push Sales EMEA");
        assertThat(afterRename.has("members")).isFalse();

        // Remove-by-filter plus add, in one request
        ScimHttp.Response swapped = okta.patch("/Groups/" + group, PATCH_OP.formatted("""
                [{"op":"remove","path":"members[value eq \\"%s\\"]"},
                 {"op":"add","path":"members","value":[{"value":"%s","display":"ann.push@example.org"}]}]""".formatted(jane, ann)));
        assertThat(swapped.status()).isEqualTo(204);
        assertThat(memberIds(group)).containsExactlyInAnyOrder(john, ann);

        // Full replace of members
        ScimHttp.Response replaced = okta.patch("/Groups/" + group, PATCH_OP.formatted("""
                [{"op":"replace","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]""".formatted(jane, ann)));
        assertThat(replaced.status()).isEqualTo(204);
        assertThat(memberIds(group)).containsExactlyInAnyOrder(jane, ann);

        // The full resource, and the user's side of it
        JsonNode full = okta.get("/Groups/" + group).json();
        assertThat(full.get("members")).hasSize(2);
        assertThat(full.at("/members/0/$ref").textValue()).startsWith(api.baseUrl() + "/Users/");
        // a user's groups come from the inverse membership index: tolerate its delay
        JsonNode janeRead = Eventually.await(() -> okta.get("/Users/" + jane).json(), user -> user.path("groups").size() == 1);
        assertThat(janeRead.get("groups")).hasSize(1);
        assertThat(janeRead.at("/groups/0/display").textValue()).isEqualTo("Push Sales EMEA");

        // Apps built with Okta's wizard PUT the group instead
        ObjectNode echoed = (ObjectNode) full.deepCopy();
        echoed.put("displayName", "Push Sales Global");
        echoed.putArray("members").addObject().put("value", john);
        ScimHttp.Response put = okta.put("/Groups/" + group, echoed.toString());
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("displayName").textValue()).isEqualTo("Push Sales Global");
        assertThat(memberIds(group)).containsExactly(john);

        // Delete
        assertThat(okta.delete("/Groups/" + group).status()).isEqualTo(204);
        assertScimError(okta.get("/Groups/" + group), 404, null);
        assertScimError(okta.delete("/Groups/" + group), 404, null);
        ScimHttp.Response johnAfter = Eventually.await(() -> okta.get("/Users/" + john), user -> !user.json().has("groups"));
        assertThat(johnAfter.status()).as(johnAfter.body()).isEqualTo(200);
        assertThat(johnAfter.json().get("id").textValue()).isEqualTo(john);
        assertThat(johnAfter.json().has("groups")).isFalse();
    }

    @Test
    void entraGroupForms() {
        String alice = user("alice.entra@example.org");
        String bob = user("bob.entra@example.org");
        String carol = user("carol.entra@example.org");
        String group = okta.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                 "displayName":"Entra Group","members":[],"meta":{"resourceType":"Group"}}""").json().get("id").textValue();

        // Entra reads with members excluded: absent, and not read
        calls.reset();
        // externalId is looked up in an index, which DynamoDB brings up to date a moment after the create
        JsonNode byExternalId = Eventually.await(() -> okta.get("/Groups?excludedAttributes=members&"
                + ScimHttp.query("externalId eq \"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159\"")).json(),
                list -> list.path("totalResults").intValue() == 1);
        assertThat(byExternalId.get("totalResults").intValue()).isEqualTo(1);
        assertThat(byExternalId.at("/Resources/0").has("members")).isFalse();
        assertThat(calls.snapshot()).as("the externalId index only").isEqualTo(Map.of("Query", 1L));
        JsonNode byName = okta.get("/Groups?excludedAttributes=members&" + ScimHttp.query("displayName eq \"Entra Group\"")).json();
        assertThat(byName.at("/Resources/0/id").textValue()).isEqualTo(group);

        // Add of several, capitalised op
        assertThat(okta.patch("/Groups/" + group, PATCH_OP.formatted("""
                [{"op":"Add","path":"members","value":[{"value":"%s"},{"value":"%s"},{"value":"%s"}]}]"""
                .formatted(alice, bob, carol))).status()).isEqualTo(204);
        assertThat(memberIds(group)).containsExactlyInAnyOrder(alice, bob, carol);

        // Remove with path members and a value list, $ref null tolerated
        assertThat(okta.patch("/Groups/" + group, PATCH_OP.formatted("""
                [{"op":"Remove","path":"members","value":[{"value":"%s","$ref":null}]}]""".formatted(alice))).status())
                .isEqualTo(204);
        assertThat(memberIds(group)).containsExactlyInAnyOrder(bob, carol);

        // Replace of displayName, then externalId, capitalised
        assertThat(okta.patch("/Groups/" + group, PATCH_OP.formatted(
                "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Entra Group 2\"}]")).status()).isEqualTo(204);
        assertThat(okta.get("/Groups/" + group + "?excludedAttributes=members").json().get("displayName").textValue())
                .isEqualTo("Entra Group 2");

        // Remove of all members
        assertThat(okta.patch("/Groups/" + group, PATCH_OP.formatted("[{\"op\":\"Remove\",\"path\":\"members\"}]")).status())
                .isEqualTo(204);
        assertThat(memberIds(group)).isEmpty();

        // A random GUID: 200 with an empty list, and 404 on read
        JsonNode none = okta.get("/Groups?" + ScimHttp.query("id eq \"f7c1ad8c-1d5a-4e2b-9c3b-2f4a5b6c7d8e\"")).json();
        assertThat(none.get("totalResults").intValue()).isZero();
        assertScimError(okta.get("/Groups/f7c1ad8c-1d5a-4e2b-9c3b-2f4a5b6c7d8e"), 404, null);
    }

    @Test
    void badMemberInputIsRefusedAndChangesNothing() {
        String jane = user("jane.bad@example.org");
        String group = okta.post("/Groups", "{\"displayName\":\"Bad Input\",\"members\":[{\"value\":\"" + jane + "\"}]}")
                .json().get("id").textValue();
        String other = okta.post("/Groups", "{\"displayName\":\"Other\"}").json().get("id").textValue();

        ScimHttp.Response unknown = okta.patch("/Groups/" + group, PATCH_OP.formatted("""
                [{"op":"remove","path":"members[value eq \\"%s\\"]"},
                 {"op":"add","path":"members","value":[{"value":"00u-unknown-1"},{"value":"00u-unknown-2"}]}]""".formatted(jane)));
        assertScimError(unknown, 400, "invalidValue");
        assertThat(unknown.json().get("detail").textValue()).contains("00u-unknown-1", "00u-unknown-2");
        assertScimError(okta.patch("/Groups/" + group, PATCH_OP.formatted(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}]")), 400, "invalidValue");
        assertScimError(okta.patch("/Groups/" + group, "{\"Operations\":\"not-a-list\"}"), 400, "invalidSyntax");
        assertScimError(okta.patch("/Groups/no-such-group", PATCH_OP.formatted("[{\"op\":\"remove\",\"path\":\"members\"}]")), 404, null);
        assertScimError(okta.post("/Groups", "{\"displayName\": 42}"), 400, "invalidValue");

        ScimHttp.Response after = okta.get("/Groups/" + group);
        assertThat(after.etag()).isEqualTo("W/\"1\"");
        assertThat(memberIds(group)).containsExactly(jane);
    }

    @Test
    void twelveConcurrentPatchesAddingDifferentMembersAllSurvive() throws Exception {
        int writers = 12;
        List<String> members = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            members.add(user("race" + i + "@example.org"));
        }
        String group = okta.post("/Groups", "{\"displayName\":\"Race\",\"members\":[]}").json().get("id").textValue();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch ready = new CountDownLatch(writers);
        List<Callable<Integer>> patches = new ArrayList<>();
        for (String member : members) {
            patches.add(() -> {
                ready.countDown();
                ready.await();
                return okta.patch("/Groups/" + group, PATCH_OP.formatted(
                        "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}]")).status();
            });
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : pool.invokeAll(patches)) {
            statuses.add(result.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(204);
        assertThat(memberIds(group)).containsExactlyInAnyOrderElementsOf(members);
        assertThat(okta.get("/Groups/" + group + "?excludedAttributes=members").etag()).isEqualTo("W/\"" + (writers + 1) + "\"");
    }

    @Test
    void userGetReadsGroupsWithinItsBudget() {
        String jane = user("jane.budget@example.org");
        okta.post("/Groups", "{\"displayName\":\"Budget A\",\"members\":[{\"value\":\"" + jane + "\"}]}");
        okta.get("/Users?count=0"); // warm the tenant's schema cache
        // the groups come from an index: wait until it shows the membership, then count one read
        Eventually.await(() -> okta.get("/Users/" + jane).json(), user -> user.path("groups").size() == 1);

        calls.reset();
        assertThat(okta.get("/Users/" + jane).json().get("groups")).hasSize(1);
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L, "Query", 1L, "BatchGetItem", 1L));

        calls.reset();
        ScimHttp.Response withoutGroups = okta.get("/Users/" + jane + "?excludedAttributes=groups");
        assertThat(withoutGroups.status()).as(withoutGroups.body()).isEqualTo(200);
        assertThat(withoutGroups.json().get("id").textValue()).isEqualTo(jane);
        assertThat(withoutGroups.json().has("groups")).isFalse();
        assertThat(calls.snapshot()).isEqualTo(Map.of("GetItem", 1L));
    }
}
