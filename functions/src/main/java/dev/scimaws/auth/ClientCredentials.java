package dev.scimaws.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) beside the static bearer tokens: a tenant's
 * client (id + secret) gets a short-lived access token that the same TOKEN authorizer accepts, with the
 * same single GetItem, since it is stored like a bearer token (hashed) plus an expiry.
 *
 * <p>Refusals follow RFC 6749 §5.2 and never say which part was wrong: an unknown client, a wrong secret
 * and a revoked client are all {@code invalid_client}.
 */
public final class ClientCredentials {

    /** Recognisable client ids; access tokens carry {@link Tokens#PREFIX} so the authorizer reads them alike. */
    public static final String CLIENT_PREFIX = "scimaws-client-";
    public static final String SECRET_PREFIX = "scimaws_secret_";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final int RANDOM_BYTES = 32;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ClientStore store;
    private final Clock clock;
    private final Duration lifetime;

    public ClientCredentials(ClientStore store, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("The access token lifetime must be between 1 second and 1 day.");
        }
        this.store = store;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public record Created(OAuthClient client, String secret) {}

    /** A new client; the secret is returned once and stored only hashed. */
    public Created create(String tenant, String label) {
        return create(tenant, label, null);
    }

    /** As {@link #create(String, String)}, with the tenant's API key value for its access tokens (usage plans). */
    public Created create(String tenant, String label, String apiKey) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        String clientId = CLIENT_PREFIX + random(16);
        String secret = SECRET_PREFIX + random(RANDOM_BYTES);
        OAuthClient client = new OAuthClient(clientId, tenant, label == null ? "" : label, Tokens.sha256(secret),
                clock.instant(), null, apiKey);
        store.save(client);
        return new Created(client, secret);
    }

    public List<OAuthClient> list(String tenant) {
        return store.listByTenant(tenant);
    }

    /**
     * Puts the tenant's API key value on each of its active clients that does not carry it yet (their next access
     * tokens get it; tokens already granted run out within their lifetime); returns how many clients changed.
     */
    public int attachApiKey(String tenant, String apiKey) {
        int changed = 0;
        for (OAuthClient client : store.listByTenant(tenant)) {
            if (client.isActive() && !apiKey.equals(client.apiKey()) && store.setApiKey(tenant, client.clientId(), apiKey)) {
                changed++;
            }
        }
        return changed;
    }

    public boolean revoke(String tenant, String clientId) {
        return store.revoke(tenant, clientId, clock.instant());
    }

    /** The token endpoint's answer: a grant, or an RFC 6749 §5.2 error. */
    public sealed interface Answer {}

    public record Granted(String accessToken, long expiresInSeconds) implements Answer {}

    /** @param basicChallenge whether the client authenticated with HTTP Basic (the 401 then names the scheme) */
    public record Refused(int status, String error, String description, boolean basicChallenge) implements Answer {}

    /**
     * @param form the form-encoded body's parameters
     * @param authorization the Authorization header, if any
     */
    public Answer grant(Map<String, String> form, Optional<String> authorization) {
        String grantType = form.get("grant_type");
        Optional<String[]> basic = authorization.flatMap(ClientCredentials::basic);
        boolean basicUsed = authorization.filter(a -> a.regionMatches(true, 0, "Basic ", 0, 6)).isPresent();
        if (basicUsed && basic.isEmpty()) {
            return new Refused(401, "invalid_client", "Client authentication failed.", true);
        }
        if (grantType == null || grantType.isBlank()) {
            return new Refused(400, "invalid_request", "grant_type is required.", false);
        }
        if (!grantType.equals("client_credentials")) {
            return new Refused(400, "unsupported_grant_type", "Only the client_credentials grant is supported.", false);
        }
        boolean inBody = form.containsKey("client_id") || form.containsKey("client_secret");
        if (basic.isPresent() && inBody) {
            return new Refused(400, "invalid_request", "Authenticate the client one way: HTTP Basic or the body.", false);
        }
        String clientId = basic.map(pair -> pair[0]).orElse(form.get("client_id"));
        String secret = basic.map(pair -> pair[1]).orElse(form.get("client_secret"));
        if (clientId == null || secret == null || clientId.isEmpty() || secret.isEmpty()) {
            return new Refused(401, "invalid_client", "Client authentication failed.", basicUsed);
        }
        Optional<OAuthClient> client = clientId.length() > 200 || !clientId.startsWith(CLIENT_PREFIX)
                ? Optional.empty() : store.find(clientId);
        boolean secretMatches = client.isPresent() && MessageDigest.isEqual(
                client.get().secretHash().getBytes(StandardCharsets.US_ASCII),
                Tokens.sha256(secret).getBytes(StandardCharsets.US_ASCII));
        if (!secretMatches || !client.get().isActive()) {
            return new Refused(401, "invalid_client", "Client authentication failed.", basicUsed);
        }
        String token = Tokens.PREFIX + random(RANDOM_BYTES);
        Instant now = clock.instant();
        store.saveAccessToken(Tokens.sha256(token), client.get().tenant(), clientId, client.get().apiKey(), now,
                now.plus(lifetime));
        return new Granted(token, lifetime.toSeconds());
    }

    /** RFC 7617 with RFC 6749 §2.3.1's form-encoding of id and secret; empty when malformed. */
    private static Optional<String[]> basic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {
                    java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A SecureRandom per call: nothing random is captured in a SnapStart snapshot. */
    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
