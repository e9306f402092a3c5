package dev.scimaws.infra;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one tenant, and the service as a whole, may use: API Gateway usage plans per tenant (every tenant's
 * API key sits in exactly one plan: the default one, or a named tier) and reserved concurrency per function.
 * Read from CDK context like {@link ScimSettings}; docs/operations.md ("Overload, faults and quotas") lists
 * the keys with these defaults.
 *
 * @param reservedConcurrency per function; 0 (the default) reserves nothing, so the function shares the
 *     account's unreserved concurrency. A reservation is also that function's ceiling.
 * @param defaultPlan the plan of every tenant not moved to a tier
 * @param tiers further plans a tenant can be moved to ({@code TokenAdmin quota --tenant T --plan NAME})
 */
public record UsageLimits(Map<FunctionKind, Integer> reservedConcurrency, Plan defaultPlan, List<Plan> tiers) {

    public static final String RESERVED_CONCURRENCY_SUFFIX = "ReservedConcurrency";
    public static final String TENANT_RATE = "tenantRateLimit";
    public static final String TENANT_BURST = "tenantBurstLimit";
    public static final String TENANT_QUOTA_PER_DAY = "tenantQuotaPerDay";
    public static final String TIERS = "usagePlanTiers";

    /** Okta and Entra send a few requests a second per app; an initial import of 200,000 users runs for hours at 20. */
    public static final double DEFAULT_TENANT_RATE = 20;
    public static final int DEFAULT_TENANT_BURST = 40;
    /** About seven hours at the full default rate: room for a 200,000-user import (2-3 requests per user). */
    public static final int DEFAULT_TENANT_QUOTA_PER_DAY = 500_000;
    public static final String DEFAULT_PLAN_NAME = "default";

    private static final Pattern TIER = Pattern.compile("([a-z][a-z0-9-]{0,31})=([0-9.]+)/([0-9]+)/([0-9]+)");

    /**
     * One usage plan: requests per second (steady), burst, and requests per day (0: no daily quota).
     */
    public record Plan(String name, double rateLimit, int burstLimit, int quotaPerDay) {
        public Plan {
            if (rateLimit <= 0 || burstLimit <= 0 || quotaPerDay < 0) {
                throw new IllegalArgumentException("usage plan " + name + ": rate and burst must be positive and the"
                        + " daily quota 0 (none) or more, got " + rateLimit + "/" + burstLimit + "/" + quotaPerDay);
            }
        }
    }

    public UsageLimits {
        reservedConcurrency = Map.copyOf(reservedConcurrency);
        tiers = List.copyOf(tiers);
        for (FunctionKind kind : FunctionKind.values()) {
            Integer reserved = reservedConcurrency.get(kind);
            if (reserved == null || reserved < 0 || reserved > 10_000) {
                throw new IllegalArgumentException(kind.contextName() + RESERVED_CONCURRENCY_SUFFIX
                        + " must be 0 (none) ..10000, got " + reserved);
            }
        }
        if (tiers.stream().map(Plan::name).distinct().count() != tiers.size()
                || tiers.stream().anyMatch(tier -> tier.name().equals(DEFAULT_PLAN_NAME))) {
            throw new IllegalArgumentException(TIERS + ": tier names must be distinct and not '" + DEFAULT_PLAN_NAME + "'");
        }
    }

    public static UsageLimits fromContext(Function<String, Object> context) {
        Map<FunctionKind, Integer> reserved = new EnumMap<>(FunctionKind.class);
        for (FunctionKind kind : FunctionKind.values()) {
            reserved.put(kind, ScimSettings.intValue(context, kind.contextName() + RESERVED_CONCURRENCY_SUFFIX, 0));
        }
        Plan defaultPlan = new Plan(DEFAULT_PLAN_NAME,
                ScimSettings.doubleValue(context, TENANT_RATE, DEFAULT_TENANT_RATE),
                ScimSettings.intValue(context, TENANT_BURST, DEFAULT_TENANT_BURST),
                ScimSettings.intValue(context, TENANT_QUOTA_PER_DAY, DEFAULT_TENANT_QUOTA_PER_DAY));
        return new UsageLimits(reserved, defaultPlan, ScimSettings.string(context, TIERS).map(UsageLimits::parseTiers).orElse(List.of()));
    }

    /** {@code large=100/200/5000000,small=5/10/0}: name=rate/burst/quotaPerDay, comma-separated. */
    static List<Plan> parseTiers(String text) {
        List<Plan> tiers = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher matcher = TIER.matcher(part.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException(TIERS + " must look like large=100/200/5000000,small=5/10/0"
                        + " (name=rate/burst/quotaPerDay), got '" + part.trim() + "'");
            }
            tiers.add(new Plan(matcher.group(1), Double.parseDouble(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                    Integer.parseInt(matcher.group(4))));
        }
        return tiers;
    }

    public int reservedConcurrency(FunctionKind kind) {
        return reservedConcurrency.get(kind);
    }

    /** The default plan first, then the tiers. */
    public List<Plan> plans() {
        List<Plan> plans = new ArrayList<>();
        plans.add(defaultPlan);
        plans.addAll(tiers);
        return plans;
    }
}
