package dev.scimaws.auth;

import java.time.Instant;

/** An OAuth 2.0 client of a tenant (RFC 6749 §2): its id is public; of its secret only the SHA-256 is kept. */
public record OAuthClient(String clientId, String tenant, String label, String secretHash, Instant createdAt,
                          Instant revokedAt) {

    public boolean isActive() {
        return revokedAt == null;
    }
}
