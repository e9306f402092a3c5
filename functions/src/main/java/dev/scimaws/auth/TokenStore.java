package dev.scimaws.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TokenStore {

    void save(TokenRecord token);

    Optional<TokenRecord> findByHash(String hash);

    List<TokenRecord> listByTenant(String tenant);

    /** Marks the token revoked; false when the tenant has no such token. */
    boolean revoke(String tenant, String hash, Instant at);

    /** Sets (or, with null, removes) the API key value on one of the tenant's tokens; false when it has no such token. */
    boolean setApiKey(String tenant, String hash, String apiKey);
}
