package dev.scimaws.auth;

import java.time.Instant;

/**
 * What is kept of a bearer token: its SHA-256, never the token itself.
 *
 * @param revokedAt  when it stops being accepted because it was revoked; in the future when a rotation
 *                   scheduled it (the overlap in which both tokens work), null when never revoked
 * @param apiKey     the value of the tenant's API Gateway API key (its usage plan identifier, not a secret the
 *                   API accepts on its own), or null when the tenant has none; the authorizer returns it with
 *                   the tenant
 * @param expiresAt  when it stops being accepted; null when it never expires (an OAuth access token always does)
 * @param lastUsedAt the last accepted use, recorded at most once per {@link Tokens#LAST_USED_RESOLUTION}; null
 *                   when never used
 * @param clientId   the OAuth client an access token was granted to (client credentials grant), null for a
 *                   static bearer token
 */
public record TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt,
        String apiKey, Instant expiresAt, Instant lastUsedAt, String clientId) {

    /** A token without API key or expiry that was never used. */
    public TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt) {
        this(hash, tenant, label, createdAt, revokedAt, null, null, null, null);
    }

    public TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt, String apiKey) {
        this(hash, tenant, label, createdAt, revokedAt, apiKey, null, null, null);
    }

    /** A token that is not an OAuth access token. */
    public TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt,
            String apiKey, Instant expiresAt, Instant lastUsedAt) {
        this(hash, tenant, label, createdAt, revokedAt, apiKey, expiresAt, lastUsedAt, null);
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

    /** Never revoked, not even for later. */
    public boolean isActive() {
        return revokedAt == null;
    }

    /** Whether the authorizer accepts it at {@code now}: neither revoked nor expired by then. */
    public boolean isValidAt(Instant now) {
        return (revokedAt == null || now.isBefore(revokedAt)) && (expiresAt == null || now.isBefore(expiresAt));
    }
}
