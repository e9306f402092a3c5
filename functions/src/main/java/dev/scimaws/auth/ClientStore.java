package dev.scimaws.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** OAuth clients, and the access tokens they are granted (stored like bearer tokens, with an expiry). */
public interface ClientStore {

    void save(OAuthClient client);

    Optional<OAuthClient> find(String clientId);

    List<OAuthClient> listByTenant(String tenant);

    /** Marks the client revoked; false when the tenant has no such client. Tokens granted before run out. */
    boolean revoke(String tenant, String clientId, Instant at);

    /**
     * Stores an access token as the authorizer reads bearer tokens (by its SHA-256, one GetItem), with an
     * expiry it checks and a time-to-live that removes the item afterwards.
     */
    void saveAccessToken(String hash, String tenant, String clientId, String apiKey, Instant createdAt, Instant expiresAt);

    /** Sets (or, with null, removes) the tenant's API key value on a client; false when the tenant has no such client. */
    boolean setApiKey(String tenant, String clientId, String apiKey);
}
