package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.schema.CoreSchemas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groups over in-memory fakes: how each client's PATCH form is interpreted, and what it reads and writes. */
class GroupsServiceTest {

    private static final String BASE = "https://scim.example.com/scim/v2";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryUserStore userStore = new InMemoryUserStore();
    private final InMemoryGroupStore store = new InMemoryGroupStore(userStore);
    private final GroupsService groups = new GroupsService(store, new SchemaResourceRules(CoreSchemas.GROUP_TYPE), CLOCK);
    private final UsersService users = new UsersService(userStore, new SchemaResourceRules(CoreSchemas.USER_TYPE), CLOCK);
    private String jane;
    private String john;
    private String ann;

    @BeforeEach
    void people() throws Exception {
        jane = user("jane@example.org", "Jane Doe");
        john = user("john@example.org", null);
        ann = user("ann@example.org", "Ann Lee");
    }

    private String user(String userName, String displayName) throws Exception {
        String body = displayName == null ? "{\"userName\":\"%s\"}".formatted(userName)
                : "{\"userName\":\"%s\",\"displayName\":\"%s\"}".formatted(userName, displayName);
        return json(users.handle(request("POST", null, Map.of(), body))).get("id").textValue();
    }

    private static ScimRequest request(String method, String id, Map<String, String> query, String body) {
        return request(method, id, query, Map.of(), body);
    }

    private static ScimRequest request(String method, String id, Map<String, String> query, Map<String, String> headers,
                                       String body) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/scim+json");
        return new ScimRequest("acme", method, id, query, all, body, BASE, "req-1");
    }

    private ScimResponse call(String method, String id, Map<String, String> query, String body) throws ScimException {
        return groups.handle(request(method, id, query, body));
    }

    private ScimResponse patch(String id, String operations) throws ScimException {
        return call("PATCH", id, Map.of(), "{\"schemas\":[\"" + Patches.PATCH_SCHEMA + "\"],\"Operations\":" + operations + "}");
    }

    private static JsonNode json(ScimResponse response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private String createGroup(String displayName, String... members) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String member : members) {
            list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        ScimResponse created = call("POST", null, Map.of(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[%s]}"""
                .formatted(displayName, list));
        assertThat(created.status()).isEqualTo(201);
        return json(created).get("id").textValue();
    }

    private StoredResource stored(String id) {
        return store.get("acme", id).orElseThrow();
    }

    private static void assertScimError(ThrowingCallable call, int status, String scimType) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.getScimError().getStatus()).isEqualTo(status);
            assertThat(e.getScimError().getScimType()).isEqualTo(scimType);
        });
    }

    @Test
    void createAnswers201WithLocationAndTheMembersWithDisplayDerivedFromTheUser() throws Exception {
        ScimResponse created = call("POST", null, Map.of(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales","externalId":"00g1",
                 "members":[{"value":"%s","display":"whatever Okta sent"},{"value":"%s"}]}""".formatted(jane, john));
        JsonNode body = json(created);
        String id = body.get("id").textValue();
        assertThat(created.headers()).containsEntry("Location", BASE + "/Groups/" + id).containsEntry("ETag", "W/\"1\"");
        assertThat(body.get("schemas").get(0).textValue()).isEqualTo(CoreSchemas.GROUP_URN);
        assertThat(body.at("/meta/resourceType").textValue()).isEqualTo("Group");
        assertThat(body.get("externalId").textValue()).isEqualTo("00g1");
        assertThat(body.get("members")).hasSize(2);
        JsonNode first = body.get("members").get(0);
        assertThat(first.get("value").textValue()).isEqualTo(jane);
        assertThat(first.get("display").textValue()).isEqualTo("Jane Doe");
        assertThat(first.get("$ref").textValue()).isEqualTo(BASE + "/Users/" + jane);
        assertThat(first.get("type").textValue()).isEqualTo("User");
        assertThat(body.get("members").get(1).get("display").textValue()).as("userName without a displayName")
                .isEqualTo("john@example.org");
        assertThat(stored(id).body().has("members")).as("the group item never holds members").isFalse();
    }

    @Test
    void groupsMayShareADisplayNameAndTheNameFilterFindsEach() throws Exception {
        String first = createGroup("Sales");
        ScimResponse second = call("POST", null, Map.of(), "{\"displayName\":\"SALES\",\"members\":[]}");
        assertThat(second.status()).isEqualTo(201);
        JsonNode both = json(call("GET", null, Map.of("filter", "displayName eq \"sales\""), null));
        assertThat(both.get("totalResults").intValue()).isEqualTo(2);
        assertThat(List.of(both.at("/Resources/0/id").textValue(), both.at("/Resources/1/id").textValue()))
                .containsExactlyInAnyOrder(first, json(second).get("id").textValue());
        assertScimError(() -> call("POST", null, Map.of(), "{\"members\":[]}"), 400, "invalidValue");
    }

    @Test
    void oktaRemoveByFilterPlusAddIsOneRequestWithoutReadingTheMemberList() throws Exception {
        String group = createGroup("Sales", jane, john);
        store.memberListReads.set(0);

        ScimResponse patched = patch(group, """
                [{"op":"remove","path":"members[value eq \\"%s\\"]"},
                 {"op":"add","path":"members","value":[{"value":"%s","display":"Ann Lee"}]}]""".formatted(jane, ann));

        assertThat(patched.status()).isEqualTo(204);
        assertThat(patched.body()).isNull();
        assertThat(patched.headers()).containsEntry("ETag", "W/\"2\"");
        assertThat(store.memberIds("acme", group)).containsExactlyInAnyOrder(john, ann);
        assertThat(store.memberListReads).hasValue(0);
        assertThat(stored(group).version()).isEqualTo(2);
    }

    @Test
    void removeThenAddOfTheSameMemberKeepsIt() throws Exception {
        String group = createGroup("Sales", jane);
        patch(group, """
                [{"op":"remove","path":"members[value eq \\"%s\\"]"},{"op":"add","path":"members","value":[{"value":"%s"}]}]"""
                .formatted(jane, jane));
        assertThat(store.memberIds("acme", group)).containsExactly(jane);
    }

    @Test
    void oktaFullReplaceOfMembersWritesOnlyTheDifference() throws Exception {
        String group = createGroup("Sales", jane, john);
        store.memberWrites.set(0);

        patch(group, """
                [{"op":"replace","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]""".formatted(john, ann));

        assertThat(store.memberIds("acme", group)).containsExactlyInAnyOrder(john, ann);
        assertThat(store.memberWrites).as("jane removed, ann added, john untouched").hasValue(2);
    }

    @Test
    void oktaPathlessRenameCarryingTheGroupsOwnIdIsAccepted() throws Exception {
        String group = createGroup("Sales", jane);
        ScimResponse renamed = patch(group, "[{\"op\":\"replace\",\"value\":{\"id\":\"" + group + "\",\"displayName\":\"Sales EMEA\"}}]");
        assertThat(renamed.status()).isEqualTo(204);
        assertThat(stored(group).text("displayName")).isEqualTo("Sales EMEA");
        assertThat(store.memberIds("acme", group)).containsExactly(jane);

        assertScimError(() -> patch(group, "[{\"op\":\"replace\",\"value\":{\"id\":\"other\",\"displayName\":\"X\"}}]"),
                400, "mutability");
        assertThat(stored(group).text("displayName")).isEqualTo("Sales EMEA");
    }

    @Test
    void aRejectedRenameChangesNoMemberAndAnotherGroupsNameIsNoConflict() throws Exception {
        createGroup("Marketing");
        String group = createGroup("Sales", jane);
        assertScimError(() -> patch(group, """
                [{"op":"add","path":"members","value":[{"value":"%s"}]},
                 {"op":"replace","path":"displayName","value":42}]""".formatted(ann)), 400, "invalidValue");
        assertThat(store.memberIds("acme", group)).containsExactly(jane);
        assertThat(stored(group).version()).isEqualTo(1);

        assertThat(patch(group, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"marketing\"}]").status())
                .isEqualTo(204);
        assertThat(stored(group).text("displayName")).isEqualTo("marketing");
    }

    @Test
    void entraCapitalisedOpsRemoveWithValueListAndAddOfSeveral() throws Exception {
        String group = createGroup("Sales", jane, john);
        ScimResponse removed = patch(group, """
                [{"op":"Remove","path":"members","value":[{"value":"%s","$ref":null}]}]""".formatted(jane));
        assertThat(removed.status()).isEqualTo(204);
        assertThat(store.memberIds("acme", group)).containsExactly(john);

        patch(group, """
                [{"op":"Add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]""".formatted(jane, ann));
        assertThat(store.memberIds("acme", group)).containsExactlyInAnyOrder(jane, john, ann);

        patch(group, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Sales 2\"}]");
        assertThat(stored(group).text("displayName")).isEqualTo("Sales 2");
    }

    @Test
    void removeOfMembersWithoutFilterOrValueRemovesAll() throws Exception {
        String group = createGroup("Sales", jane, john, ann);
        patch(group, "[{\"op\":\"remove\",\"path\":\"members\"}]");
        assertThat(store.memberIds("acme", group)).isEmpty();
        assertThat(stored(group).version()).isEqualTo(2);
    }

    @Test
    void pathlessAddWithAMembersKeyAndUrnQualifiedPaths() throws Exception {
        String group = createGroup("Sales");
        patch(group, "[{\"op\":\"add\",\"value\":{\"members\":[{\"value\":\"" + jane + "\"}],\"externalId\":\"x1\"}}]");
        assertThat(store.memberIds("acme", group)).containsExactly(jane);
        assertThat(stored(group).text("externalId")).isEqualTo("x1");

        patch(group, "[{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:Group:members\",\"value\":[{\"value\":\""
                + john + "\"}]},{\"op\":\"remove\",\"path\":\"Members[Value eq \\\"" + jane + "\\\"]\"}]");
        assertThat(store.memberIds("acme", group)).containsExactly(john);
    }

    @Test
    void orOfValueEqualitiesRemovesSeveralWithoutReadingAndOtherFiltersReadTheMembers() throws Exception {
        String group = createGroup("Sales", jane, john, ann);
        store.memberListReads.set(0);
        patch(group, """
                [{"op":"remove","path":"members[value eq \\"%s\\" or value eq \\"%s\\"]"}]""".formatted(jane, john));
        assertThat(store.memberIds("acme", group)).containsExactly(ann);
        assertThat(store.memberListReads).hasValue(0);

        patch(group, "[{\"op\":\"remove\",\"path\":\"members[display eq \\\"Ann Lee\\\"]\"}]");
        assertThat(store.memberIds("acme", group)).isEmpty();
        assertThat(store.memberListReads).hasValue(1);
    }

    @Test
    void unknownUserIdsAre400NamingThemAndLeaveTheGroupUnchanged() throws Exception {
        String group = createGroup("Sales", jane);
        store.memberWrites.set(0);
        assertThatThrownBy(() -> patch(group, """
                [{"op":"replace","path":"displayName","value":"Renamed"},
                 {"op":"remove","path":"members[value eq \\"%s\\"]"},
                 {"op":"add","path":"members","value":[{"value":"%s"},{"value":"ghost-1"},{"value":"ghost-2"}]}]"""
                .formatted(jane, ann)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.getScimError().getStatus()).isEqualTo(400);
                    assertThat(e.getScimError().getScimType()).isEqualTo("invalidValue");
                    assertThat(e.getScimError().getDetail()).contains("'ghost-1'", "'ghost-2'").doesNotContain(ann);
                });
        assertThat(store.memberIds("acme", group)).containsExactly(jane);
        assertThat(stored(group).text("displayName")).isEqualTo("Sales");
        assertThat(stored(group).version()).isEqualTo(1);
        assertThat(store.memberWrites).hasValue(0);
    }

    @Test
    void groupsCannotBeMembers() throws Exception {
        String other = createGroup("Other");
        String group = createGroup("Sales");
        assertThatThrownBy(() -> patch(group, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.getScimError().getScimType()).isEqualTo("invalidValue");
                    assertThat(e.getScimError().getDetail()).contains("no nesting").contains(other);
                });
        assertScimError(() -> patch(group, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + jane
                + "\",\"type\":\"Group\"}]}]"), 400, "invalidValue");
        assertScimError(() -> call("POST", null, Map.of(), "{\"displayName\":\"Nested\",\"members\":[{\"value\":\"" + other + "\"}]}"),
                400, "invalidValue");
        assertThat(store.findByName("acme", "Nested")).isEmpty();
    }

    @Test
    void malformedMemberOperationsAre400() throws Exception {
        String group = createGroup("Sales", jane);
        assertScimError(() -> patch(group, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"display\":\"no value\"}]}]"),
                400, "invalidValue");
        assertScimError(() -> patch(group, "[{\"op\":\"add\",\"path\":\"members[value eq \\\"x\\\"]\",\"value\":[]}]"),
                400, "invalidPath");
        assertScimError(() -> patch(group, "[{\"op\":\"replace\",\"path\":\"members[value eq \\\"" + jane + "\\\"].display\",\"value\":\"x\"}]"),
                400, "invalidPath");
        assertScimError(() -> patch(group, "[{\"op\":\"move\",\"path\":\"members\"}]"), 400, "invalidSyntax");
        assertScimError(() -> patch(group, "[]"), 400, "invalidSyntax");
        assertThat(store.memberIds("acme", group)).containsExactly(jane);
    }

    @Test
    void patchAnswers200WithTheGroupWhenARepresentationIsAskedFor() throws Exception {
        String group = createGroup("Sales", jane);
        ScimResponse withMembers = groups.handle(request("PATCH", group, Map.of("attributes", "members"),
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ann + "\"}]}]}"));
        assertThat(withMembers.status()).isEqualTo(200);
        assertThat(json(withMembers).get("members")).extracting(m -> m.get("value").textValue()).containsExactlyInAnyOrder(jane, ann);
        assertThat(json(withMembers).has("displayName")).isFalse();

        store.memberListReads.set(0);
        ScimResponse without = groups.handle(request("PATCH", group, Map.of("excludedAttributes", "members"),
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + john + "\"}]}]}"));
        assertThat(without.status()).isEqualTo(200);
        assertThat(json(without).has("members")).isFalse();
        assertThat(json(without).at("/meta/version").textValue()).isEqualTo("W/\"3\"").isEqualTo(without.headers().get("ETag"));
        assertThat(store.memberListReads).hasValue(0);
    }

    @Test
    void getWithMembersExcludedReadsNoMembership() throws Exception {
        String group = createGroup("Sales", jane, john);
        store.memberListReads.set(0);
        JsonNode excluded = json(call("GET", group, Map.of("excludedAttributes", "members"), null));
        assertThat(excluded.has("members")).isFalse();
        assertThat(excluded.get("displayName").textValue()).isEqualTo("Sales");
        JsonNode listed = json(call("GET", null, Map.of("excludedAttributes", "members"), null));
        assertThat(listed.at("/Resources/0").has("members")).isFalse();
        assertThat(store.memberListReads).hasValue(0);

        JsonNode full = json(call("GET", group, Map.of(), null));
        assertThat(full.get("members")).hasSize(2);
        assertThat(store.memberListReads).hasValue(1);
    }

    @Test
    void listFiltersByDisplayNameExternalIdIdAndTheRestOfTheGrammar() throws Exception {
        String sales = createGroup("Sales", jane);
        String support = createGroup("Support");
        patch(support, "[{\"op\":\"add\",\"path\":\"externalId\",\"value\":\"00g-support\"}]");

        JsonNode miss = json(call("GET", null, Map.of("filter", "displayName eq \"Nobody\""), null));
        assertThat(miss.get("totalResults").intValue()).isZero();
        assertThat(miss.get("Resources")).isEmpty();
        assertThat(ids(call("GET", null, Map.of("filter", "displayName eq \"sales\""), null))).containsExactly(sales);
        assertThat(ids(call("GET", null, Map.of("filter", "externalId eq \"00g-support\""), null))).containsExactly(support);
        assertThat(ids(call("GET", null, Map.of("filter", "id eq \"" + support + "\""), null))).containsExactly(support);
        assertThat(ids(call("GET", null, Map.of("filter", "displayName sw \"S\""), null))).containsExactlyInAnyOrder(sales, support);
        assertThat(ids(call("GET", null, Map.of("filter", "members[value eq \"" + jane + "\"]"), null))).containsExactly(sales);
        // externalId is caseExact (RFC 7643 §3.1), displayName is not; "or" keeps the index out of it.
        assertThat(ids(call("GET", null, Map.of("filter", "externalId eq \"00G-SUPPORT\" or displayName eq \"x\""), null))).isEmpty();
        assertThat(ids(call("GET", null, Map.of("filter", "externalId eq \"00g-support\" or displayName eq \"SALES\""), null)))
                .containsExactlyInAnyOrder(sales, support);
        java.util.List<String> all = ids(call("GET", null, Map.of(), null));
        JsonNode paged = json(call("GET", null, Map.of("startIndex", "2", "count", "1"), null));
        assertThat(paged.get("totalResults").intValue()).isEqualTo(2);
        assertThat(paged.get("itemsPerPage").intValue()).isEqualTo(1);
        assertThat(paged.at("/Resources/0/id").textValue()).isEqualTo(all.get(1));
    }

    @Test
    void methodsNotServedAre405() throws Exception {
        String sales = createGroup("Sales", jane);
        for (String method : java.util.List.of("DELETE", "PUT", "PATCH", "HEAD", "OPTIONS")) {
            assertScimError(() -> call(method, null, Map.of(), "{}"), 405, null);
        }
        for (String method : java.util.List.of("POST", "HEAD", "OPTIONS")) {
            assertScimError(() -> call(method, sales, Map.of(), "{}"), 405, null);
        }
        assertThat(json(call("GET", sales, Map.of(), null)).get("members")).hasSize(1);
    }

    private static java.util.List<String> ids(ScimResponse list) throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        json(list).get("Resources").forEach(r -> ids.add(r.get("id").textValue()));
        return ids;
    }

    @Test
    void putReplacesNameExternalIdAndTheMemberSetWritingOnlyChanges() throws Exception {
        String group = createGroup("Sales", jane, john);
        store.memberWrites.set(0);
        ScimResponse replaced = call("PUT", group, Map.of(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"Sales EMEA",
                 "externalId":"00g9","members":[{"value":"%s"},{"value":"%s"}],"meta":{"version":"W/\\"1\\""}}"""
                .formatted(group, john, ann));
        assertThat(replaced.status()).isEqualTo(200);
        JsonNode body = json(replaced);
        assertThat(body.get("displayName").textValue()).isEqualTo("Sales EMEA");
        assertThat(body.get("members")).extracting(m -> m.get("display").textValue()).containsExactly("john@example.org", "Ann Lee");
        assertThat(store.memberIds("acme", group)).containsExactlyInAnyOrder(john, ann);
        assertThat(store.memberWrites).hasValue(2);
        assertThat(stored(group).version()).isEqualTo(2);

        call("PUT", group, Map.of(), "{\"displayName\":\"Sales EMEA\",\"externalId\":\"00g9\"}");
        assertThat(store.memberIds("acme", group)).as("PUT without members: none").isEmpty();
        assertScimError(() -> call("PUT", "no-such-group", Map.of(), "{\"displayName\":\"X\"}"), 404, null);
    }

    @Test
    void ifMatchMismatchIs412AndWritesNothing() throws Exception {
        String group = createGroup("Sales");
        assertScimError(() -> groups.handle(request("PATCH", group, Map.of(), Map.of("If-Match", "W/\"7\""),
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + jane + "\"}]}]}")), 412, null);
        assertThat(store.memberIds("acme", group)).isEmpty();
        ScimResponse matched = groups.handle(request("PATCH", group, Map.of(), Map.of("If-Match", "W/\"1\""),
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + jane + "\"}]}]}"));
        assertThat(matched.headers()).containsEntry("ETag", "W/\"2\"");
    }

    @Test
    void deleteRemovesTheGroupItsNameAndItsMemberships() throws Exception {
        String group = createGroup("Sales", jane, john);
        assertThat(call("DELETE", group, Map.of(), null).status()).isEqualTo(204);
        assertScimError(() -> call("GET", group, Map.of(), null), 404, null);
        assertScimError(() -> call("DELETE", group, Map.of(), null), 404, null);
        assertThat(store.memberIds("acme", group)).isEmpty();
        createGroup("sales"); // the name is free again
    }

    @Test
    void userGroupsAreDerivedFromMembershipsAndGoWithTheUser() throws Exception {
        String sales = createGroup("Sales", jane);
        String support = createGroup("Support", jane, john);
        JsonNode user = json(users.handle(request("GET", jane, Map.of(), null)));
        assertThat(user.get("groups")).hasSize(2);
        assertThat(user.get("groups")).extracting(g -> g.get("value").textValue()).containsExactlyInAnyOrder(sales, support);
        JsonNode salesRef = user.get("groups").findParents("value").stream()
                .filter(g -> g.get("value").textValue().equals(sales)).findFirst().orElseThrow();
        assertThat(salesRef.get("display").textValue()).isEqualTo("Sales");
        assertThat(salesRef.get("$ref").textValue()).isEqualTo(BASE + "/Groups/" + sales);
        assertThat(salesRef.get("type").textValue()).isEqualTo("direct");
        assertThat(json(users.handle(request("GET", jane, Map.of("excludedAttributes", "groups"), null))).has("groups")).isFalse();

        users.handle(request("DELETE", jane, Map.of(), null));
        assertThat(store.memberIds("acme", support)).containsExactly(john);
        assertThat(store.memberIds("acme", sales)).isEmpty();
    }

    @Test
    void aReadTooLargeForOneResponseIsTooManyNotCutShort() throws Exception {
        GroupsService bounded = new GroupsService(store, new SchemaResourceRules(CoreSchemas.GROUP_TYPE), CLOCK, 600);
        String group = createGroup("Big", jane, john, ann);
        assertScimError(() -> bounded.handle(request("GET", group, Map.of(), null)), 400, "tooMany");
        assertScimError(() -> bounded.handle(request("GET", null, Map.of(), null)), 400, "tooMany");
        assertThat(bounded.handle(request("GET", group, Map.of("excludedAttributes", "members"), null)).status()).isEqualTo(200);
        assertThat(bounded.handle(request("PATCH", group, Map.of(), "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}"))
                .status()).isEqualTo(204);
    }

    @Test
    void otherTenantsGroupsAreInvisible() throws Exception {
        String group = createGroup("Sales", jane);
        assertScimError(() -> groups.handle(new ScimRequest("other", "GET", group, Map.of(), Map.of(), null, BASE, "r")), 404, null);
        assertScimError(() -> groups.handle(new ScimRequest("other", "PATCH", group, Map.of(), Map.of(),
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}", BASE, "r")), 404, null);
        assertThat(store.memberIds("acme", group)).containsExactly(jane);
    }

    @Test
    void aFilterOnMembersReadsAtMostTheMemberBudget() throws Exception {
        String big = createGroup("Big");
        List<ResourceRef> many = new java.util.ArrayList<>();
        for (int i = 0; i <= dev.scimaws.scim.query.Budgets.LIST_MEMBERS; i++) {
            many.add(new ResourceRef("member-" + i, null));
        }
        store.changeMembers("acme", big, many, List.of());
        assertThatThrownBy(() -> call("GET", null, Map.of("filter", "members[value eq \"" + jane + "\"]"), null))
                .isInstanceOf(com.unboundid.scim2.common.exceptions.BadRequestException.class)
                .hasMessageContaining("at most " + dev.scimaws.scim.query.Budgets.LIST_MEMBERS + " members");
    }

    @Test
    void aListPageEndsBeforeTheGroupWhoseMembersPassTheBudget() throws Exception {
        int half = dev.scimaws.scim.query.Budgets.LIST_MEMBERS / 2 + 1;
        for (String name : List.of("First", "Second", "Third")) {
            String id = createGroup(name);
            List<ResourceRef> members = new java.util.ArrayList<>();
            for (int i = 0; i < half; i++) {
                members.add(new ResourceRef(name + "-" + i, null));
            }
            store.changeMembers("acme", id, members, List.of());
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int startIndex = 1; startIndex <= 3; startIndex++) {
            JsonNode page = json(call("GET", null, Map.of("startIndex", Integer.toString(startIndex), "count", "10"), null));
            assertThat(page.get("totalResults").intValue()).isEqualTo(3);
            assertThat(page.get("itemsPerPage").intValue()).as("two groups would pass the budget").isEqualTo(1);
            assertThat(page.get("Resources").get(0).get("members")).hasSize(half);
            seen.add(page.get("Resources").get(0).get("id").textValue());
        }
        assertThat(seen).hasSize(3);
    }
}
