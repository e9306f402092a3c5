package dev.scimaws.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client credentials grant's decisions, on an in-memory client store. */
class ClientCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    /** Keeps clients by id and the access tokens saved, nothing else. */
    private static final class InMemoryClients implements ClientStore {
        final Map<String, OAuthClient> clients = new HashMap<>();
        final List<String[]> tokens = new ArrayList<>();

        @Override public void save(OAuthClient client) { clients.put(client.clientId(), client); }
        @Override public Optional<OAuthClient> find(String clientId) { return Optional.ofNullable(clients.get(clientId)); }
        @Override public List<OAuthClient> listByTenant(String tenant) {
            return clients.values().stream().filter(c -> c.tenant().equals(tenant)).toList();
        }
        @Override public boolean revoke(String tenant, String clientId, Instant at) {
            OAuthClient client = clients.get(clientId);
            if (client == null || !client.tenant().equals(tenant)) {
                return false;
            }
            clients.put(clientId, new OAuthClient(clientId, tenant, client.label(), client.secretHash(), client.createdAt(), at,
                    client.apiKey()));
            return true;
        }
        @Override public boolean setApiKey(String tenant, String clientId, String apiKey) {
            OAuthClient client = clients.get(clientId);
            if (client == null || !client.tenant().equals(tenant)) {
                return false;
            }
            clients.put(clientId, new OAuthClient(clientId, tenant, client.label(), client.secretHash(), client.createdAt(),
                    client.revokedAt(), apiKey));
            return true;
        }
        @Override public void saveAccessToken(String hash, String tenant, String clientId, String apiKey, Instant createdAt,
                                              Instant expiresAt) {
            tokens.add(new String[] {hash, tenant, clientId, expiresAt.toString(), apiKey});
        }
    }

    private final InMemoryClients store = new InMemoryClients();
    private final ClientCredentials credentials = new ClientCredentials(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(90));

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGrantStoresOnlyTheHashOfAnExpiringTokenForTheClientsTenant() {
        ClientCredentials.Created created = credentials.create("acme", "entra");
        assertThat(created.client().secretHash()).isEqualTo(Tokens.sha256(created.secret())).doesNotContain(created.secret());

        var answer = credentials.grant(Map.of("grant_type", "client_credentials"),
                Optional.of(basic(created.client().clientId() + ":" + created.secret())));
        assertThat(answer).isInstanceOf(ClientCredentials.Granted.class);
        var granted = (ClientCredentials.Granted) answer;
        assertThat(granted.expiresInSeconds()).isEqualTo(5400);
        assertThat(granted.accessToken()).startsWith(Tokens.PREFIX);
        assertThat(store.tokens).hasSize(1);
        assertThat(store.tokens.get(0)).containsExactly(Tokens.sha256(granted.accessToken()), "acme",
                created.client().clientId(), NOW.plus(Duration.ofMinutes(90)).toString(), null);
    }

    @Test
    void accessTokensCarryTheApiKeyTheirClientWasCreatedWithOrGivenLater() {
        ClientCredentials.Created withKey = credentials.create("acme", "entra", "key-acme");
        ClientCredentials.Created before = credentials.create("acme", "older");
        ClientCredentials.Created revoked = credentials.create("acme", "gone");
        credentials.revoke("acme", revoked.client().clientId());

        assertThat(credentials.attachApiKey("acme", "key-acme")).as("only the active client without the key").isEqualTo(1);
        assertThat(store.clients.get(revoked.client().clientId()).apiKey()).isNull();
        for (ClientCredentials.Created created : List.of(withKey, before)) {
            credentials.grant(Map.of("grant_type", "client_credentials", "client_id", created.client().clientId(),
                    "client_secret", created.secret()), Optional.empty());
        }
        assertThat(store.tokens).extracting(token -> token[4]).containsExactly("key-acme", "key-acme");
    }

    @Test
    void aClientsPublicIdIsTheActorOfItsAccessTokensAndHasAStaticTokensShape() {
        ClientCredentials.Created created = credentials.create("acme", "entra");
        String publicId = created.client().publicId();
        assertThat(publicId).matches("[0-9a-f]{12}").isEqualTo(created.client().publicId());
        TokenRecord accessToken = new TokenRecord("ab".repeat(32), "acme", "oauth", NOW, null, null, NOW.plusSeconds(3600), null, created.client().clientId());
        TokenRecord staticToken = new TokenRecord("cd".repeat(32), "acme", "okta", NOW, null);
        assertThat(accessToken.actorId()).isEqualTo(publicId);
        assertThat(staticToken.actorId()).isEqualTo(staticToken.id()).isEqualTo("cd".repeat(6));
    }

    @Test
    void refusalsFollowRfc6749AndNeverSayWhichCredentialWasWrong() {
        ClientCredentials.Created created = credentials.create("acme", null);
        String id = created.client().clientId();
        var wrongSecret = credentials.grant(Map.of("grant_type", "client_credentials", "client_id", id, "client_secret", "x"), Optional.empty());
        var unknown = credentials.grant(Map.of("grant_type", "client_credentials", "client_id", id + "x",
                "client_secret", created.secret()), Optional.empty());
        assertThat(wrongSecret).isEqualTo(unknown)
                .isEqualTo(new ClientCredentials.Refused(401, "invalid_client", "Client authentication failed.", false));
        assertThat(credentials.grant(Map.of("grant_type", "client_credentials"), Optional.of("Basic %%%")))
                .isEqualTo(new ClientCredentials.Refused(401, "invalid_client", "Client authentication failed.", true));
        assertThat(credentials.grant(Map.of("grant_type", "client_credentials"), Optional.of(basic("no-colon"))))
                .extracting(a -> ((ClientCredentials.Refused) a).error()).isEqualTo("invalid_client");
        assertThat(credentials.grant(Map.of("grant_type", "authorization_code"), Optional.empty()))
                .extracting(a -> ((ClientCredentials.Refused) a).error()).isEqualTo("unsupported_grant_type");
        assertThat(credentials.grant(Map.of(), Optional.empty()))
                .extracting(a -> ((ClientCredentials.Refused) a).error()).isEqualTo("invalid_request");

        assertThat(credentials.revoke("other", id)).isFalse();
        assertThat(credentials.revoke("acme", id)).isTrue();
        assertThat(credentials.grant(Map.of("grant_type", "client_credentials", "client_id", id, "client_secret", created.secret()),
                Optional.empty())).isEqualTo(wrongSecret);
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void basicCredentialsAreFormDecodedAsRfc6749Section231Asks() {
        ClientCredentials.Created created = credentials.create("acme", null);
        String encoded = created.client().clientId() + ":" + java.net.URLEncoder.encode(created.secret(), StandardCharsets.UTF_8);
        assertThat(credentials.grant(Map.of("grant_type", "client_credentials"), Optional.of(basic(encoded))))
                .isInstanceOf(ClientCredentials.Granted.class);
    }

    @Test
    void theLifetimeIsBoundedAndTheTenantChecked() {
        assertThatThrownBy(() -> new ClientCredentials(store, Clock.systemUTC(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientCredentials(store, Clock.systemUTC(), Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credentials.create("bad tenant!", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
