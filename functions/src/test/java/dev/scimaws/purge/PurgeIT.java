package dev.scimaws.purge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.handler.PurgeHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.purge.PurgeStore.Outcome;
import dev.scimaws.purge.PurgeStore.Target;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.SchemaResourceRules;
import dev.scimaws.scim.ScimRequest;
import dev.scimaws.scim.ScimResponse;
import dev.scimaws.scim.UsersService;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.store.DynamoPurgeStore;
import dev.scimaws.store.DynamoUserStore;
import dev.scimaws.store.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The purge against the real engine: retention boundaries, memberships, races, interruption, volume. */
class PurgeIT {

    private static final String BASE = "https://scim.example.com/scim/v2";
    private static final Instant START = Instant.parse("2026-06-01T08:00:00.000Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private final MutableClock clock = new MutableClock(START);
    private DynamoDbClient dynamo;
    private String table;
    private Faults faults;
    private final CallCounter calls = new CallCounter();
    private UsersService users;
    private DynamoPurgeStore purgeStore;

    @BeforeEach
    void setUp() {
        DynamoEngine engine = DynamoEngine.get();
        table = engine.createTable("purge-it");
        faults = new Faults();
        dynamo = engine.client(faults, calls);
        users = new UsersService(new DynamoUserStore(dynamo, table, clock),
                new SchemaResourceRules(CoreSchemas.USER_TYPE), clock);
        purgeStore = new DynamoPurgeStore(dynamo, table, clock);
    }

    @AfterEach
    void closeClient() {
        dynamo.close();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private ScimResponse call(String tenant, String method, String id, Map<String, String> query, String body)
            throws ScimException {
        return users.handle(new ScimRequest(tenant, method, id, query,
                Map.of("Content-Type", "application/scim+json"), body, BASE, "it"));
    }

    private static JsonNode json(ScimResponse response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private String createUser(String tenant, String userName, boolean active) throws Exception {
        ScimResponse created = call(tenant, "POST", null, Map.of(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":%s}"""
                .formatted(userName, active));
        assertThat(created.status()).isEqualTo(201);
        return json(created).get("id").textValue();
    }

    private void setActive(String tenant, String id, boolean active) throws Exception {
        ScimResponse patched = call(tenant, "PATCH", id, Map.of(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":%s}}]}""".formatted(active));
        assertThat(patched.status()).isEqualTo(200);
    }

    private boolean exists(String tenant, String id) throws Exception {
        try {
            return call(tenant, "GET", id, Map.of(), null).status() == 200;
        } catch (ScimException e) {
            assertThat(e.getScimError().getStatus()).isEqualTo(404);
            return false;
        }
    }

    private int usersNamed(String tenant, String userName) throws Exception {
        ScimResponse found = call(tenant, "GET", null, Map.of("filter", "userName eq \"" + userName + "\""), null);
        return json(found).get("totalResults").intValue();
    }

    /** The tenant's user count as the list endpoints read it (the counters). */
    private long userCount(String tenant) {
        return new DynamoUserStore(dynamo, table, clock).count(tenant);
    }

    /** A membership item in the layout the Groups store writes (one item per member, byMember index). */
    private void addMembership(String tenant, String groupId, String userId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PARTITION_KEY, AttributeValue.fromS("T#" + tenant + "#G#" + groupId));
        item.put(TableDefinition.SORT_KEY, AttributeValue.fromS("M#" + userId));
        item.put(TableDefinition.BY_MEMBER.partitionKey(), AttributeValue.fromS("T#" + tenant + "#MEMBER#" + userId));
        item.put(TableDefinition.BY_MEMBER.sortKey(), AttributeValue.fromS(groupId));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private List<String> membersOf(String tenant, String groupId) {
        List<String> members = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("#pk = :pk AND begins_with(#sk, :m)")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY, "#sk", TableDefinition.SORT_KEY))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("T#" + tenant + "#G#" + groupId),
                                ":m", AttributeValue.fromS("M#"))))
                .items().forEach(item -> members.add(item.get(TableDefinition.SORT_KEY).s().substring(2)));
        return members;
    }

    /** Everything in the table whose sort key is {@code PURGING} (test-only check, a scan is fine here). */
    private long markers() {
        return dynamo.scanPaginator(ScanRequest.builder().tableName(table).build()).items().stream()
                .filter(item -> "PURGING".equals(item.get(TableDefinition.SORT_KEY).s())).count();
    }

    private Purger purger(PurgeStore store) {
        return new Purger(store, clock, PurgeSettings.defaults().withSafetyMarginMillis(1_000), (c, e) -> {});
    }

    private PurgeReport purge(int retentionDays) {
        return purger(purgeStore).run(new PurgeRequest(retentionDays, false, null), () -> Long.MAX_VALUE);
    }

    // ---- behaviour ------------------------------------------------------------------------------

    @Test
    void retentionBoundaryJustBeforeAtAndAfterTheCutoff() throws Exception {
        String early = createUser("acme", "early@example.org", false);
        clock.advance(Duration.ofMillis(1));
        String exact = createUser("acme", "exact@example.org", false);
        clock.advance(Duration.ofMillis(1));
        String late = createUser("acme", "late@example.org", false);
        String active = createUser("acme", "active@example.org", true);

        // now - 30 days == the deactivation time of "exact"
        clock.set(START.plusMillis(1).plus(RETENTION));
        PurgeReport report = purge(30);

        assertThat(exists("acme", early)).isFalse();
        assertThat(exists("acme", exact)).as("deactivated exactly 30 days ago").isFalse();
        assertThat(exists("acme", late)).as("1 ms short of 30 days").isTrue();
        assertThat(exists("acme", active)).isTrue();
        assertThat(report.totals().purged()).isEqualTo(2);
        assertThat(report.totals().candidates()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        assertThat(purge(30).totals().purged()).isEqualTo(1);
        assertThat(exists("acme", late)).isFalse();
        assertThat(exists("acme", active)).as("active users are never candidates, even with retention 0").isTrue();
        assertThat(purge(0).totals().candidates()).isZero();
    }

    @Test
    void deactivationTimeIsKeptWhileInactiveAndRestartsAfterReactivation() throws Exception {
        String id = createUser("acme", "jane@example.org", true);
        setActive("acme", id, false);
        clock.advance(Duration.ofDays(20));
        call("acme", "PATCH", id, Map.of(), """
                {"Operations":[{"op":"replace","path":"displayName","value":"Jane"}]}""");
        clock.advance(Duration.ofDays(10));
        assertThat(purge(30).totals().purged()).as("still counted from the first deactivation").isEqualTo(1);

        String bob = createUser("acme", "bob@example.org", false);
        clock.advance(Duration.ofDays(29));
        setActive("acme", bob, true);
        setActive("acme", bob, false);
        clock.advance(Duration.ofDays(2));
        assertThat(purge(30).totals().candidates()).isZero();
        assertThat(exists("acme", bob)).isTrue();
    }

    @Test
    void membershipsAreRemovedAndOtherMembersKept() throws Exception {
        String gone = createUser("acme", "gone@example.org", false);
        String stays = createUser("acme", "stays@example.org", true);
        for (String group : List.of("g1", "g2", "g3")) {
            addMembership("acme", group, gone);
            addMembership("acme", group, stays);
        }
        addMembership("globex", "g1", gone); // same ids in another tenant are another tenant's items

        clock.advance(RETENTION);
        assertThat(purge(30).totals().purged()).isEqualTo(1);

        for (String group : List.of("g1", "g2", "g3")) {
            assertThat(membersOf("acme", group)).containsExactly(stays);
        }
        assertThat(membersOf("globex", "g1")).containsExactly(gone);
    }

    @Test
    void userWithMoreMembershipsThanATransactionHoldsIsPurgedCompletely() throws Exception {
        String id = createUser("acme", "busy@example.org", false);
        for (int g = 0; g < 260; g++) {
            addMembership("acme", "group-" + g, id);
        }
        clock.advance(RETENTION);

        PurgeReport report = purge(30);

        assertThat(report.totals().purged()).isEqualTo(1);
        assertThat(exists("acme", id)).isFalse();
        assertThat(membersOf("acme", "group-0")).isEmpty();
        assertThat(membersOf("acme", "group-259")).isEmpty();
        assertThat(markers()).isZero();
        assertThat(purge(0).totals().candidates()).isZero();
    }

    @Test
    void aPurgeInterruptedAfterTheUserIsFinishedByTheNextRun() throws Exception {
        String id = createUser("acme", "crash@example.org", false);
        for (int g = 0; g < 120; g++) {
            addMembership("acme", "group-" + g, id);
        }
        clock.advance(RETENTION);

        faults.failOn("BatchWriteItem", 2); // the crash: after the transaction, between membership batches
        PurgeReport crashed = purge(30);

        assertThat(crashed.totals().failed()).isEqualTo(1);
        assertThat(exists("acme", id)).as("the user went in the transaction").isFalse();
        assertThat(usersNamed("acme", "crash@example.org")).isZero();
        assertThat(markers()).isEqualTo(1);
        long left = java.util.stream.IntStream.range(0, 120).filter(g -> !membersOf("acme", "group-" + g).isEmpty()).count();
        assertThat(left).as("memberships still to delete").isEqualTo(120 - 25);

        PurgeReport dry = purger(purgeStore).run(new PurgeRequest(30, true, null), () -> Long.MAX_VALUE);
        assertThat(dry.tenants().get("acme").listedIds()).containsExactly(id);

        faults.clear();
        PurgeReport resumed = purge(30);
        assertThat(resumed.totals().purged()).isEqualTo(1);
        assertThat(resumed.totals().failed()).isZero();
        assertThat(java.util.stream.IntStream.range(0, 120).allMatch(g -> membersOf("acme", "group-" + g).isEmpty())).isTrue();
        assertThat(markers()).isZero();
        assertThat(purge(0).totals().candidates()).isZero();
    }

    @Test
    void userNameIsFreeAgainAfterThePurge() throws Exception {
        String old = createUser("acme", "Reuse@Example.org", false);
        clock.advance(RETENTION);
        purge(30);

        String fresh = createUser("acme", "reuse@example.org", true);

        assertThat(fresh).isNotEqualTo(old);
        assertThat(usersNamed("acme", "REUSE@example.org")).isEqualTo(1);
    }

    @Test
    void userReactivatedBetweenSelectionAndDeleteSurvivesWithItsMemberships() throws Exception {
        String racer = createUser("acme", "racer@example.org", false);
        String other = createUser("acme", "other@example.org", false);
        addMembership("acme", "g1", racer);
        addMembership("acme", "g1", other);
        clock.advance(RETENTION);

        AtomicBoolean reactivated = new AtomicBoolean();
        PurgeStore racing = new Delegating(purgeStore) {
            @Override
            public Outcome purge(Target target) {
                // the reactivation lands after the candidate was selected and loaded, before its delete
                if (target.candidate().userId().equals(racer) && reactivated.compareAndSet(false, true)) {
                    try {
                        setActive("acme", racer, true);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return super.purge(target);
            }
        };
        PurgeReport report = purger(racing).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(reactivated).isTrue();
        assertThat(report.totals().skippedReactivated()).isEqualTo(1);
        assertThat(report.totals().purged()).isEqualTo(1);
        assertThat(exists("acme", racer)).isTrue();
        assertThat(usersNamed("acme", "racer@example.org")).as("its userName lock is intact").isEqualTo(1);
        assertThat(membersOf("acme", "g1")).containsExactly(racer);
        assertThat(exists("acme", other)).isFalse();
    }

    @Test
    void usersAreDeletedTogetherAndOneReactivatedMeanwhileSurvivesWithItsMemberships() throws Exception {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(createUser("acme", "batch" + i + "@example.org", false));
        }
        String racer = createUser("acme", "batch-racer@example.org", false);
        addMembership("acme", "g1", racer);
        addMembership("acme", "g1", others.get(0));
        addMembership("acme", "g2", others.get(0));
        clock.advance(RETENTION);
        // the reactivation lands after selection and loading, before the shared transaction
        PurgeStore racing = new AfterLoad(purgeStore, () -> setActive("acme", racer, true)) {
            @Override
            public List<Result> purgeAll(List<Target> targets) {
                return purgeStore.purgeAll(targets);
            }
        };

        calls.reset();
        PurgeReport report = purger(racing).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(calls.count("TransactWriteItems")).as("all five together, refused for the racer; the four again").isEqualTo(2);
        assertThat(report.totals().purged()).isEqualTo(4);
        assertThat(report.totals().skippedReactivated()).isEqualTo(1);
        assertThat(userCount("acme")).as("the counter change recomputed for the four").isEqualTo(1);
        assertThat(exists("acme", racer)).isTrue();
        assertThat(usersNamed("acme", "batch-racer@example.org")).isEqualTo(1);
        assertThat(membersOf("acme", "g1")).containsExactly(racer);
        assertThat(membersOf("acme", "g2")).isEmpty();
        for (String other : others) {
            assertThat(exists("acme", other)).isFalse();
        }
    }

    @Test
    void aTransactionHoldsAtMostAHundredActionsAndTheUsersThatFit() throws Exception {
        // 22 users with 6 memberships each: 9 actions a user (user, lock, tombstone, memberships); 11 users and
        // the tenant's one counter change are exactly 100 actions
        for (int i = 0; i < 22; i++) {
            String id = createUser("acme", "full" + i + "@example.org", false);
            for (int g = 0; g < 6; g++) {
                addMembership("acme", "g" + g, id);
            }
        }
        clock.advance(RETENTION);

        calls.reset();
        PurgeReport report = purger(purgeStore).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(report.totals().purged()).isEqualTo(22);
        assertThat(calls.snapshot()).isEqualTo(Map.of("Query", 23L, "BatchGetItem", 1L, "TransactWriteItems", 2L));
        for (int g = 0; g < 6; g++) {
            assertThat(membersOf("acme", "g" + g)).isEmpty();
        }
        assertThat(userCount("acme")).isZero();
    }

    @Test
    void theCounterChangeCountsInTheHundredActions() throws Exception {
        // 20 users with 2 memberships each: 5 actions a user, 100 for all of them, 101 with the counter change
        for (int i = 0; i < 20; i++) {
            String id = createUser("acme", "budget" + i + "@example.org", false);
            addMembership("acme", "g0", id);
            addMembership("acme", "g1", id);
        }
        clock.advance(RETENTION);

        calls.reset();
        PurgeReport report = purger(purgeStore).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(report.totals().purged()).isEqualTo(20);
        assertThat(calls.count("TransactWriteItems")).as("19 users and the counter change, then the last one").isEqualTo(2);
        assertThat(userCount("acme")).isZero();
    }

    /** Two changes of one counter item in a transaction are refused: one change per tenant, by its number of users. */
    @Test
    void usersOfSeveralTenantsShareATransactionWithOneCounterChangePerTenant() throws Exception {
        for (int i = 0; i < 10; i++) {
            createUser("acme", "acme" + i + "@example.org", false);
            createUser("beta", "beta" + i + "@example.org", false);
        }
        clock.advance(RETENTION);

        calls.reset();
        PurgeReport report = purger(purgeStore).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(report.totals().purged()).isEqualTo(20);
        assertThat(report.totals().failed()).isZero();
        assertThat(calls.count("TransactWriteItems")).as("20 users of two tenants in one transaction").isEqualTo(1);
        assertThat(userCount("acme")).isZero();
        assertThat(userCount("beta")).isZero();
    }

    @Test
    void userReactivatedAndDeactivatedAgainAfterSelectionIsNotPurged() throws Exception {
        String id = createUser("acme", "flip@example.org", false);
        clock.advance(RETENTION);
        PurgeStore racing = new AfterLoad(purgeStore, () -> {
            setActive("acme", id, true);
            clock.advance(Duration.ofMillis(5));
            setActive("acme", id, false);
        });
        PurgeReport report = purger(racing).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(report.totals().skippedReactivated()).isEqualTo(1);
        assertThat(exists("acme", id)).isTrue();
    }

    @Test
    void userRenamedAfterSelectionIsPurgedUnderItsNewName() throws Exception {
        String id = createUser("acme", "before@example.org", false);
        clock.advance(RETENTION);
        AtomicBoolean renamed = new AtomicBoolean();
        PurgeStore racing = new Delegating(purgeStore) {
            @Override
            public Outcome purge(Target target) {
                if (renamed.compareAndSet(false, true)) {
                    try {
                        call("acme", "PATCH", id, Map.of(), """
                                {"Operations":[{"op":"replace","path":"userName","value":"after@example.org"}]}""");
                    } catch (ScimException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return super.purge(target);
            }
        };

        calls.reset();
        PurgeReport report = purger(racing).run(new PurgeRequest(30, false, null), () -> Long.MAX_VALUE);

        assertThat(calls.count("TransactWriteItems")).as("the rename, the purge refused on the old lock, the retry").isEqualTo(3);
        assertThat(report.totals().purged()).isEqualTo(1);
        assertThat(exists("acme", id)).isFalse();
        assertThat(usersNamed("acme", "after@example.org")).isZero();
        createUser("acme", "after@example.org", true);
        createUser("acme", "before@example.org", true);
    }

    @Test
    void oneTenantOnly() throws Exception {
        String a = createUser("acme", "a@example.org", false);
        String g = createUser("globex", "g@example.org", false);
        clock.advance(RETENTION);

        PurgeReport report = purger(purgeStore).run(new PurgeRequest(30, false, "globex"), () -> Long.MAX_VALUE);

        assertThat(report.tenants()).containsOnlyKeys("globex");
        assertThat(exists("globex", g)).isFalse();
        assertThat(exists("acme", a)).isTrue();
    }

    @Test
    void runStoppedByTheTimeBudgetResumesOnTheNextRun() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(createUser(i % 2 == 0 ? "acme" : "globex", "u" + i + "@example.org", false));
        }
        clock.advance(RETENTION);
        Purger purger = new Purger(purgeStore, clock, PurgeSettings.defaults().withSafetyMarginMillis(1_000).withPageSize(40)
                .withBatchSize(5), (c, e) -> {});

        // 11 looks: a page (1) and its 8 batches, the next page and 1 batch: 45 users
        PurgeReport first = purger.run(new PurgeRequest(30, false, null), budget(1_000 + 10));
        assertThat(first.isStoppedEarly()).isTrue();
        assertThat(first.totals().purged()).isEqualTo(45);
        assertThat(first.totals().failed()).isZero();

        PurgeReport second = purger.run(new PurgeRequest(30, false, null), budget(1_000 + 1_000));
        assertThat(second.isStoppedEarly()).isFalse();
        assertThat(first.totals().purged() + second.totals().purged()).isEqualTo(150);
        for (int i = 0; i < 150; i++) {
            assertThat(exists(i % 2 == 0 ? "acme" : "globex", ids.get(i))).isFalse();
        }
        assertThat(purger.run(new PurgeRequest(30, false, null), budget(1_000_000)).totals().candidates()).isZero();
    }

    /** A deterministic budget: every look at the remaining time spends one millisecond. */
    private static LongSupplier budget(long millis) {
        AtomicLong remaining = new AtomicLong(millis);
        return remaining::getAndDecrement;
    }

    @Test
    void handlerRunsTheSampleEvents() throws Exception {
        String id = createUser("acme", "event@example.org", false);
        addMembership("acme", "g1", id);
        PurgeHandler handler = new PurgeHandler(new Wiring(dynamo, table, clock), PurgeSettings.defaults());

        Map<String, Object> dry = handler.handleRequest(event("dry-run.json"), null);
        assertThat(dry).containsEntry("dryRun", true).containsEntry("retentionDays", 30);
        assertThat(exists("acme", id)).isTrue();

        Map<String, Object> scheduled = handler.handleRequest(event("scheduled.json"), null);
        assertThat(scheduled).containsEntry("stoppedEarly", false);
        assertThat(exists("acme", id)).as("only 0 days deactivated; the schedule keeps 30").isTrue();

        Map<String, Object> dryNow = handler.handleRequest(Map.of("dryRun", true, "retentionDays", 0), null);
        assertThat(Json.MAPPER.valueToTree(dryNow).at("/tenants/acme/wouldPurge/0").textValue()).isEqualTo(id);
        assertThat(exists("acme", id)).isTrue();

        Map<String, Object> now = handler.handleRequest(event("purge-now.json"), null);
        JsonNode summary = Json.MAPPER.valueToTree(now);
        assertThat(summary.at("/totals/purged").longValue()).isEqualTo(1);
        assertThat(summary.at("/tenants/acme/purged").longValue()).isEqualTo(1);
        assertThat(summary.at("/tenants/acme/skippedReactivated").longValue()).isZero();
        assertThat(summary.at("/tenants/acme/failed").longValue()).isZero();
        assertThat(summary.get("cutoff").textValue()).isEqualTo("2026-06-01T08:00:00.000Z");
        assertThat(exists("acme", id)).isFalse();
        assertThat(membersOf("acme", "g1")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(String name) throws Exception {
        Path file = Path.of(System.getProperty("scim.events.dir", "../events"), "purge", name);
        return Json.MAPPER.readValue(Files.readString(file), Map.class);
    }

    /** Passes everything to the real store; tests override one step to inject a race. */
    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} right after the candidates were loaded, before anything is deleted. */
    private static class AfterLoad extends Delegating {
        private final Action action;

        AfterLoad(PurgeStore delegate, Action action) {
            super(delegate);
            this.action = action;
        }

        @Override
        public List<Target> load(List<PurgeStore.Candidate> candidates) {
            List<Target> targets = super.load(candidates);
            try {
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return targets;
        }
    }

    private static class Delegating implements PurgeStore {
        private final PurgeStore delegate;

        Delegating(PurgeStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Page candidates(Instant deactivatedUpTo, String tenant, Map<String, String> after, int limit) {
            return delegate.candidates(deactivatedUpTo, tenant, after, limit);
        }

        @Override
        public List<Target> load(List<Candidate> candidates) {
            return delegate.load(candidates);
        }

        @Override
        public Outcome purge(Target target) {
            return delegate.purge(target);
        }
    }
}
