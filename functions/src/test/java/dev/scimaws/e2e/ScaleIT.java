package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.auth.Tokens;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.store.TenantSeeder;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.TickingClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work per request at two tenant sizes, end to end through the handlers on a real engine: a tenant of
 * 2,500 users and one of 10,000, each with 100 groups of 300 members. Every list, filter and count
 * request must cost the same DynamoDB calls (within 2) at both sizes: what it returns bounds it, not
 * the tenant. Prints calls and local times per request and size (the figures in docs/scale.md).
 */
class ScaleIT {

    private static final int SMALL = 2_500;
    private static final int LARGE = 10_000;
    private static final int GROUPS = 100;
    private static final int MEMBERS = 300;
    private static final CallCounter calls = new CallCounter();
    private static final Map<String, Map<Integer, String>> report = new LinkedHashMap<>();
    private static LocalApi api;
    private static ScimHttp small;
    private static ScimHttp large;
    private static TenantSeeder.Seeded largeSeed;

    record Measured(int status, long calls, Map<String, Long> byOperation, long millis, JsonNode body, int bytes) {}

    @BeforeAll
    static void seed() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("scale");
        Clock clock = Clock.systemUTC();
        api = LocalApi.start(0, new Wiring(engine.client(), table, clock), new Wiring(engine.client(calls), table, TickingClock.fromNow()));
        Tokens tokens = new Tokens(new DynamoTokenStore(engine.client(), table), clock);
        TenantSeeder seeder = new TenantSeeder(engine.client(), table);
        long started = System.nanoTime();
        seeder.seed("small", SMALL, GROUPS, MEMBERS);
        largeSeed = seeder.seed("large", LARGE, GROUPS, MEMBERS);
        System.out.println("Seeded " + (SMALL + LARGE) + " users and " + 2 * GROUPS + " groups of " + MEMBERS
                + " members in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        small = new ScimHttp(api.baseUrl(), tokens.issue("small", "scale").token());
        large = new ScimHttp(api.baseUrl(), tokens.issue("large", "scale").token());
        // Warm both tenants (extension schemas cached, counters' base present) so each figure is a warm request.
        small.get("/Users?count=0");
        large.get("/Users?count=0");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        StringBuilder table = new StringBuilder("\nDynamoDB calls and local time per request, at " + SMALL + " and " + LARGE + " users:\n");
        report.forEach((label, sizes) -> table.append(String.format("  %-62s | %-40s | %s%n", label,
                sizes.getOrDefault(SMALL, "-"), sizes.getOrDefault(LARGE, "-"))));
        System.out.println(table);
    }

    private static synchronized Measured measure(String label, ScimHttp client, int size, String path) {
        calls.reset();
        long started = System.nanoTime();
        ScimHttp.Response response = client.get(path);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Long> snapshot = calls.snapshot();
        long total = calls.total();
        report.computeIfAbsent(label, k -> new LinkedHashMap<>())
                .put(size, response.status() + ", " + total + " calls, " + millis + " ms");
        JsonNode body = response.body().isEmpty() ? null : response.json();
        return new Measured(response.status(), total, snapshot, millis, body,
                response.body().getBytes(StandardCharsets.UTF_8).length);
    }

    private static String filter(String filter) {
        return ScimHttp.query(filter);
    }

    /** Requests whose cost must not depend on the tenant's size; {@code TENANT} stands for the tenant's name. */
    private static final Map<String, String> REQUESTS = new LinkedHashMap<>();

    static {
        REQUESTS.put("Okta connector test: /Users?startIndex=1&count=2", "/Users?startIndex=1&count=2");
        REQUESTS.put("/Users?count=0", "/Users?count=0");
        REQUESTS.put("first import page: /Users?startIndex=1&count=100", "/Users?startIndex=1&count=100");
        REQUESTS.put("deep startIndex, no cursor: startIndex=2051&count=100", "/Users?startIndex=2051&count=100");
        REQUESTS.put("filter userName eq (hit)", "/Users?" + filter("userName eq \"user7@TENANT.example.org\""));
        REQUESTS.put("filter userName eq (miss), Okta's create check",
                "/Users?" + filter("userName eq \"nobody@TENANT.example.org\"") + "&startIndex=1&count=100");
        REQUESTS.put("filter externalId eq", "/Users?" + filter("externalId eq \"ext-42\""));
        REQUESTS.put("filter or of 2 userName eq",
                "/Users?" + filter("userName eq \"user1@TENANT.example.org\" or userName eq \"user2@TENANT.example.org\""));
        REQUESTS.put("filter userName eq (hit) and active eq true",
                "/Users?" + filter("userName eq \"user3@TENANT.example.org\" and active eq true"));
        REQUESTS.put("filter userName sw (unindexed)", "/Users?" + filter("userName sw \"user12\""));
        REQUESTS.put("filter Entra emails[type eq work].value eq (unindexed)",
                "/Users?" + filter("emails[type eq \"work\"].value eq \"user9@TENANT.example.org\""));
        REQUESTS.put("filter meta.lastModified gt (unindexed)", "/Users?" + filter("meta.lastModified gt \"2026-01-01T00:00:00Z\""));
        REQUESTS.put("filter userName sw, cursor paging: cursor=&count=100", "/Users?" + filter("userName sw \"user12\"") + "&cursor=&count=100");
        REQUESTS.put("cursor paging, first page: /Users?cursor=&count=100", "/Users?cursor=&count=100");
        REQUESTS.put("Okta connector test: /Groups?startIndex=1&count=100", "/Groups?startIndex=1&count=100");
        REQUESTS.put("/Groups", "/Groups");
        REQUESTS.put("/Groups?excludedAttributes=members", "/Groups?excludedAttributes=members");
        REQUESTS.put("/Groups?count=0", "/Groups?count=0");
        REQUESTS.put("/Groups filter displayName eq", "/Groups?" + filter("displayName eq \"Group 7\""));
        REQUESTS.put("/Groups filter displayName sw (unindexed)", "/Groups?excludedAttributes=members&" + filter("displayName sw \"Group 1\""));
    }

    @Test
    void everyListFilterAndCountCostsTheSameAtBothSizes() {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> request : REQUESTS.entrySet()) {
            Measured atSmall = measure(request.getKey(), small, SMALL, request.getValue().replace("TENANT", "small"));
            Measured atLarge = measure(request.getKey(), large, LARGE, request.getValue().replace("TENANT", "large"));
            if (request.getKey().contains("(hit)") || request.getKey().contains("or of 2")) {
                int expected = request.getKey().contains("or of 2") ? 2 : 1;
                assertThat(atSmall.body().get("totalResults").intValue()).as(request.getKey()).isEqualTo(expected);
                assertThat(atLarge.body().get("totalResults").intValue()).as(request.getKey()).isEqualTo(expected);
            }
            if (atSmall.status() != atLarge.status() || atLarge.status() >= 500
                    || Math.abs(atSmall.calls() - atLarge.calls()) > 2) {
                differences.add(request.getKey() + ": " + atSmall.status() + "/" + atSmall.calls() + " calls at " + SMALL
                        + " vs " + atLarge.status() + "/" + atLarge.calls() + " calls at " + LARGE + " " + atLarge.byOperation());
            }
        }
        assertThat(differences).as("requests whose work grows with the tenant").isEmpty();
    }

    @Test
    void oktaConnectorTestCostsAFewCallsAtAnySize() {
        Measured users = measure("Okta connector test: /Users?startIndex=1&count=2", large, LARGE, "/Users?startIndex=1&count=2");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body().get("totalResults").intValue()).isEqualTo(LARGE);
        assertThat(users.byOperation()).as("count, page, next page's position")
                .isEqualTo(Map.of("BatchGetItem", 1L, "Query", 1L, "PutItem", 1L));
        Measured groups = measure("Okta connector test: /Groups?startIndex=1&count=100", large, LARGE, "/Groups?startIndex=1&count=100");
        assertThat(groups.status()).isEqualTo(200);
        assertThat(groups.body().get("totalResults").intValue()).isEqualTo(GROUPS);
    }

    @Test
    void aGroupsPageStaysWithinItsCallAndByteBudget() {
        Measured page = measure("/Groups?count=100", large, LARGE, "/Groups?count=100");
        assertThat(page.status()).isEqualTo(200);
        int groups = page.body().get("itemsPerPage").intValue();
        int members = 0;
        for (JsonNode group : page.body().get("Resources")) {
            members += group.get("members").size();
        }
        // 5,000 members per response: 16 groups of 300, each with all its members
        assertThat(members).isLessThanOrEqualTo(5_000).isEqualTo(groups * MEMBERS);
        assertThat(groups).isEqualTo(5_000 / MEMBERS);
        // count, page query, one member query per group shown plus one for the group that did not fit, position
        assertThat(page.calls()).isLessThanOrEqualTo(groups + 4L);
        assertThat(page.bytes()).as("response bytes").isLessThan(1_500_000);
    }

    @Test
    void enumeratingGroupsByStartIndexAndItemsPerPageVisitsEachOnce() {
        List<String> seen = new ArrayList<>();
        int startIndex = 1;
        int pages = 0;
        calls.reset();
        while (true) {
            JsonNode page = large.get("/Groups?startIndex=" + startIndex + "&count=100").json();
            int itemsPerPage = page.get("itemsPerPage").intValue();
            page.get("Resources").forEach(group -> seen.add(group.get("id").textValue()));
            pages++;
            if (itemsPerPage == 0 || startIndex + itemsPerPage > page.get("totalResults").intValue()) {
                break;
            }
            startIndex += itemsPerPage;
        }
        long total = calls.total();
        report.computeIfAbsent("enumerate all groups by startIndex/itemsPerPage", k -> new LinkedHashMap<>())
                .put(LARGE, pages + " pages, " + total + " calls");
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(largeSeed.groupIds());
    }

    @Test
    void aSequentialImportOfAllUsersCostsTheSameForEveryPage() {
        calls.reset();
        Set<String> seen = new HashSet<>();
        long started = System.nanoTime();
        for (int start = 1; start <= LARGE; start += 100) {
            JsonNode page = large.get("/Users?startIndex=" + start + "&count=100").json();
            assertThat(page.get("itemsPerPage").intValue()).isEqualTo(100);
            page.get("Resources").forEach(user -> seen.add(user.get("id").textValue()));
        }
        long byIndex = calls.total();
        long indexMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(seen).hasSize(LARGE);
        assertThat(byIndex).as("3 calls a page").isLessThanOrEqualTo(3L * LARGE / 100);

        calls.reset();
        seen.clear();
        started = System.nanoTime();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            JsonNode page = large.get("/Users?count=100&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)).json();
            page.get("Resources").forEach(user -> seen.add(user.get("id").textValue()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").textValue() : null;
            pages++;
        }
        long byCursor = calls.total();
        assertThat(seen).hasSize(LARGE);
        assertThat(byCursor).as("2 calls a page").isLessThanOrEqualTo(2L * pages);
        report.computeIfAbsent("import of all users, pages of 100", k -> new LinkedHashMap<>()).put(LARGE,
                "startIndex: " + byIndex + " calls, " + indexMillis + " ms; cursor: " + byCursor + " calls, "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    @Test
    void aScanningFilterPagedByCursorFindsExactlyTheMatches() {
        // userName sw "user12" at 2,500 users: user12, user120-129, user1200-1299
        Set<String> found = new HashSet<>();
        String cursor = "";
        int pages = 0;
        String query = "/Users?count=50&" + filter("userName sw \"user12\"");
        calls.reset();
        while (cursor != null) {
            Measured page = measure("scanning filter by cursor, one page", small, SMALL,
                    query + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.calls()).as("one Query of at most 1,000 users").isEqualTo(1);
            assertThat(page.body().has("totalResults")).isFalse();
            page.body().get("Resources").forEach(user -> found.add(user.get("userName").textValue()));
            cursor = page.body().has("nextCursor") ? page.body().get("nextCursor").textValue() : null;
            pages++;
        }
        assertThat(found).hasSize(111).allMatch(name -> name.startsWith("user12"));
        assertThat(pages).isBetween(3, 6);

        ScimHttp.Response refused = small.get("/Users?" + filter("userName sw \"user12\""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("scimType").textValue()).isEqualTo("tooMany");
        assertThat(refused.json().get("detail").textValue()).contains("'eq' on id, the name or externalId", "cursor=");
    }

    @Test
    void aCursorOnlyReadsTheTenantThatUsesIt() {
        JsonNode page = large.get("/Users?count=5&cursor=").json();
        String cursor = page.get("nextCursor").textValue();
        JsonNode elsewhere = small.get("/Users?count=5&cursor=" + cursor).json();
        elsewhere.get("Resources").forEach(user -> assertThat(user.get("userName").textValue()).endsWith("@small.example.org"));
        ScimHttp.Response edited = large.get("/Users?count=5&cursor=" + cursor.substring(0, cursor.length() - 3) + "xyz");
        assertThat(edited.status()).isEqualTo(400);
        assertThat(edited.json().get("scimType").textValue()).isEqualTo("invalidCursor");
        ScimHttp.Response otherQuery = large.get("/Users?count=5&cursor=" + cursor + "&" + filter("userName sw \"user1\""));
        assertThat(otherQuery.json().get("scimType").textValue()).isEqualTo("invalidCursor");
    }

    @Test
    void aDeepStartIndexWithoutAPreviousPageCountsIndexEntriesOnly() {
        Measured deep = measure("startIndex=9001 without a previous page", large, LARGE, "/Users?startIndex=9001&count=100");
        assertThat(deep.status()).isEqualTo(200);
        assertThat(deep.body().get("Resources").get(0).get("userName").textValue()).isEqualTo("user9000@large.example.org");
        assertThat(deep.byOperation().get("Query")).as("index entries counted, 10,000 at most, then the page").isLessThanOrEqualTo(8L);
    }
}
