package dev.scimaws.infra;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The alarms' thresholds and where they are sent, read from CDK context ({@code cdk deploy -c key=value})
 * like {@link ScimSettings}, with the defaults documented in docs/operations.md. Alarms without a setting
 * fire on the first occurrence (a function error, a throttle, a failed purge, a message in a failure queue):
 * each of those is a fault, not a rate.
 *
 * @param email                   subscribed to the alarm topic when present (the address confirms by mail)
 * @param serverErrorPercent      5xx answers as a share of all requests over 5 minutes
 * @param unauthorizedPer5Minutes 401 answers in 5 minutes: someone trying tokens, or a client with a revoked one
 * @param latencyP99Ms            API Gateway's p99 latency over 5 minutes, in 2 of 3 periods (Okta's SCIM test allows 600 ms)
 * @param dynamoThrottlesPer5Minutes DynamoDB requests throttled in 5 minutes (the SDK retries a few first)
 * @param purgeStoppedEarlyRuns   daily periods in a row in which the purge stopped before finishing its backlog
 */
public record AlarmSettings(Optional<String> email, double serverErrorPercent, int unauthorizedPer5Minutes,
        int latencyP99Ms, int dynamoThrottlesPer5Minutes, int purgeStoppedEarlyRuns) {

    public static final String EMAIL = "alarmEmail";
    public static final String SERVER_ERROR_PERCENT = "alarmServerErrorPercent";
    public static final String UNAUTHORIZED_PER_5_MINUTES = "alarmUnauthorizedPer5Minutes";
    public static final String LATENCY_P99_MS = "alarmLatencyP99Ms";
    public static final String DYNAMO_THROTTLES_PER_5_MINUTES = "alarmDynamoThrottlesPer5Minutes";
    public static final String PURGE_STOPPED_EARLY_RUNS = "alarmPurgeStoppedEarlyRuns";

    public static final double DEFAULT_SERVER_ERROR_PERCENT = 1;
    public static final int DEFAULT_UNAUTHORIZED_PER_5_MINUTES = 50;
    /** What Okta's own SCIM test allows a response. */
    public static final int DEFAULT_LATENCY_P99_MS = 600;
    public static final int DEFAULT_DYNAMO_THROTTLES_PER_5_MINUTES = 5;
    public static final int DEFAULT_PURGE_STOPPED_EARLY_RUNS = 2;

    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public AlarmSettings {
        email.ifPresent(address -> {
            if (!EMAIL_SHAPE.matcher(address).matches()) {
                throw new IllegalArgumentException(EMAIL + " must be an e-mail address, got '" + address + "'");
            }
        });
        if (!(serverErrorPercent > 0 && serverErrorPercent <= 100)) {
            throw new IllegalArgumentException(SERVER_ERROR_PERCENT + " must be above 0 and at most 100, got " + serverErrorPercent);
        }
        requirePositive(UNAUTHORIZED_PER_5_MINUTES, unauthorizedPer5Minutes);
        requirePositive(LATENCY_P99_MS, latencyP99Ms);
        requirePositive(DYNAMO_THROTTLES_PER_5_MINUTES, dynamoThrottlesPer5Minutes);
        requirePositive(PURGE_STOPPED_EARLY_RUNS, purgeStoppedEarlyRuns);
    }

    public static AlarmSettings defaults() {
        return fromContext(key -> null);
    }

    /** Reads each setting from CDK context as {@link ScimSettings} does (strings from {@code -c}, numbers from cdk.json). */
    public static AlarmSettings fromContext(Function<String, Object> context) {
        return new AlarmSettings(
                ScimSettings.string(context, EMAIL),
                ScimSettings.doubleValue(context, SERVER_ERROR_PERCENT, DEFAULT_SERVER_ERROR_PERCENT),
                ScimSettings.intValue(context, UNAUTHORIZED_PER_5_MINUTES, DEFAULT_UNAUTHORIZED_PER_5_MINUTES),
                ScimSettings.intValue(context, LATENCY_P99_MS, DEFAULT_LATENCY_P99_MS),
                ScimSettings.intValue(context, DYNAMO_THROTTLES_PER_5_MINUTES, DEFAULT_DYNAMO_THROTTLES_PER_5_MINUTES),
                ScimSettings.intValue(context, PURGE_STOPPED_EARLY_RUNS, DEFAULT_PURGE_STOPPED_EARLY_RUNS));
    }

    private static void requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be 1 or more, got " + value);
        }
    }
}
