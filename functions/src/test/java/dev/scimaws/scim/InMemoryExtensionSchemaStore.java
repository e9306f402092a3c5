package dev.scimaws.scim;

import dev.scimaws.scim.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake of the schema port that counts loads (each stands for one DynamoDB Query). */
public final class InMemoryExtensionSchemaStore implements ExtensionSchemaStore {

    private final Map<String, TreeMap<String, Schema>> byTenant = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();

    public int loads() {
        return loads.get();
    }

    @Override
    public List<Schema> load(String tenant) {
        loads.incrementAndGet();
        return new ArrayList<>(byTenant.getOrDefault(tenant, new TreeMap<>()).values());
    }

    @Override
    public void put(String tenant, Schema schema) {
        byTenant.computeIfAbsent(tenant, t -> new TreeMap<>()).put(schema.id().toLowerCase(Locale.ROOT), schema);
    }

    @Override
    public boolean remove(String tenant, String urn) {
        TreeMap<String, Schema> schemas = byTenant.get(tenant);
        return schemas != null && schemas.remove(urn.toLowerCase(Locale.ROOT)) != null;
    }
}
