package dev.scimaws.infra;

import java.util.function.Function;

/**
 * The provisioning events' settings, from CDK context like {@link ScimSettings} (docs/events.md lists them).
 *
 * @param fullResource events carry the full resource after the change (personal data: off by default)
 * @param archiveRetentionDays how long the bus archive keeps events for replay; 0 keeps them indefinitely
 * @param retryAttempts how often Lambda retries a failing batch before it goes to the failure queue
 * @param maxRecordAgeSeconds records older than this go to the failure queue instead of being retried
 * @param memoryMb the events function's memory
 */
public record EventsOptions(boolean fullResource, int archiveRetentionDays, int retryAttempts, int maxRecordAgeSeconds,
                            int memoryMb) {

    public static final String FULL_RESOURCE = "eventsFullResource";
    public static final String ARCHIVE_RETENTION_DAYS = "eventsArchiveRetentionDays";
    public static final String RETRY_ATTEMPTS = "eventsRetryAttempts";
    public static final String MAX_RECORD_AGE_SECONDS = "eventsMaxRecordAgeSeconds";
    public static final String MEMORY_MB = "eventsMemoryMb";

    public static final int DEFAULT_ARCHIVE_RETENTION_DAYS = 30;
    public static final int DEFAULT_RETRY_ATTEMPTS = 5;
    /** A day: the stream keeps records for 24 hours, so an older one is gone anyway. */
    public static final int DEFAULT_MAX_RECORD_AGE_SECONDS = 86_400;
    public static final int DEFAULT_MEMORY_MB = 512;

    public EventsOptions {
        check(archiveRetentionDays >= 0, ARCHIVE_RETENTION_DAYS + " must be 0 (indefinitely) or more days");
        // Lambda's bounds for stream event source mappings; -1 (infinite) is refused: retries stay bounded
        check(retryAttempts >= 0 && retryAttempts <= 10_000, RETRY_ATTEMPTS + " must be 0 to 10000");
        check(maxRecordAgeSeconds >= 60 && maxRecordAgeSeconds <= 604_800, MAX_RECORD_AGE_SECONDS + " must be 60 to 604800");
        check(memoryMb >= 128 && memoryMb <= 10_240, MEMORY_MB + " must be 128 to 10240");
    }

    public static EventsOptions fromContext(Function<String, Object> context) {
        return new EventsOptions(
                ScimSettings.booleanValue(context, FULL_RESOURCE, false),
                ScimSettings.intValue(context, ARCHIVE_RETENTION_DAYS, DEFAULT_ARCHIVE_RETENTION_DAYS),
                ScimSettings.intValue(context, RETRY_ATTEMPTS, DEFAULT_RETRY_ATTEMPTS),
                ScimSettings.intValue(context, MAX_RECORD_AGE_SECONDS, DEFAULT_MAX_RECORD_AGE_SECONDS),
                ScimSettings.intValue(context, MEMORY_MB, DEFAULT_MEMORY_MB));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
