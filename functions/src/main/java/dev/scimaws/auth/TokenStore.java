package dev.scimaws.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TokenStore {

    void save(TokenRecord token);

    Optional<TokenRecord> findByHash(String hash);

    List<TokenRecord> listByTenant(String tenant);

    /** Marks the token revoked from {@code at} (now, or later for a rotation); false when the tenant has no such token. */
    boolean revoke(String tenant, String hash, Instant at);

    /**
     * Records a use at {@code at} if the recorded last use is missing or older than {@code staleBefore}, in
     * one conditional write; false when the condition failed (another use was recorded meanwhile, or the
     * token is gone). Never creates a token.
     */
    boolean recordUse(String hash, Instant at, Instant staleBefore);

    /** Sets (or, with null, removes) the API key value on one of the tenant's tokens; false when it has no such token. */
    boolean setApiKey(String tenant, String hash, String apiKey);
}
