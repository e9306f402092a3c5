package dev.scimaws.scim;

import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.scim.schema.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The User rules of each tenant: the core User schema, the enterprise extension and the tenant's custom
 * extensions, loaded through the {@link ExtensionSchemaStore} and kept per execution environment for a
 * short time.
 *
 * <p>Why a cache: a PATCH costs one GetItem and one write, and reading the tenant's schemas on every
 * request would add a Query to each. The price is staleness: a Users function that served the tenant in
 * the last {@link #DEFAULT_TTL} keeps the schemas it loaded until the entry expires, so a newly declared
 * extension is validated and returned by every function at most that long after it was declared, and a
 * removed one stops being served as late. (Discovery reads the schemas on every request, so {@code /Schemas}
 * shows a change at once.) A removal never loses data: values of undeclared extensions are kept on write.
 */
public final class TenantUserRules implements ResourceRulesProvider {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** One execution environment serves few tenants; beyond this many, expired entries are dropped first. */
    private static final int MAX_TENANTS = 1_000;
    private static final SchemaResourceRules CORE = new SchemaResourceRules(CoreSchemas.USER_TYPE);

    private record Entry(ResourceRules rules, long expiresAtNanos) {}

    private final ExtensionSchemaStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public TenantUserRules(ExtensionSchemaStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    /**
     * With the time of {@code clock}: the one clock a handler is wired with, so tests that hold requests to
     * exact DynamoDB call counts decide when the cache expires, not the speed of the machine.
     */
    public TenantUserRules(ExtensionSchemaStore store, Duration ttl, java.time.Clock clock) {
        this(store, ttl, () -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    /** @param nanoTime a monotonic clock ({@link System#nanoTime()}), replaceable in tests */
    TenantUserRules(ExtensionSchemaStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The User resource type for a tenant's extensions: core User, enterprise, then the tenant's. */
    public static SchemaResourceRules rulesFor(List<Schema> extensions) {
        return extensions.isEmpty() ? CORE : new SchemaResourceRules(CoreSchemas.USER_TYPE.withExtensions(extensions));
    }

    @Override
    public ResourceRules forTenant(String tenant) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(tenant);
        if (entry != null && now - entry.expiresAtNanos < 0) {
            return entry.rules;
        }
        ResourceRules rules = rulesFor(store.load(tenant));
        if (entries.size() >= MAX_TENANTS) {
            entries.values().removeIf(e -> now - e.expiresAtNanos >= 0);
            if (entries.size() >= MAX_TENANTS) {
                entries.clear();
            }
        }
        entries.put(tenant, new Entry(rules, now + ttlNanos));
        return rules;
    }
}
