package dev.scimaws.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.GroupsService;
import dev.scimaws.scim.GroupStore;
import dev.scimaws.scim.GroupStoreContract;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.UserStore;
import dev.scimaws.scim.ResourceRef;
import dev.scimaws.scim.SchemaResourceRules;
import dev.scimaws.scim.ScimRequest;
import dev.scimaws.scim.ScimResponse;
import dev.scimaws.scim.UsersService;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Groups and memberships in the real engine: the item layout, deletes on both sides, validation before writes. */
class DynamoGroupStoreIT extends GroupStoreContract {

    @Override
    protected GroupStore groups() {
        return groupStore;
    }

    @Override
    protected UserStore users() {
        return userStore;
    }

    private static final String BASE = "https://scim.example.com/scim/v2";
    private static DynamoDbClient dynamo;
    private static String table;
    private static DynamoGroupStore groupStore;
    private static DynamoUserStore userStore;
    private static GroupsService groups;
    private static UsersService users;

    @BeforeAll
    static void engine() {
        DynamoEngine engine = DynamoEngine.get();
        dynamo = engine.client();
        table = engine.createTable("groups-store");
        Clock clock = Clock.systemUTC();
        groupStore = new DynamoGroupStore(dynamo, table, clock);
        userStore = new DynamoUserStore(dynamo, table, clock);
        groups = new GroupsService(groupStore, new SchemaResourceRules(CoreSchemas.GROUP_TYPE), clock);
        users = new UsersService(userStore, new SchemaResourceRules(CoreSchemas.USER_TYPE), clock);
    }

    private static ScimResponse call(Object service, String tenant, String method, String id, Map<String, String> query,
                                     String body) throws ScimException {
        ScimRequest request = new ScimRequest(tenant, method, id, query, Map.of(), body, BASE, "it");
        return service == groups ? groups.handle(request) : users.handle(request);
    }

    private static JsonNode json(ScimResponse response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static String user(String tenant, String userName) throws Exception {
        return json(call(users, tenant, "POST", null, Map.of(), "{\"userName\":\"" + userName + "\",\"displayName\":\""
                + userName.substring(0, userName.indexOf('@')) + "\"}")).get("id").textValue();
    }

    private static String group(String tenant, String displayName, String... members) throws Exception {
        List<String> values = new ArrayList<>();
        for (String member : members) {
            values.add("{\"value\":\"" + member + "\"}");
        }
        return json(call(groups, tenant, "POST", null, Map.of(), "{\"displayName\":\"" + displayName + "\",\"members\":["
                + String.join(",", values) + "]}")).get("id").textValue();
    }

    private static ScimResponse patch(String tenant, String groupId, String operations) throws ScimException {
        return call(groups, tenant, "PATCH", groupId, Map.of(), "{\"Operations\":" + operations + "}");
    }

    /** Membership items in the group's partition, read raw. */
    private static List<Map<String, AttributeValue>> membershipItems(String tenant, String groupId) {
        return dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :m)")
                .expressionAttributeNames(Map.of("#pk", "PK", "#sk", "SK"))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("T#" + tenant + "#G#" + groupId),
                        ":m", AttributeValue.fromS("M#")))).items();
    }

    @Test
    void membershipItemsHaveTheLayoutThePurgeReads() throws Exception {
        String jane = user("acme", "jane.layout@example.org");
        String group = group("acme", "Layout", jane);

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Keys.membership("acme", group, jane))).item();
        assertThat(item.get("PK").s()).isEqualTo("T#acme#G#" + group);
        assertThat(item.get("SK").s()).isEqualTo("M#" + jane);
        assertThat(item.get(TableDefinition.BY_MEMBER.partitionKey()).s()).isEqualTo("T#acme#MEMBER#" + jane);
        assertThat(item.get(TableDefinition.BY_MEMBER.sortKey()).s()).isEqualTo(group);
        assertThat(item.get("display").s()).isEqualTo("jane.layout");
        Map<String, AttributeValue> groupItem = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Keys.key("T#acme#G#" + group, "G"))).item();
        assertThat(groupItem.get("doc").s()).doesNotContain("members").doesNotContain(jane);
    }

    @Test
    void unknownIdsInAPatchLeaveTheGroupUnchanged() throws Exception {
        String jane = user("acme", "jane.unknown@example.org");
        String ann = user("acme", "ann.unknown@example.org");
        String group = group("acme", "Unchanged", jane);

        assertThatThrownBy(() -> patch("acme", group, """
                [{"op":"replace","path":"displayName","value":"Renamed"},
                 {"op":"remove","path":"members[value eq \\"%s\\"]"},
                 {"op":"add","path":"members","value":[{"value":"%s"},{"value":"00u-not-a-user"}]}]"""
                .formatted(jane, ann)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.getScimError().getStatus()).isEqualTo(400);
                    assertThat(e.getScimError().getScimType()).isEqualTo("invalidValue");
                    assertThat(e.getScimError().getDetail()).contains("00u-not-a-user");
                });

        assertThat(membershipItems("acme", group)).extracting(i -> i.get("SK").s()).containsExactly("M#" + jane);
        assertThat(groupStore.get("acme", group).orElseThrow().version()).isEqualTo(1);
        assertThat(groupStore.get("acme", group).orElseThrow().text("displayName")).isEqualTo("Unchanged");
    }

    @Test
    void aUserOfAnotherTenantIsAnUnknownId() throws Exception {
        String outsider = user("globex", "outsider@example.org");
        String group = group("acme", "Tenant bound");
        assertThatThrownBy(() -> patch("acme", group, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + outsider + "\"}]}]"))
                .isInstanceOf(ScimException.class);
        assertThat(membershipItems("acme", group)).isEmpty();
    }

    @Test
    void deletingAUserRemovesItsMemberships() throws Exception {
        String jane = user("acme", "jane.delete@example.org");
        String john = user("acme", "john.delete@example.org");
        String sales = group("acme", "Delete Sales", jane, john);
        String support = group("acme", "Delete Support", jane);
        assertThat(userStore.groupsOf("acme", jane)).extracting(ResourceRef::id).containsExactlyInAnyOrder(sales, support);

        assertThat(call(users, "acme", "DELETE", jane, Map.of(), null).status()).isEqualTo(204);

        assertThat(groupStore.members("acme", sales)).extracting(ResourceRef::id).containsExactly(john);
        assertThat(membershipItems("acme", support)).isEmpty();
        assertThat(userStore.groupsOf("acme", jane)).isEmpty();
    }

    @Test
    void deletingAGroupRemovesItsMembershipsAndFreesItsName() throws Exception {
        String jane = user("acme", "jane.groupdelete@example.org");
        String group = group("acme", "Short Lived", jane);

        assertThat(call(groups, "acme", "DELETE", group, Map.of(), null).status()).isEqualTo(204);

        assertThat(membershipItems("acme", group)).isEmpty();
        assertThat(userStore.groupsOf("acme", jane)).isEmpty();
        assertThat(groupStore.findByName("acme", "short lived")).isEmpty();
        group("acme", "SHORT LIVED");
    }

    @Test
    void userGroupsShowTheGroupsCurrentNames() throws Exception {
        String jane = user("acme", "jane.groups@example.org");
        String group = group("acme", "Before Rename", jane);
        patch("acme", group, "[{\"op\":\"replace\",\"value\":{\"id\":\"" + group + "\",\"displayName\":\"After Rename\"}}]");

        JsonNode user = json(call(users, "acme", "GET", jane, Map.of(), null));
        assertThat(user.get("groups")).hasSize(1);
        assertThat(user.at("/groups/0/value").textValue()).isEqualTo(group);
        assertThat(user.at("/groups/0/display").textValue()).isEqualTo("After Rename");
        assertThat(user.at("/groups/0/type").textValue()).isEqualTo("direct");
    }

    @Test
    void putDiffsTheMemberSet() throws Exception {
        String jane = user("acme", "jane.put@example.org");
        String john = user("acme", "john.put@example.org");
        String ann = user("acme", "ann.put@example.org");
        String group = group("acme", "Put Group", jane, john);

        ScimResponse replaced = call(groups, "acme", "PUT", group, Map.of(), """
                {"displayName":"Put Group","members":[{"value":"%s"},{"value":"%s"}]}""".formatted(john, ann));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(groupStore.members("acme", group)).extracting(ResourceRef::id).containsExactlyInAnyOrder(john, ann);
        assertThat(groupStore.get("acme", group).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void touchOnAMissingGroupCreatesNothing() {
        assertThatThrownBy(() -> groupStore.touch("acme", "no-such-group", java.time.Instant.now(), null))
                .isInstanceOf(dev.scimaws.scim.StoreException.NotFound.class);
        assertThat(groupStore.get("acme", "no-such-group")).isEmpty();
    }
}
