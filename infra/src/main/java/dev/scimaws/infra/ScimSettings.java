package dev.scimaws.infra;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Everything a deployment can choose, read from CDK context values ({@code cdk deploy -c key=value}
 * or the {@code context} block of {@code cdk.json}), with the defaults documented in
 * {@code docs/deploy.md}. Built once, validated up front, so a bad value fails the synth with a message
 * that names the key instead of failing half-way through a deployment.
 */
public record ScimSettings(
        String stackName,
        Path functionsJar,
        boolean protectData,
        TableEncryptionChoice tableEncryption,
        Map<FunctionKind, Integer> memoryMb,
        Map<FunctionKind, Integer> timeoutSeconds,
        Map<FunctionKind, Integer> provisionedConcurrency,
        int keepWarmMinutes,
        int logRetentionDays,
        int authorizerCacheTtlSeconds,
        double throttleRateLimit,
        int throttleBurstLimit,
        Optional<String> domainName,
        Optional<String> certificateArn,
        boolean apiGatewayCloudWatchRole,
        String purgeSchedule,
        int purgeRetentionDays,
        UsageLimits usageLimits) {

    /** How the table is encrypted at rest. */
    public enum TableEncryptionChoice {
        /** DynamoDB's default: a key AWS owns, no cost, no key to manage. */
        AWS_OWNED("aws-owned"),
        /** A KMS key this stack creates (rotation on, kept with the table): about $1 a month plus requests. */
        CUSTOMER_MANAGED("customer-managed");

        private final String contextValue;

        TableEncryptionChoice(String contextValue) {
            this.contextValue = contextValue;
        }

        public String contextValue() {
            return contextValue;
        }

        static TableEncryptionChoice parse(String value) {
            for (TableEncryptionChoice choice : values()) {
                if (choice.contextValue.equalsIgnoreCase(value.trim())) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("tableEncryption must be aws-owned or customer-managed, got '" + value + "'");
        }
    }

    // Context keys (kept in one place; docs/deploy.md lists them with the defaults below).
    public static final String STACK_NAME = "stackName";
    public static final String FUNCTIONS_JAR = "functionsJar";
    public static final String PROTECT_DATA = "protectData";
    public static final String TABLE_ENCRYPTION = "tableEncryption";
    public static final String MEMORY_SUFFIX = "MemoryMb";
    public static final String TIMEOUT_SUFFIX = "TimeoutSeconds";
    public static final String PROVISIONED_CONCURRENCY_SUFFIX = "ProvisionedConcurrency";
    public static final String KEEP_WARM_MINUTES = "keepWarmMinutes";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String AUTHORIZER_CACHE_TTL = "authorizerCacheTtlSeconds";
    public static final String THROTTLE_RATE = "throttleRateLimit";
    public static final String THROTTLE_BURST = "throttleBurstLimit";
    public static final String DOMAIN_NAME = "domainName";
    public static final String CERTIFICATE_ARN = "certificateArn";
    public static final String API_GATEWAY_CLOUDWATCH_ROLE = "apiGatewayCloudWatchRole";
    public static final String PURGE_SCHEDULE = "purgeSchedule";
    public static final String PURGE_RETENTION_DAYS = "purgeRetentionDays";

    public static final String DEFAULT_STACK_NAME = "ScimAws";
    /** Relative to {@code infra/}, where {@code cdk} runs. */
    public static final Path DEFAULT_FUNCTIONS_JAR = Path.of("..", "functions", "target", "functions.jar");
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;
    /**
     * Lambda does not document how long an idle environment lives; a ping a minute keeps the window in which
     * none is warm short, for under 15 cents a month with its log records (docs/performance.md).
     */
    public static final int DEFAULT_KEEP_WARM_MINUTES = 1;
    public static final int DEFAULT_AUTHORIZER_CACHE_TTL = 300;
    public static final double DEFAULT_THROTTLE_RATE = 50;
    public static final int DEFAULT_THROTTLE_BURST = 100;
    public static final String DEFAULT_PURGE_SCHEDULE = "rate(1 day)";
    public static final int DEFAULT_PURGE_RETENTION_DAYS = 30;

    /** The retention periods CloudWatch Logs accepts. */
    public static final Set<Integer> LOG_RETENTION_CHOICES = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,
            365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public ScimSettings {
        memoryMb = Map.copyOf(memoryMb);
        timeoutSeconds = Map.copyOf(timeoutSeconds);
        provisionedConcurrency = Map.copyOf(provisionedConcurrency);
        for (FunctionKind kind : FunctionKind.values()) {
            int provisioned = require(provisionedConcurrency.get(kind), kind.contextName() + PROVISIONED_CONCURRENCY_SUFFIX);
            if (provisioned < 0 || provisioned > 1000) {
                throw new IllegalArgumentException(kind.contextName() + PROVISIONED_CONCURRENCY_SUFFIX
                        + " must be 0..1000, got " + provisioned);
            }
            if (provisioned > 0 && !kind.requestPath()) {
                throw new IllegalArgumentException(kind.contextName() + PROVISIONED_CONCURRENCY_SUFFIX
                        + " must be 0: only the functions on the request path have an alias to provision");
            }
            int memory = require(memoryMb.get(kind), kind.contextName() + MEMORY_SUFFIX);
            if (memory < 128 || memory > 10240) {
                throw new IllegalArgumentException(kind.contextName() + MEMORY_SUFFIX + " must be 128..10240, got " + memory);
            }
            int timeout = require(timeoutSeconds.get(kind), kind.contextName() + TIMEOUT_SUFFIX);
            if (timeout < 1 || timeout > 900) {
                throw new IllegalArgumentException(kind.contextName() + TIMEOUT_SUFFIX + " must be 1..900, got " + timeout);
            }
        }
        if (keepWarmMinutes < 0 || keepWarmMinutes > 60) {
            throw new IllegalArgumentException(KEEP_WARM_MINUTES + " must be 0..60 (0 turns the pings off), got " + keepWarmMinutes);
        }
        if (!LOG_RETENTION_CHOICES.contains(logRetentionDays)) {
            throw new IllegalArgumentException(LOG_RETENTION_DAYS + " must be one of " + new TreeSet<>(LOG_RETENTION_CHOICES)
                    + ", got " + logRetentionDays);
        }
        if (authorizerCacheTtlSeconds < 0 || authorizerCacheTtlSeconds > 3600) {
            throw new IllegalArgumentException(AUTHORIZER_CACHE_TTL + " must be 0..3600 (0 turns the cache off), got "
                    + authorizerCacheTtlSeconds);
        }
        if (throttleRateLimit <= 0 || throttleBurstLimit <= 0) {
            throw new IllegalArgumentException(THROTTLE_RATE + " and " + THROTTLE_BURST + " must be positive");
        }
        if (domainName.isPresent() != certificateArn.isPresent()) {
            throw new IllegalArgumentException(DOMAIN_NAME + " and " + CERTIFICATE_ARN
                    + " go together: a custom domain needs an ACM certificate in the stack's region");
        }
        for (FunctionKind kind : FunctionKind.values()) {
            int reserved = usageLimits.reservedConcurrency(kind);
            if (reserved > 0 && provisionedConcurrency.get(kind) > reserved) {
                throw new IllegalArgumentException(kind.contextName() + PROVISIONED_CONCURRENCY_SUFFIX
                        + " cannot exceed " + kind.contextName() + UsageLimits.RESERVED_CONCURRENCY_SUFFIX + " (" + reserved + ")");
            }
        }
        if (purgeRetentionDays < 0) {
            throw new IllegalArgumentException(PURGE_RETENTION_DAYS + " must be 0 or more, got " + purgeRetentionDays);
        }
        if (!(purgeSchedule.startsWith("rate(") || purgeSchedule.startsWith("cron(")) || !purgeSchedule.endsWith(")")) {
            throw new IllegalArgumentException(PURGE_SCHEDULE + " must be an EventBridge rate(...) or cron(...) expression, got '"
                    + purgeSchedule + "'");
        }
    }

    /** Every default: what {@code cdk deploy} without {@code -c} values deploys. */
    public static ScimSettings defaults() {
        return fromContext(key -> null);
    }

    /**
     * Reads each setting from {@code context} (CDK's {@code node.tryGetContext}); values may be strings
     * (from {@code -c}) or JSON numbers and booleans (from {@code cdk.json}).
     */
    public static ScimSettings fromContext(Function<String, Object> context) {
        Map<FunctionKind, Integer> memory = new EnumMap<>(FunctionKind.class);
        Map<FunctionKind, Integer> timeout = new EnumMap<>(FunctionKind.class);
        Map<FunctionKind, Integer> provisioned = new EnumMap<>(FunctionKind.class);
        for (FunctionKind kind : FunctionKind.values()) {
            provisioned.put(kind, intValue(context, kind.contextName() + PROVISIONED_CONCURRENCY_SUFFIX, 0));
            memory.put(kind, intValue(context, kind.contextName() + MEMORY_SUFFIX, kind.defaultMemoryMb()));
            timeout.put(kind, intValue(context, kind.contextName() + TIMEOUT_SUFFIX, kind.defaultTimeoutSeconds()));
        }
        return new ScimSettings(
                string(context, STACK_NAME).orElse(DEFAULT_STACK_NAME),
                string(context, FUNCTIONS_JAR).map(Path::of).orElse(DEFAULT_FUNCTIONS_JAR),
                booleanValue(context, PROTECT_DATA, true),
                string(context, TABLE_ENCRYPTION).map(TableEncryptionChoice::parse).orElse(TableEncryptionChoice.AWS_OWNED),
                memory,
                timeout,
                provisioned,
                intValue(context, KEEP_WARM_MINUTES, DEFAULT_KEEP_WARM_MINUTES),
                intValue(context, LOG_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS),
                intValue(context, AUTHORIZER_CACHE_TTL, DEFAULT_AUTHORIZER_CACHE_TTL),
                doubleValue(context, THROTTLE_RATE, DEFAULT_THROTTLE_RATE),
                intValue(context, THROTTLE_BURST, DEFAULT_THROTTLE_BURST),
                string(context, DOMAIN_NAME),
                string(context, CERTIFICATE_ARN),
                booleanValue(context, API_GATEWAY_CLOUDWATCH_ROLE, true),
                string(context, PURGE_SCHEDULE).orElse(DEFAULT_PURGE_SCHEDULE),
                intValue(context, PURGE_RETENTION_DAYS, DEFAULT_PURGE_RETENTION_DAYS),
                UsageLimits.fromContext(context));
    }

    public int memoryMb(FunctionKind kind) {
        return memoryMb.get(kind);
    }

    public int timeoutSeconds(FunctionKind kind) {
        return timeoutSeconds.get(kind);
    }

    /** Environments kept initialised on the function's {@code live} alias; 0 (the default) provisions none. */
    public int provisionedConcurrency(FunctionKind kind) {
        return provisionedConcurrency.get(kind);
    }

    /** Whether the keep-warm schedule exists ({@link #keepWarmMinutes()} above 0). */
    public boolean keepWarm() {
        return keepWarmMinutes > 0;
    }

    private static int require(Integer value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    static Optional<String> string(Function<String, Object> context, String key) {
        Object value = context.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static int intValue(Function<String, Object> context, String key, int fallback) {
        return string(context, key).map(text -> {
            try {
                // cdk.json numbers may arrive as 30.0 through jsii
                double number = Double.parseDouble(text);
                if (number != Math.rint(number)) {
                    throw new NumberFormatException();
                }
                return (int) number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'");
            }
        }).orElse(fallback);
    }

    static double doubleValue(Function<String, Object> context, String key, double fallback) {
        return string(context, key).map(text -> {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + text + "'");
            }
        }).orElse(fallback);
    }

    static boolean booleanValue(Function<String, Object> context, String key, boolean fallback) {
        return string(context, key).map(text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + text + "'");
        }).orElse(fallback);
    }
}
