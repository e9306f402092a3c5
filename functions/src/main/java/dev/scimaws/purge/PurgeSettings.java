package dev.scimaws.purge;

import java.util.function.Function;

/**
 * Defaults and limits of the purge, read once per execution environment from the function's
 * environment. A manual invocation may override {@code retentionDays} and {@code dryRun} per run
 * ({@link PurgeRequest}); the limits are operational and only configurable here.
 *
 * @param retentionDays      a user is purged once deactivated at least this many days; 0 purges every
 *                           deactivated user
 * @param dryRun             list what would be purged, change nothing
 * @param safetyMarginMillis stop starting new work when less than this much invocation time remains
 * @param pageSize           candidates read per index page (and per consistent batch read, at most 100)
 */
public record PurgeSettings(int retentionDays, boolean dryRun, long safetyMarginMillis, int pageSize, int batchSize) {

    public static final String RETENTION_DAYS_ENV = "SCIM_PURGE_RETENTION_DAYS";
    public static final String DRY_RUN_ENV = "SCIM_PURGE_DRY_RUN";
    public static final String SAFETY_MARGIN_ENV = "SCIM_PURGE_SAFETY_MARGIN_MS";

    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** Larger than the longest single step (one user with a few hundred memberships) by a wide margin. */
    public static final long DEFAULT_SAFETY_MARGIN_MILLIS = 10_000;
    /** BatchGetItem reads at most 100 keys per call; one page is one batch read. */
    public static final int MAX_PAGE_SIZE = 100;
    /**
     * Users handed to the store at once (it deletes up to 50 without memberships in one transaction); the
     * remaining time is checked before each batch, so a batch must stay well inside the safety margin (50
     * users are 50 Queries and a few transactions: well under a second against DynamoDB).
     */
    public static final int DEFAULT_BATCH_SIZE = 50;
    /** About 270 years: larger values are a typo, and would overflow the cutoff computation. */
    static final int MAX_RETENTION_DAYS = 100_000;

    public PurgeSettings {
        checkRetention(retentionDays);
        if (safetyMarginMillis < 0) {
            throw new IllegalArgumentException("The safety margin must not be negative: " + safetyMarginMillis);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("The page size must be between 1 and " + MAX_PAGE_SIZE + ": " + pageSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("The batch size must be 1 or more: " + batchSize);
        }
    }

    public PurgeSettings(int retentionDays, boolean dryRun, long safetyMarginMillis, int pageSize) {
        this(retentionDays, dryRun, safetyMarginMillis, pageSize, DEFAULT_BATCH_SIZE);
    }

    public static PurgeSettings defaults() {
        return new PurgeSettings(DEFAULT_RETENTION_DAYS, false, DEFAULT_SAFETY_MARGIN_MILLIS, MAX_PAGE_SIZE);
    }

    public static PurgeSettings fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    /** Unset or blank variables take the defaults; a malformed value fails the initialisation loudly. */
    public static PurgeSettings fromEnvironment(Function<String, String> env) {
        return new PurgeSettings(
                intValue(env, RETENTION_DAYS_ENV, DEFAULT_RETENTION_DAYS),
                booleanValue(env, DRY_RUN_ENV, false),
                longValue(env, SAFETY_MARGIN_ENV, DEFAULT_SAFETY_MARGIN_MILLIS),
                MAX_PAGE_SIZE);
    }

    public PurgeSettings withSafetyMarginMillis(long millis) {
        return new PurgeSettings(retentionDays, dryRun, millis, pageSize, batchSize);
    }

    public PurgeSettings withPageSize(int size) {
        return new PurgeSettings(retentionDays, dryRun, safetyMarginMillis, size, batchSize);
    }

    public PurgeSettings withBatchSize(int size) {
        return new PurgeSettings(retentionDays, dryRun, safetyMarginMillis, pageSize, size);
    }

    static void checkRetention(int days) {
        if (days < 0 || days > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("retentionDays must be between 0 and " + MAX_RETENTION_DAYS + ": " + days);
        }
    }

    private static String raw(Function<String, String> env, String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int intValue(Function<String, String> env, String name, int fallback) {
        String value = raw(env, name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number: '" + value + "'");
        }
    }

    private static long longValue(Function<String, String> env, String name, long fallback) {
        String value = raw(env, name);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number: '" + value + "'");
        }
    }

    private static boolean booleanValue(Function<String, String> env, String name, boolean fallback) {
        String value = raw(env, name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(name + " must be true or false: '" + value + "'");
        };
    }
}
