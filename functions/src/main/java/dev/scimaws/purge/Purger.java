package dev.scimaws.purge;

import dev.scimaws.purge.PurgeStore.Candidate;
import dev.scimaws.purge.PurgeStore.Page;
import dev.scimaws.purge.PurgeStore.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Deletes users that have been deactivated for at least the retention period, oldest first, within
 * the invocation's time budget. Free of Lambda and DynamoDB types: storage is {@link PurgeStore}, the
 * remaining time a {@link LongSupplier}.
 *
 * <p>Resumable by construction: a purged user leaves the index of deactivated users, so the next run
 * starts from the index's beginning and meets only what is left (users not reached, failed ones, and
 * the markers of interrupted purges). Running twice in a row is harmless: the second run finds nothing
 * it has not already decided about.
 */
public final class Purger {

    private final PurgeStore store;
    private final Clock clock;
    private final PurgeSettings settings;
    private final BiConsumer<Candidate, RuntimeException> onFailure;

    /** @param onFailure told about every user whose purge failed (the run goes on with the next one) */
    public Purger(PurgeStore store, Clock clock, PurgeSettings settings, BiConsumer<Candidate, RuntimeException> onFailure) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.onFailure = onFailure;
    }

    /**
     * @param remainingMillis the invocation time left; no new page or user is started once it falls
     *                        below the safety margin
     */
    public PurgeReport run(PurgeRequest request, LongSupplier remainingMillis) {
        long started = System.nanoTime();
        Instant cutoff = cutoff(clock.instant(), request.retentionDays());
        PurgeReport report = new PurgeReport(request, cutoff);
        Map<String, String> after = null;
        pages:
        do {
            if (outOfTime(remainingMillis)) {
                report.stoppedEarly();
                break;
            }
            Page page = store.candidates(cutoff, request.tenant(), after, settings.pageSize());
            if (request.dryRun()) {
                page.candidates().forEach(c -> report.listed(c.tenant(), c.userId()));
            } else if (!page.candidates().isEmpty()) {
                List<Target> targets = store.load(page.candidates());
                for (Target target : targets) {
                    if (outOfTime(remainingMillis)) {
                        report.stoppedEarly();
                        break pages;
                    }
                    purge(target, report);
                }
            }
            after = page.next();
        } while (after != null);
        report.finished(Duration.ofNanos(System.nanoTime() - started).toMillis());
        return report;
    }

    /**
     * "Deactivated at least N days ago" includes the instant exactly N days ago. Stored times have
     * millisecond precision, so the cutoff is floored to the millisecond.
     */
    static Instant cutoff(Instant now, int retentionDays) {
        return now.truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(retentionDays));
    }

    private void purge(Target target, PurgeReport report) {
        String tenant = target.candidate().tenant();
        try {
            switch (store.purge(target)) {
                case PURGED -> report.purged(tenant);
                case NO_LONGER_SELECTED -> report.skipped(tenant);
            }
        } catch (RuntimeException e) {
            report.failed(tenant);
            onFailure.accept(target.candidate(), e);
        }
    }

    private boolean outOfTime(LongSupplier remainingMillis) {
        return remainingMillis.getAsLong() < settings.safetyMarginMillis();
    }
}
