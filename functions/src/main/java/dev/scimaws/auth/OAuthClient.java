package dev.scimaws.auth;

import java.time.Instant;

/**
 * An OAuth 2.0 client of a tenant (RFC 6749 §2): its id is public; of its secret only the SHA-256 is kept.
 *
 * @param apiKey the tenant's API Gateway API key value when the tenant has a usage plan (else null), copied
 *     onto every access token granted to the client so the authorizer returns it as the usage identifier
 */
public record OAuthClient(String clientId, String tenant, String label, String secretHash, Instant createdAt,
                          Instant revokedAt, String apiKey) {

    public OAuthClient(String clientId, String tenant, String label, String secretHash, Instant createdAt,
                       Instant revokedAt) {
        this(clientId, tenant, label, secretHash, createdAt, revokedAt, null);
    }

    /**
     * 12 hex characters, the shape of a static token's id: the actor of the client's access tokens in
     * events ({@code tokenId}) and {@code lastModifiedBy}, shown by {@code clients list}.
     */
    public String publicId() {
        return publicIdOf(clientId);
    }

    static String publicIdOf(String clientId) {
        return TokenRecord.idOf(Tokens.sha256(clientId));
    }

    public boolean isActive() {
        return revokedAt == null;
    }
}
