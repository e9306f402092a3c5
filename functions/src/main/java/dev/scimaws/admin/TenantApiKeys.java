package dev.scimaws.admin;

/**
 * Each tenant's API Gateway API key, which puts the tenant in one usage plan (its rate, burst and daily
 * quota). The authorizer returns the key's value as the usage identifier of the tenant's requests, so the
 * value is stored on the tenant's token items; it is not a secret the API accepts on its own (every request
 * still needs a bearer token), but it is never printed or logged.
 */
public interface TenantApiKeys {

    /** A key's id (shown and logged) and value (stored on token items, never shown). */
    record Key(String id, String value) {
        @Override
        public String toString() {
            return "Key[id=" + id + "]";
        }
    }

    /**
     * The tenant's key, created when it has none, in {@code usagePlanId} and in no other plan of the same stage
     * (a key moved from another plan leaves it).
     */
    Key ensureInPlan(String tenant, String usagePlanId);

    /** Deletes the tenant's key, which leaves its usage plan with it; false when the tenant had none. */
    boolean remove(String tenant);
}
