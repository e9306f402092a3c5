package dev.scimaws.auth;

import java.time.Instant;

/**
 * What is kept of a bearer token: its SHA-256, never the token itself.
 *
 * @param apiKey the value of the tenant's API Gateway API key (its usage plan identifier, not a secret the
 *     API accepts on its own), or null when the tenant has none; the authorizer returns it with the tenant
 * @param clientId the OAuth client an access token was granted to (client credentials grant), null for a
 *     static bearer token
 */
public record TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt, String apiKey,
                          String clientId) {

    public TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt) {
        this(hash, tenant, label, createdAt, revokedAt, null, null);
    }

    public TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt, String apiKey) {
        this(hash, tenant, label, createdAt, revokedAt, apiKey, null);
    }

    /**
     * Who acts with this token, as events and {@code lastModifiedBy} name it: a static token's {@link #id()};
     * for an access token its client's public id ({@link OAuthClient#publicId()}), which stays the same
     * across the client's hourly tokens and is what {@code clients list} shows.
     */
    public String actorId() {
        return clientId == null ? id() : OAuthClient.publicIdOf(clientId);
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
