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
                for (int from = 0; from < targets.size(); from += settings.batchSize()) {
                    if (outOfTime(remainingMillis)) {
                        report.stoppedEarly();
                        break pages;
                    }
                    purge(targets.subList(from, Math.min(targets.size(), from + settings.batchSize())), report);
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

    private void purge(List<Target> batch, PurgeReport report) {
        List<PurgeStore.Result> results = store.purgeAll(batch);
        for (int i = 0; i < batch.size(); i++) {
            Candidate candidate = batch.get(i).candidate();
            PurgeStore.Result result = results.get(i);
            if (result.failure() != null) {
                report.failed(candidate.tenant());
                onFailure.accept(candidate, result.failure());
            } else if (result.outcome() == PurgeStore.Outcome.PURGED) {
                report.purged(candidate.tenant());
            } else {
                report.skipped(candidate.tenant());
            }
        }
    }

    private boolean outOfTime(LongSupplier remainingMillis) {
        return remainingMillis.getAsLong() < settings.safetyMarginMillis();
    }
}
