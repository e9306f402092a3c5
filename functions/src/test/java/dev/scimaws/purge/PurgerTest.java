package dev.scimaws.purge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.purge.PurgeStore.Candidate;
import dev.scimaws.purge.PurgeStore.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PurgerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00.000Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** One user per batch: the time is checked before each user (batching has its own test). */
    private static final PurgeSettings SETTINGS = PurgeSettings.defaults().withSafetyMarginMillis(1_000).withPageSize(10)
            .withBatchSize(1);

    private final FakePurgeStore store = new FakePurgeStore();
    private final List<Candidate> failures = new ArrayList<>();
    private final Purger purger = new Purger(store, CLOCK, SETTINGS, (c, e) -> failures.add(c));

    private static PurgeRequest real(int days) {
        return new PurgeRequest(days, false, null);
    }

    private static long unlimited() {
        return Long.MAX_VALUE;
    }

    @Test
    void cutoffIsRetentionBeforeNowFlooredToTheMillisecond() {
        assertThat(Purger.cutoff(Instant.parse("2026-11-28T03:00:00.123456Z"), 30))
                .isEqualTo(Instant.parse("2026-10-29T03:00:00.123Z"));
        assertThat(Purger.cutoff(NOW, 0)).isEqualTo(NOW);
    }

    @Test
    void purgesUsersDeactivatedAtOrBeforeTheCutoffOnly() {
        Instant cutoff = NOW.minus(Duration.ofDays(30));
        store.deactivated("acme", "before", cutoff.minusMillis(1))
                .deactivated("acme", "at", cutoff)
                .deactivated("acme", "after", cutoff.plusMillis(1));

        PurgeReport report = purger.run(real(30), PurgerTest::unlimited);

        assertThat(store.purgedIds).containsExactly("before", "at");
        assertThat(report.cutoff()).isEqualTo(cutoff);
        assertThat(report.totals().purged()).isEqualTo(2);
        assertThat(report.isStoppedEarly()).isFalse();
    }

    @Test
    void countsPerTenantAndContinuesAfterAFailure() {
        for (int i = 0; i < 25; i++) {
            store.deactivated(i % 2 == 0 ? "acme" : "globex", "u" + i, NOW.minus(Duration.ofDays(40)).plusSeconds(i));
        }
        store.scripted.put("u3", t -> Outcome.NO_LONGER_SELECTED);
        store.scripted.put("u4", t -> {
            throw new IllegalStateException("throttled");
        });

        PurgeReport report = purger.run(real(30), PurgerTest::unlimited);

        PurgeReport.Counts acme = report.tenants().get("acme");
        PurgeReport.Counts globex = report.tenants().get("globex");
        assertThat(acme.candidates()).isEqualTo(13);
        assertThat(acme.purged()).isEqualTo(12);
        assertThat(acme.failed()).isEqualTo(1);
        assertThat(globex.candidates()).isEqualTo(12);
        assertThat(globex.purged()).isEqualTo(11);
        assertThat(globex.skippedReactivated()).isEqualTo(1);
        assertThat(report.totals().candidates()).isEqualTo(25);
        assertThat(failures).extracting(Candidate::userId).containsExactly("u4");
        assertThat(store.candidateCalls).as("pages of 10").isEqualTo(3);
    }

    @Test
    void dryRunListsTheFirstTwentyIdsPerTenantAndChangesNothing() {
        for (int i = 0; i < 45; i++) {
            store.deactivated(i < 30 ? "acme" : "globex", String.format("u%02d", i), NOW.minus(Duration.ofDays(31)).plusSeconds(i));
        }

        PurgeReport report = purger.run(new PurgeRequest(30, true, null), PurgerTest::unlimited);

        assertThat(store.loadCalls).isZero();
        assertThat(store.purgeCalls).isZero();
        assertThat(store.index).hasSize(45);
        assertThat(report.tenants().get("acme").candidates()).isEqualTo(30);
        assertThat(report.tenants().get("acme").listedIds()).hasSize(20).startsWith("u00", "u01").endsWith("u19");
        assertThat(report.tenants().get("globex").listedIds()).hasSize(15);
        JsonNode json = report.toJson();
        assertThat(json.get("dryRun").booleanValue()).isTrue();
        assertThat(json.at("/tenants/acme/wouldPurge")).hasSize(20);
        assertThat(json.at("/totals/candidates").longValue()).isEqualTo(45);
        assertThat(json.at("/totals/purged").longValue()).isZero();
    }

    @Test
    void stopsBeforeTheSafetyMarginAndTheNextRunContinues() {
        for (int i = 0; i < 30; i++) {
            store.deactivated("acme", "u" + i, NOW.minus(Duration.ofDays(60)).plusSeconds(i));
        }
        AtomicLong remaining = new AtomicLong(1_000 + 12 * 100);
        // every look at the clock costs 100 ms of the budget
        PurgeReport first = purger.run(real(30), () -> remaining.getAndAdd(-100));

        assertThat(first.isStoppedEarly()).isTrue();
        assertThat(first.totals().purged()).isBetween(1L, 29L);
        assertThat(store.index).hasSize(30 - (int) first.totals().purged());

        PurgeReport second = purger.run(real(30), PurgerTest::unlimited);
        assertThat(second.isStoppedEarly()).isFalse();
        assertThat(first.totals().purged() + second.totals().purged()).isEqualTo(30);
        assertThat(store.index).isEmpty();
    }

    @Test
    void handsThePageToTheStoreInBatchesAndChecksTheTimeBeforeEach() {
        for (int i = 0; i < 23; i++) {
            store.deactivated("acme", "u" + i, NOW.minus(Duration.ofDays(60)).plusSeconds(i));
        }
        Purger batching = new Purger(store, CLOCK, SETTINGS.withPageSize(20).withBatchSize(8), (c, e) -> failures.add(c));
        AtomicLong looks = new AtomicLong();

        PurgeReport report = batching.run(real(30), () -> {
            looks.incrementAndGet();
            return unlimited();
        });

        assertThat(store.batches).containsExactly(8, 8, 4, 3);
        assertThat(report.totals().purged()).isEqualTo(23);
        assertThat(looks.get()).as("before each page (2, and the empty end) and each batch (4)").isBetween(6L, 7L);
    }

    @Test
    void noTimeAtAllDoesNoWork() {
        store.deactivated("acme", "u1", NOW.minus(Duration.ofDays(60)));

        PurgeReport report = purger.run(real(30), () -> 999);

        assertThat(report.isStoppedEarly()).isTrue();
        assertThat(store.candidateCalls).isZero();
        assertThat(store.index).hasSize(1);
    }

    @Test
    void oneTenantIsPassedToTheStoreAndReported() {
        store.deactivated("acme", "a", NOW.minus(Duration.ofDays(60)))
                .deactivated("globex", "g", NOW.minus(Duration.ofDays(60)));

        PurgeReport report = purger.run(new PurgeRequest(30, false, "globex"), PurgerTest::unlimited);

        assertThat(store.lastTenantFilter).isEqualTo("globex");
        assertThat(store.purgedIds).containsExactly("g");
        assertThat(report.tenants()).containsOnlyKeys("globex");
        assertThat(report.toJson().get("tenant").textValue()).isEqualTo("globex");
    }

    @Test
    void runningTwiceIsHarmless() {
        store.deactivated("acme", "a", NOW.minus(Duration.ofDays(60)));
        purger.run(real(30), PurgerTest::unlimited);

        PurgeReport again = purger.run(real(30), PurgerTest::unlimited);

        assertThat(again.totals().candidates()).isZero();
        assertThat(again.tenants()).isEmpty();
        assertThat(again.toJson().at("/totals/failed").longValue()).isZero();
    }
}
