package dev.scimaws.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Issues, verifies and revokes bearer tokens. Only SHA-256 hashes are stored. */
public final class Tokens {

    /** Recognisable in logs and secret scanners. */
    public static final String PREFIX = "scimaws_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** A token's last use is recorded at most once per this period: the authorizer's hot path stays one read. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofHours(1);

    private final TokenStore store;
    private final Clock clock;
    private final Consumer<RuntimeException> useNotRecorded;

    public Tokens(TokenStore store, Clock clock) {
        this(store, clock, failure -> { });
    }

    /** @param useNotRecorded told when recording a use failed; the token is accepted all the same */
    public Tokens(TokenStore store, Clock clock, Consumer<RuntimeException> useNotRecorded) {
        this.store = store;
        this.clock = clock;
        this.useNotRecorded = useNotRecorded;
    }

    public record Issued(String token, TokenRecord record) {}

    /** A rotation: the new token, and the old one with the revocation the rotation scheduled. */
    public record Rotation(Issued replacement, TokenRecord old, Instant oldRevokedAt) {}

    public Issued issue(String tenant, String label) {
        return issue(tenant, label, null, null);
    }

    /**
     * @param apiKey    the tenant's API key value for the authorizer to return; null when it has none
     * @param expiresAt when the token stops being accepted; null for never
     */
    public Issued issue(String tenant, String label, String apiKey, Instant expiresAt) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry must be in the future, got " + expiresAt);
        }
        // A SecureRandom per call: nothing random is captured in a SnapStart snapshot.
        byte[] bytes = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TokenRecord record = new TokenRecord(sha256(token), tenant, label == null ? "" : label, now, null, apiKey,
                expiresAt, null);
        store.save(record);
        return new Issued(token, record);
    }

    /**
     * The tenant a presented token belongs to, if it is known, not revoked and not expired. One read; the
     * first use in each {@link #LAST_USED_RESOLUTION} also records the use with one conditional write,
     * whose failure never refuses the token.
     */
    public Optional<String> tenantFor(String presentedToken) {
        return activeRecord(presentedToken).map(TokenRecord::tenant);
    }

    /**
     * The record of a presented token, if it is known, not revoked and not expired (see {@link #tenantFor}):
     * tenant and API key from one read.
     */
    public Optional<TokenRecord> activeRecord(String presentedToken) {
        if (presentedToken == null || !presentedToken.startsWith(PREFIX) || presentedToken.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<TokenRecord> valid = store.findByHash(sha256(presentedToken)).filter(record -> record.isValidAt(now));
        valid.ifPresent(record -> noteUse(record, now));
        return valid;
    }

    private void noteUse(TokenRecord record, Instant now) {
        Instant staleBefore = now.minus(LAST_USED_RESOLUTION);
        if (record.lastUsedAt() != null && !record.lastUsedAt().isBefore(staleBefore)) {
            return;
        }
        try {
            store.recordUse(record.hash(), now, staleBefore);
        } catch (RuntimeException e) {
            // Advisory bookkeeping: a throttled or failed write must not turn a valid token away.
            useNotRecorded.accept(e);
        }
    }

    /**
     * Issues a replacement for the tenant's token {@code id} (same label) and schedules the old one's
     * revocation {@code overlap} from now, so the identity provider can be switched to the new token while the
     * old one still works. The replacement expires at {@code expiresAt}; when null, it gets the old token's
     * lifetime again if the old one had an expiry, else none.
     *
     * @return empty when the tenant has no such token
     * @throws IllegalArgumentException when the old token is no longer valid (rotate only what works)
     */
    public Optional<Rotation> rotate(String tenant, String id, Duration overlap, Instant expiresAt) {
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("the overlap must not be negative");
        }
        Optional<TokenRecord> found = find(tenant, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenRecord old = found.get();
        Instant now = clock.instant();
        if (!old.isValidAt(now)) {
            throw new IllegalArgumentException("token " + id + " is already revoked or expired: create a new one instead");
        }
        Instant replacementExpiry = expiresAt;
        if (replacementExpiry == null && old.expiresAt() != null) {
            replacementExpiry = now.plus(Duration.between(old.createdAt(), old.expiresAt()));
        }
        // The tenant's API key travels along: with usage plans a token without it is refused (403).
        Issued replacement = issue(tenant, old.label(), old.apiKey(), replacementExpiry);
        Instant revokeAt = now.plus(overlap);
        if (old.revokedAt() != null && old.revokedAt().isBefore(revokeAt)) {
            revokeAt = old.revokedAt(); // an earlier scheduled revocation stays
        }
        store.revoke(tenant, old.hash(), revokeAt);
        return Optional.of(new Rotation(replacement, old, revokeAt));
    }

    /**
     * Puts the tenant's API key value on each of its still accepted tokens (one in a rotation's overlap
     * included) that does not carry it yet: the authorizer returns it from the token item. Returns how many
     * tokens changed.
     */
    public int attachApiKey(String tenant, String apiKey) {
        Instant now = clock.instant();
        int changed = 0;
        for (TokenRecord record : store.listByTenant(tenant)) {
            if (record.isValidAt(now) && !apiKey.equals(record.apiKey()) && store.setApiKey(tenant, record.hash(), apiKey)) {
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
        return find(tenant, id)
                .map(record -> store.revoke(tenant, record.hash(), clock.instant()))
                .orElse(false);
    }

    private Optional<TokenRecord> find(String tenant, String id) {
        return store.listByTenant(tenant).stream()
                .filter(record -> record.hash().startsWith(id) && id.length() >= 8)
                .findFirst();
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
