package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.auth.ClientCredentials;
import dev.scimaws.handler.TokenAuthorizerHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.Json;
import dev.scimaws.store.DynamoClientStore;
import dev.scimaws.testing.DynamoEngine;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) as Entra's "OAuth2 Client Credentials Grant" uses
 * it, over real HTTP through the local API (the token endpoint without the authorizer, then SCIM requests
 * through it with the access token), on the real engine.
 */
class OAuthClientCredentialsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DynamoEngine engine;
    private static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        engine = DynamoEngine.get();
        api = LocalApi.start(0, engine, engine.createTable("oauth-e2e"));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static HttpResponse<String> token(String form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(response).get("error").textValue()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theLocalApisClientGetsAnAccessTokenTheAuthorizerAccepts() {
        assertThat(api.tokenEndpoint()).isEqualTo(api.baseUrl() + "/oauth/token");
        for (HttpResponse<String> granted : List.of(
                token(form("grant_type", "client_credentials", "client_id", api.clientId(), "client_secret", api.clientSecret()), null),
                token(form("grant_type", "client_credentials"), basic(api.clientId(), api.clientSecret())))) {
            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            assertThat(granted.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode body = json(granted);
            assertThat(body.get("token_type").textValue()).isEqualTo("Bearer");
            assertThat(body.get("expires_in").longValue()).isEqualTo(3600);
            String accessToken = body.get("access_token").textValue();
            assertThat(accessToken).isNotEqualTo(api.token()).isNotEqualTo(api.clientSecret());

            ScimHttp entra = new ScimHttp(api.baseUrl(), accessToken);
            assertThat(entra.post("/Users", "{\"userName\":\"oauth-" + accessToken.hashCode() + "@example.org\"}").status())
                    .isEqualTo(201);
            assertThat(entra.get("/Users?count=1").status()).isEqualTo(200);
        }
    }

    @Test
    void wrongCredentialsAreInvalidClientWithoutSayingWhichPart() {
        HttpResponse<String> wrongSecret = token(form("grant_type", "client_credentials", "client_id", api.clientId(),
                "client_secret", "scimaws_secret_wrong"), null);
        HttpResponse<String> unknownClient = token(form("grant_type", "client_credentials", "client_id",
                ClientCredentials.CLIENT_PREFIX + "unknown", "client_secret", api.clientSecret()), null);
        assertOAuthError(wrongSecret, 401, "invalid_client");
        assertOAuthError(unknownClient, 401, "invalid_client");
        assertThat(wrongSecret.body()).isEqualTo(unknownClient.body());

        HttpResponse<String> wrongBasic = token(form("grant_type", "client_credentials"), basic(api.clientId(), "nope"));
        assertOAuthError(wrongBasic, 401, "invalid_client");
        assertThat(wrongBasic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertOAuthError(token(form("grant_type", "client_credentials"), "Basic !!!"), 401, "invalid_client");

        assertOAuthError(token(form("grant_type", "password", "client_id", api.clientId(), "client_secret", api.clientSecret()), null),
                400, "unsupported_grant_type");
        assertOAuthError(token(form("client_id", api.clientId(), "client_secret", api.clientSecret()), null), 400, "invalid_request");
        assertOAuthError(token(form("grant_type", "client_credentials", "client_id", api.clientId()),
                basic(api.clientId(), api.clientSecret())), 400, "invalid_request");
        assertOAuthError(token("grant_type=client_credentials&grant_type=client_credentials", null), 400, "invalid_request");

        // The secret is never a bearer token, nor is the client id.
        assertThat(new ScimHttp(api.baseUrl(), api.clientSecret()).get("/Users").status()).isEqualTo(401);
    }

    @Test
    void aRevokedClientGetsNoNewTokenAndAnAccessTokenRunsOut() {
        Instant start = Instant.parse("2026-12-01T09:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(start);
        Clock clock = new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        Wiring wiring = new Wiring(engine.client(), api.table(), clock);
        ClientCredentials clients = new ClientCredentials(new DynamoClientStore(engine.client(), api.table()), clock,
                Duration.ofMinutes(5));
        ClientCredentials.Created client = clients.create(LocalApi.TENANT, "expiry test");
        var granted = (ClientCredentials.Granted) clients.grant(Map.of("grant_type", "client_credentials",
                "client_id", client.client().clientId(), "client_secret", client.secret()), java.util.Optional.empty());
        assertThat(granted.expiresInSeconds()).isEqualTo(300);

        TokenAuthorizerHandler authorizer = new TokenAuthorizerHandler(wiring);
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken("Bearer " + granted.accessToken());
        event.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:local/scim/GET/v2/Users");
        assertThat(authorizer.handleRequest(event, null).getContext()).containsEntry("tenant", LocalApi.TENANT);

        assertThat(clients.revoke(LocalApi.TENANT, client.client().clientId())).isTrue();
        assertThat(clients.grant(Map.of("grant_type", "client_credentials", "client_id", client.client().clientId(),
                "client_secret", client.secret()), java.util.Optional.empty()))
                .isInstanceOfSatisfying(ClientCredentials.Refused.class, r -> assertThat(r.error()).isEqualTo("invalid_client"));

        now.set(start.plus(Duration.ofMinutes(5)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> authorizer.handleRequest(event, null))
                .hasMessage(TokenAuthorizerHandler.UNAUTHORIZED);
    }
}
