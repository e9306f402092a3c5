package dev.scimaws.auth;

import java.time.Instant;

/**
 * What is kept of a bearer token: its SHA-256, never the token itself.
 *
 * @param apiKey the value of the tenant's API Gateway API key (its usage plan identifier, not a secret the
 *     API accepts on its own), or null when the tenant has none; the authorizer returns it with the tenant
 */
public record TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt, String apiKey) {

    public TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt) {
        this(hash, tenant, label, createdAt, revokedAt, null);
    }

    /** Short public handle shown by the admin command and used to revoke. */
    public String id() {
        return idOf(hash);
    }

    static String idOf(String hash) {
        return hash.substring(0, 12);
    }

    public boolean isActive() {
        return revokedAt == null;
    }
}
