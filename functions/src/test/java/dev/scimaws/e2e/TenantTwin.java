package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.Eventually;
import dev.scimaws.testing.TableItems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A second tenant beside the one a suite works in, on the same API and table, holding users and groups
 * of the very names the suite uses. Created before the suite runs and checked after it: its stored items
 * unchanged, its lists, filters, cursors and counts showing only its own resources, and the suite
 * tenant's resources unknown to it (read, change or link by id: 404 or refused, nothing changed).
 */
final class TenantTwin {

    static final String TENANT = "twin";
    private static final int PROBED_IDS = 25;

    private final ScimHttp client;
    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> groups = new LinkedHashMap<>();
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private TableItems frozen;

    private TenantTwin(ScimHttp client, DynamoDbClient dynamo, String table) {
        this.client = client;
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A twin of {@link LocalApi#TENANT} on {@code api}, with users of {@code userNames} and a group of {@code displayNames} each. */
    static TenantTwin of(LocalApi api, DynamoDbClient dynamo, List<String> userNames, List<String> displayNames) {
        TenantTwin twin = new TenantTwin(ScimHttp.forTenant(api, dynamo, TENANT), dynamo, api.table());
        for (String userName : userNames) {
            ScimHttp.Response created = twin.client.post("/Users", "{\"userName\":\"" + userName + "\",\"displayName\":\"Twin\","
                    + "\"externalId\":\"twin-" + userName + "\",\"active\":true}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            twin.users.put(userName, created.json().get("id").textValue());
        }
        List<String> memberIds = List.copyOf(twin.users.values());
        for (String displayName : displayNames) {
            String id = twin.client.createGroup(displayName, memberIds);
            twin.groups.put(displayName, id);
            twin.members.put(id, memberIds);
        }
        // counted now, so the counters hold the twin's numbers before the suite tenant writes anything
        assertThat(twin.client.get("/Users?count=0").json().path("totalResults").asLong(-1)).isEqualTo(userNames.size());
        assertThat(twin.client.get("/Groups?count=0").json().path("totalResults").asLong(-1)).isEqualTo(displayNames.size());
        twin.frozen = TableItems.of(dynamo, twin.table, TENANT);
        return twin;
    }

    ScimHttp client() {
        return client;
    }

    /** Run after the suite: what {@code other} did never reached this tenant, and this tenant cannot reach it. */
    void assertUntouchedBy(String other) {
        TableItems now = TableItems.of(dynamo, table, TENANT);
        assertThat(now.resources("U")).as("the twin's users, item by item").isEqualTo(frozen.resources("U"));
        assertThat(now.resources("G")).as("the twin's groups").isEqualTo(frozen.resources("G"));
        assertThat(now.locks("UN")).isEqualTo(frozen.locks("UN"));
        assertThat(now.locks("GN")).isEqualTo(frozen.locks("GN"));
        assertThat(now.memberships()).isEqualTo(frozen.memberships());

        assertSeesOnlyItsOwn("/Users", users);
        assertSeesOnlyItsOwn("/Groups", groups);
        users.forEach((userName, id) -> assertThat(ids(client.get("/Users?" + ScimHttp.query("userName eq \"" + userName + "\""))))
                .as("userName eq " + userName).containsExactly(id));
        groups.forEach((displayName, id) -> {
            assertThat(ids(client.get("/Groups?excludedAttributes=members&" + ScimHttp.query("displayName eq \"" + displayName + "\""))))
                    .as("displayName eq " + displayName).containsExactly(id);
            JsonNode group = client.get("/Groups/" + id).json();
            assertThat(group.path("members").findValuesAsText("value")).containsExactlyInAnyOrderElementsOf(members.get(id));
        });

        TableItems theirs = TableItems.of(dynamo, table, other);
        List<String> theirUsers = first(theirs.resources("U").keySet());
        List<String> theirGroups = first(theirs.resources("G").keySet());
        theirUsers.forEach(id -> assertThat(client.get("/Users/" + id).status()).as("their user " + id).isEqualTo(404));
        theirGroups.forEach(id -> assertThat(client.get("/Groups/" + id).status()).as("their group " + id).isEqualTo(404));
        if (!theirUsers.isEmpty()) {
            String id = theirUsers.get(0);
            assertThat(client.patch("/Users/" + id, ScimHttp.replaceOp("title", "from the twin"), "W/\"1\"").status()).as("their ETag and id").isEqualTo(404);
            assertThat(client.delete("/Users/" + id).status()).isEqualTo(404);
            assertThat(TableItems.of(dynamo, table, other).resources("U").get(id)).as("their user, unchanged")
                    .isEqualTo(theirs.resources("U").get(id));
            if (!groups.isEmpty()) {
                String group = groups.values().iterator().next();
                ScimHttp.Response link = client.patch("/Groups/" + group, ScimHttp.addMembersOp(List.of(id)));
                assertThat(link.status()).as("their user as our member: " + link.body()).isEqualTo(400);
                assertThat(TableItems.of(dynamo, table, TENANT).memberships()).isEqualTo(frozen.memberships());
            }
        }
    }

    private void assertSeesOnlyItsOwn(String endpoint, Map<String, String> own) {
        JsonNode counted = client.get(endpoint + "?count=0").json();
        assertThat(counted.path("totalResults").asLong(-1)).as(endpoint + " count").isEqualTo(own.size());
        // lists read an index: on DynamoDB it may lag the twin's own creates by a moment
        ScimHttp.Response page = Eventually.await(() -> client.get(endpoint + "?startIndex=1&count=100&excludedAttributes=members"),
                list -> list.status() == 200 && list.json().path("Resources").size() >= own.size());
        assertThat(page.json().path("totalResults").asLong(-1)).isEqualTo(own.size());
        assertThat(ids(page)).as(endpoint + " list").containsExactlyInAnyOrderElementsOf(own.values());
        if (endpoint.equals("/Users")) {
            List<String> byCursor = new ArrayList<>();
            String cursor = "";
            do {
                ScimHttp.Response next = client.get(endpoint + "?count=2&cursor=" + cursor);
                assertThat(next.status()).as(next.body()).isEqualTo(200);
                byCursor.addAll(ids(next));
                cursor = next.json().path("nextCursor").asText("");
            } while (!cursor.isEmpty());
            assertThat(byCursor).as(endpoint + " by cursor").containsExactlyInAnyOrderElementsOf(own.values());
        }
    }

    private static List<String> ids(ScimHttp.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().path("Resources").findValuesAsText("id");
    }

    private static List<String> first(java.util.Set<String> ids) {
        return ids.stream().sorted().limit(PROBED_IDS).toList();
    }
}
