package dev.scimaws.purge;

import java.util.Map;
import java.util.Set;

/**
 * What one run does. Built from the invocation payload: an EventBridge scheduled event runs with the
 * configured defaults; a manual payload {@code {"dryRun": true|false, "retentionDays": N, "tenant": "..."}}
 * overrides any of them.
 *
 * @param tenant one tenant only, or null for all
 */
public record PurgeRequest(int retentionDays, boolean dryRun, String tenant) {

    private static final Set<String> MANUAL_FIELDS = Set.of("dryRun", "retentionDays", "tenant");

    public PurgeRequest {
        PurgeSettings.checkRetention(retentionDays);
        if (tenant != null && (tenant.isBlank() || tenant.indexOf('#') >= 0)) {
            throw new IllegalArgumentException("tenant must be a tenant id (not blank, no '#'): '" + tenant + "'");
        }
    }

    public static PurgeRequest defaults(PurgeSettings settings) {
        return new PurgeRequest(settings.retentionDays(), settings.dryRun(), null);
    }

    /**
     * Reads an invocation payload. Unknown fields are rejected rather than ignored: a misspelt
     * {@code "dryrun": true} must not turn into a real purge.
     *
     * @throws IllegalArgumentException for a malformed payload (the run does nothing)
     */
    public static PurgeRequest from(Map<String, ?> payload, PurgeSettings settings) {
        if (payload == null || payload.isEmpty() || isScheduledEvent(payload)) {
            return defaults(settings);
        }
        for (String field : payload.keySet()) {
            if (!MANUAL_FIELDS.contains(field)) {
                throw new IllegalArgumentException("Unknown field '" + field + "'; expected any of " + MANUAL_FIELDS);
            }
        }
        return new PurgeRequest(
                retentionDays(payload.get("retentionDays"), settings.retentionDays()),
                dryRun(payload.get("dryRun"), settings.dryRun()),
                tenant(payload.get("tenant")));
    }

    /** An EventBridge scheduled event ({@code "source": "aws.events", "detail-type": "Scheduled Event"}). */
    static boolean isScheduledEvent(Map<String, ?> payload) {
        return "aws.events".equals(payload.get("source")) || "Scheduled Event".equals(payload.get("detail-type"));
    }

    private static int retentionDays(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long days = ((Number) value).longValue();
            if (days < 0 || days > PurgeSettings.MAX_RETENTION_DAYS) {
                throw new IllegalArgumentException("retentionDays must be between 0 and "
                        + PurgeSettings.MAX_RETENTION_DAYS + ": " + days);
            }
            return (int) days;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return retentionDays(number.longValue(), fallback);
        }
        if (value instanceof String text && text.trim().matches("\\d{1,9}")) {
            return retentionDays(Long.parseLong(text.trim()), fallback);
        }
        throw new IllegalArgumentException("retentionDays must be a whole number of days: " + value);
    }

    private static boolean dryRun(Object value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("dryRun must be true or false: " + value);
    }

    private static String tenant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("tenant must be a string: " + value);
    }
}
