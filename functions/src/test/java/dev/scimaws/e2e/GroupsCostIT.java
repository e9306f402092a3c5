package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ResourceRef;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.store.DynamoGroupStore;
import dev.scimaws.store.DynamoUserStore;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB calls per group request, counted on the Groups handler's client, with a group of 10,000
 * members next to a group of 10: changing k members must cost O(k) and never read the member list, and
 * a read without members must be one GetItem. Prints the measured numbers for the docs.
 */
class GroupsCostIT {

    private static final int LARGE = 10_000;
    private static final int BULK = 1_000;
    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":%s}";
    private static final CallCounter calls = new CallCounter();
    private static final Map<String, String> report = new LinkedHashMap<>();
    private static LocalApi api;
    private static ScimHttp okta;
    private static List<String> users;
    private static String large;
    private static String small;

    @BeforeAll
    static void seed() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("groups-cost");
        Clock clock = Clock.systemUTC();
        api = LocalApi.start(0, new Wiring(engine.client(), table, clock), new Wiring(engine.client(calls), table, clock));
        okta = new ScimHttp(api.baseUrl(), api.token());

        // Real users for every member a request adds (validated): created through the store, 4 at a time.
        DynamoUserStore userStore = new DynamoUserStore(engine.client(), table, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < BULK + 20; i++) {
            String userName = "cost" + i + "@example.org";
            created.add(pool.submit(() -> {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                ObjectNode body = Json.object().put("userName", userName).put("displayName", "Cost " + userName);
                StoredResource user = new StoredResource(UUID.randomUUID().toString(), 1, now, now, null, body);
                userStore.create(LocalApi.TENANT, user);
                return user.id();
            }));
        }
        users = new ArrayList<>();
        for (Future<String> id : created) {
            users.add(id.get());
        }
        pool.shutdown();

        // The large group: 10,000 membership items written directly (BatchWriteItem, 25 a call).
        large = okta.post("/Groups", "{\"displayName\":\"Ten Thousand\",\"members\":[]}").json().get("id").textValue();
        List<ResourceRef> seeded = new ArrayList<>(LARGE);
        for (int i = 0; i < LARGE; i++) {
            seeded.add(new ResourceRef("seed-" + UUID.randomUUID(), "Seeded member " + i));
        }
        new DynamoGroupStore(engine.client(), table, clock).changeMembers(LocalApi.TENANT, large, seeded, List.of());

        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append(i == 0 ? "" : ",").append("{\"value\":\"").append(users.get(BULK + 10 + i)).append("\"}");
        }
        small = okta.post("/Groups", "{\"displayName\":\"Ten\",\"members\":[" + ten + "]}").json().get("id").textValue();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        StringBuilder table = new StringBuilder("\nDynamoDB calls per Groups request (group of " + LARGE + " members unless noted):\n");
        report.forEach((request, cost) -> table.append(String.format("  %-68s %s%n", request, cost)));
        System.out.println(table);
    }

    private static Map<String, Long> measure(String label, Supplier<ScimHttp.Response> request, int expectedStatus) {
        calls.reset();
        long started = System.nanoTime();
        ScimHttp.Response response = request.get();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.status()).as(label + ": " + response.body()).isEqualTo(expectedStatus);
        Map<String, Long> snapshot = calls.snapshot();
        report.put(label, calls.total() + " calls " + snapshot + ", " + millis + " ms");
        return snapshot;
    }

    private static String add(List<String> ids) {
        StringBuilder values = new StringBuilder();
        for (String id : ids) {
            values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return PATCH_OP.formatted("[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]");
    }

    private static String removeOne(String id) {
        return PATCH_OP.formatted("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}]");
    }

    @Test
    void changingMembersCostsTheSameForTenAndForTenThousand() {
        String newcomer = users.get(0);
        Map<String, Long> addToLarge = measure("PATCH add 1 member", () -> okta.patch("/Groups/" + large, add(List.of(newcomer))), 204);
        Map<String, Long> addToSmall = measure("PATCH add 1 member (group of 10)",
                () -> okta.patch("/Groups/" + small, add(List.of(newcomer))), 204);
        assertThat(addToLarge)
                .as("validate, version, write, then re-read the added user in case it was deleted meanwhile")
                .isEqualTo(Map.of("GetItem", 1L, "BatchGetItem", 2L, "UpdateItem", 1L, "BatchWriteItem", 1L))
                .isEqualTo(addToSmall);

        Map<String, Long> removeFromLarge = measure("PATCH remove 1 member (members[value eq])",
                () -> okta.patch("/Groups/" + large, removeOne(newcomer)), 204);
        assertThat(removeFromLarge).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L, "BatchWriteItem", 1L));

        String other = users.get(1);
        Map<String, Long> swap = measure("PATCH Okta remove 1 + add 1",
                () -> okta.patch("/Groups/" + large, PATCH_OP.formatted("[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                        + newcomer + "\\\"]\"},{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}]")), 204);
        assertThat(swap).isEqualTo(Map.of("GetItem", 1L, "BatchGetItem", 2L, "UpdateItem", 1L, "BatchWriteItem", 1L));

        Map<String, Long> entraRemove = measure("PATCH Entra Remove path members, value list of 1",
                () -> okta.patch("/Groups/" + large, PATCH_OP.formatted(
                        "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}]")), 204);
        assertThat(entraRemove).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L, "BatchWriteItem", 1L));

        Map<String, Long> rename = measure("PATCH Okta rename with id", () -> okta.patch("/Groups/" + large, PATCH_OP.formatted(
                "[{\"op\":\"replace\",\"value\":{\"id\":\"" + large + "\",\"displayName\":\"Ten Thousand Renamed\"}}]")), 204);
        assertThat(rename).isEqualTo(Map.of("GetItem", 1L, "TransactWriteItems", 1L));
    }

    @Test
    void readsWithoutMembersAreOneGetItem() {
        Map<String, Long> excluded = measure("GET /Groups/{id}?excludedAttributes=members",
                () -> okta.get("/Groups/" + large + "?excludedAttributes=members"), 200);
        assertThat(excluded).isEqualTo(Map.of("GetItem", 1L));

        Map<String, Long> link = measure("GET /Groups?filter=displayName eq (hit), excludedAttributes=members",
                () -> okta.get("/Groups?excludedAttributes=members&" + ScimHttp.query("displayName eq \"Ten\"")), 200);
        assertThat(link).as("the name's items (a consistent Query: names may be shared), then the group")
                .isEqualTo(Map.of("Query", 1L, "GetItem", 1L));
    }

    @Test
    void fullReadAndAThousandMemberPatch() {
        Map<String, Long> fullRead = measure("GET /Groups/{id} (all members)", () -> okta.get("/Groups/" + large), 200);
        JsonNode group = okta.get("/Groups/" + large).json();
        int before = group.get("members").size();
        assertThat(before).as("every other test leaves the large group as it found it").isEqualTo(LARGE);
        // one Query page per 1 MB of membership items: 3 for these 10,000, never one per member
        assertThat(fullRead).isEqualTo(Map.of("GetItem", 1L, "Query", 3L));

        List<String> thousand = users.subList(10, 10 + BULK);
        Map<String, Long> bulk = measure("PATCH add 1,000 members in one request",
                () -> okta.patch("/Groups/" + large, add(thousand)), 204);
        // the engine processes every batch item, so no retries: 100 keys a read (validate, then re-read), 25 items a write
        assertThat(bulk).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L, "BatchGetItem", 20L, "BatchWriteItem", 40L));

        JsonNode after = okta.get("/Groups/" + large + "?attributes=members").json();
        assertThat(after.get("members").size()).isEqualTo(before + BULK);
    }
}
