package dev.scimaws.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Issues, verifies and revokes bearer tokens. Only SHA-256 hashes are stored. */
public final class Tokens {

    /** Recognisable in logs and secret scanners. */
    public static final String PREFIX = "scimaws_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final TokenStore store;
    private final Clock clock;

    public Tokens(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record Issued(String token, TokenRecord record) {}

    public Issued issue(String tenant, String label) {
        return issue(tenant, label, null);
    }

    /** As {@link #issue(String, String)}, carrying the tenant's API key value for the authorizer to return. */
    public Issued issue(String tenant, String label, String apiKey) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        // A SecureRandom per call: nothing random is captured in a SnapStart snapshot.
        byte[] bytes = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TokenRecord record = new TokenRecord(sha256(token), tenant, label == null ? "" : label, clock.instant(), null, apiKey);
        store.save(record);
        return new Issued(token, record);
    }

    /** The tenant a presented token belongs to, if it is known and not revoked. */
    public Optional<String> tenantFor(String presentedToken) {
        return activeRecord(presentedToken).map(TokenRecord::tenant);
    }

    /** The record of a presented token, if it is known and not revoked: tenant and API key from one read. */
    public Optional<TokenRecord> activeRecord(String presentedToken) {
        if (presentedToken == null || !presentedToken.startsWith(PREFIX) || presentedToken.length() > 200) {
            return Optional.empty();
        }
        return store.findByHash(sha256(presentedToken)).filter(TokenRecord::isActive);
    }

    /**
     * Puts the tenant's API key value on each of its active tokens that does not carry it yet (the authorizer
     * returns it from the token item); returns how many tokens changed.
     */
    public int attachApiKey(String tenant, String apiKey) {
        int changed = 0;
        for (TokenRecord record : store.listByTenant(tenant)) {
            if (record.isActive() && !apiKey.equals(record.apiKey()) && store.setApiKey(tenant, record.hash(), apiKey)) {
                changed++;
            }
        }
        return changed;
    }

    public List<TokenRecord> list(String tenant) {
        return store.listByTenant(tenant);
    }

    /** Revokes by the public id (a prefix of the hash) shown by {@link #list}. */
    public boolean revoke(String tenant, String id) {
        return store.listByTenant(tenant).stream()
                .filter(record -> record.hash().startsWith(id) && id.length() >= 8)
                .findFirst()
                .map(record -> store.revoke(tenant, record.hash(), clock.instant()))
                .orElse(false);
    }

    /** The public id of a presented token, as {@link TokenRecord#id()} shows it for the stored one. */
    public static String publicId(String presentedToken) {
        return TokenRecord.idOf(sha256(presentedToken));
    }

    public static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
