package dev.scimaws.purge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one run, per tenant and in total. Operators alarm on {@code failed > 0} and on
 * {@code stoppedEarly} staying true across runs (the backlog outgrows one invocation).
 */
public final class PurgeReport {

    /** Ids listed per tenant in a dry run. */
    public static final int LISTED_IDS = 20;

    /** Counts for one tenant; in a dry run only {@code candidates} and the listed ids. */
    public static final class Counts {
        private long candidates;
        private long purged;
        private long skippedReactivated;
        private long failed;
        private final List<String> listedIds = new ArrayList<>();

        public long candidates() {
            return candidates;
        }

        public long purged() {
            return purged;
        }

        public long skippedReactivated() {
            return skippedReactivated;
        }

        public long failed() {
            return failed;
        }

        public List<String> listedIds() {
            return Collections.unmodifiableList(listedIds);
        }

        private void add(Counts other) {
            candidates += other.candidates;
            purged += other.purged;
            skippedReactivated += other.skippedReactivated;
            failed += other.failed;
        }

        private void write(ObjectNode node) {
            node.put("candidates", candidates);
            node.put("purged", purged);
            node.put("skippedReactivated", skippedReactivated);
            node.put("failed", failed);
        }
    }

    private final PurgeRequest request;
    private final Instant cutoff;
    private final Map<String, Counts> tenants = new TreeMap<>();
    private boolean stoppedEarly;
    private long durationMillis;

    PurgeReport(PurgeRequest request, Instant cutoff) {
        this.request = request;
        this.cutoff = cutoff;
    }

    void listed(String tenant, String userId) {
        Counts counts = counts(tenant);
        counts.candidates++;
        if (counts.listedIds.size() < LISTED_IDS) {
            counts.listedIds.add(userId);
        }
    }

    void purged(String tenant) {
        Counts counts = counts(tenant);
        counts.candidates++;
        counts.purged++;
    }

    void skipped(String tenant) {
        Counts counts = counts(tenant);
        counts.candidates++;
        counts.skippedReactivated++;
    }

    void failed(String tenant) {
        Counts counts = counts(tenant);
        counts.candidates++;
        counts.failed++;
    }

    void stoppedEarly() {
        stoppedEarly = true;
    }

    void finished(long millis) {
        durationMillis = millis;
    }

    private Counts counts(String tenant) {
        return tenants.computeIfAbsent(tenant, t -> new Counts());
    }

    public PurgeRequest request() {
        return request;
    }

    public Instant cutoff() {
        return cutoff;
    }

    public boolean isStoppedEarly() {
        return stoppedEarly;
    }

    public long durationMillis() {
        return durationMillis;
    }

    /** Per tenant, ordered by tenant id. */
    public Map<String, Counts> tenants() {
        return Collections.unmodifiableMap(tenants);
    }

    public Counts totals() {
        Counts totals = new Counts();
        tenants.values().forEach(totals::add);
        return totals;
    }

    /**
     * The summary as one JSON object: the Lambda's return value and, with a {@code message}, its log line.
     * Tenant ids and user ids are opaque identifiers, not personal data (no userName is reported).
     */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("dryRun", request.dryRun());
        node.put("retentionDays", request.retentionDays());
        node.put("cutoff", ScimTime.format(cutoff));
        if (request.tenant() != null) {
            node.put("tenant", request.tenant());
        }
        node.put("stoppedEarly", stoppedEarly);
        node.put("durationMs", durationMillis);
        totals().write(node.putObject("totals"));
        ObjectNode perTenant = node.putObject("tenants");
        tenants.forEach((tenant, counts) -> {
            ObjectNode entry = perTenant.putObject(tenant);
            counts.write(entry);
            if (request.dryRun()) {
                counts.listedIds.forEach(entry.putArray("wouldPurge")::add);
            }
        });
        return node;
    }
}
