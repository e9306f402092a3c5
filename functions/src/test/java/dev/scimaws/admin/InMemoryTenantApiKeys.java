package dev.scimaws.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** API keys and plan memberships in memory, with API Gateway's rule: one plan per key on a stage. */
final class InMemoryTenantApiKeys implements TenantApiKeys {

    private final Map<String, Key> keys = new HashMap<>();
    private final Map<String, String> planOfKey = new HashMap<>();
    private int created;

    @Override
    public synchronized Key ensureInPlan(String tenant, String usagePlanId) {
        Key key = keys.computeIfAbsent(tenant, t -> {
            created++;
            return new Key("key" + created, UUID.randomUUID().toString().replace("-", ""));
        });
        planOfKey.put(key.id(), usagePlanId);
        return key;
    }

    @Override
    public synchronized boolean remove(String tenant) {
        Key key = keys.remove(tenant);
        if (key != null) {
            planOfKey.remove(key.id());
        }
        return key != null;
    }

    synchronized Key keyOf(String tenant) {
        return keys.get(tenant);
    }

    synchronized String planOf(String tenant) {
        Key key = keys.get(tenant);
        return key == null ? null : planOfKey.get(key.id());
    }

    synchronized int created() {
        return created;
    }
}
