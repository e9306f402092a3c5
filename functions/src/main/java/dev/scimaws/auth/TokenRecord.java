package dev.scimaws.auth;

import java.time.Instant;

/** What is kept of a bearer token: its SHA-256, never the token itself. */
public record TokenRecord(String hash, String tenant, String label, Instant createdAt, Instant revokedAt) {

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
