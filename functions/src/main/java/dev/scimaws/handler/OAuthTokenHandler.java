package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.auth.ClientCredentials;
import dev.scimaws.priming.Priming;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimErrors;
import dev.scimaws.scim.StoreException;
import dev.scimaws.store.DynamoClientStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /scim/v2/oauth/token}: the OAuth 2.0 client credentials grant (RFC 6749 §4.4), routed without
 * the authorizer (it is how a client gets a token). Event -> form -> {@link ClientCredentials} -> JSON; the
 * answers carry {@code Cache-Control: no-store} (RFC 6749 §5.1) and errors never a cause or a hint of which
 * credential was wrong.
 */
public final class OAuthTokenHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** Access token lifetime in seconds (default 3600, at most a day). */
    public static final String LIFETIME_ENV = "SCIM_ACCESS_TOKEN_SECONDS";
    private static final int MAX_BODY_CHARS = 4096;

    private final ClientCredentials credentials;
    private final Wiring wiring;
    private final Priming priming;

    public OAuthTokenHandler() {
        this(Wiring.fromEnvironment(), lifetime(System.getenv(LIFETIME_ENV)));
    }

    /** With the default lifetime, as the local tools build handlers. */
    public OAuthTokenHandler(Wiring wiring) {
        this(wiring, ClientCredentials.DEFAULT_LIFETIME);
    }

    public OAuthTokenHandler(Wiring wiring, Duration lifetime) {
        this.credentials = new ClientCredentials(new DynamoClientStore(wiring.dynamo(), wiring.tableName()), wiring.clock(),
                lifetime);
        this.wiring = wiring;
        this.priming = Priming.register(this::prime, wiring.initializationType(), Log::primingFailed);
    }

    static Duration lifetime(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return ClientCredentials.DEFAULT_LIFETIME;
        }
        return Duration.ofSeconds(Long.parseLong(seconds.strip()));
    }

    /**
     * Reads only from the table: an unknown client (one GetItem, the refusal path). The grant path runs against
     * an in-memory table, where a client is created and granted a token: nothing is written to the table.
     */
    void prime() {
        handleRequest(event("grant_type=client_credentials&client_id=" + ClientCredentials.CLIENT_PREFIX + "priming"
                + "&client_secret=priming", null), null);
        Priming.inMemory(wiring.dynamo(), memory -> {
            ClientCredentials inMemory = new ClientCredentials(new DynamoClientStore(memory, wiring.tableName()),
                    wiring.clock(), ClientCredentials.DEFAULT_LIFETIME);
            ClientCredentials.Created client = inMemory.create("priming", "priming");
            return inMemory.grant(Map.of("grant_type", "client_credentials"), Optional.of("Basic " + Base64.getEncoder()
                    .encodeToString((client.client().clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8))));
        });
    }

    Priming priming() {
        return priming;
    }

    static APIGatewayProxyRequestEvent event(String form, String authorization) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/x-www-form-urlencoded"));
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/scim/v2/oauth/token")
                .withHeaders(headers).withBody(form)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("priming-" + UUID.randomUUID()));
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        if (KeepWarm.isPing(event.getResource())) {
            return new APIGatewayProxyResponseEvent().withStatusCode(204).withIsBase64Encoded(false);
        }
        try {
            if (!"POST".equalsIgnoreCase(event.getHttpMethod())) {
                return error(405, "invalid_request", "Use POST.", false).withHeaders(headers(Map.of("Allow", "POST")));
            }
            Map<String, String> headers = lowerCase(event.getHeaders());
            String contentType = headers.getOrDefault("content-type", "");
            if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                return error(400, "invalid_request", "The body must be application/x-www-form-urlencoded.", false);
            }
            String body = event.getBody() == null ? "" : event.getBody();
            if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            if (body.length() > MAX_BODY_CHARS) {
                return error(400, "invalid_request", "The request is too large.", false);
            }
            Optional<Map<String, String>> form = form(body);
            if (form.isEmpty()) {
                return error(400, "invalid_request", "Each parameter must appear once.", false);
            }
            return switch (credentials.grant(form.get(), Optional.ofNullable(headers.get("authorization")))) {
                case ClientCredentials.Granted granted -> {
                    ObjectNode json = Json.object();
                    json.put("access_token", granted.accessToken());
                    json.put("token_type", "Bearer");
                    json.put("expires_in", granted.expiresInSeconds());
                    yield new APIGatewayProxyResponseEvent().withStatusCode(200).withIsBase64Encoded(false)
                            .withHeaders(headers(Map.of())).withBody(Json.write(json));
                }
                case ClientCredentials.Refused refused ->
                        error(refused.status(), refused.error(), refused.description(), refused.basicChallenge());
            };
        } catch (StoreException.Retryable e) {
            // Throttled or unavailable after the client's own retries. RFC 6749 §5.2 has no code for it; the answer
            // is the SCIM routes' 429/503 with Retry-After, in the token endpoint's error shape.
            int status = e instanceof StoreException.Throttled ? 429 : 503;
            Log.warn(requestId(event), "oauth/token answered " + status + ": " + e.getMessage());
            return error(status, "temporarily_unavailable", "The service is busy; retry after "
                    + ScimErrors.RETRY_AFTER_SECONDS + " seconds.", false)
                    .withHeaders(headers(Map.of("Retry-After", Integer.toString(ScimErrors.RETRY_AFTER_SECONDS))));
        } catch (RuntimeException e) {
            String requestId = requestId(event);
            Log.error(requestId, "Unhandled failure in the token endpoint", e);
            return error(500, "server_error", "The request failed. Request id: " + requestId, false);
        }
    }

    private static String requestId(APIGatewayProxyRequestEvent event) {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /** RFC 6749 §3.2: parameters without a value are omitted; a repeated one is an error. */
    private static Optional<Map<String, String>> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (value.isEmpty()) {
                continue;
            }
            if (form.put(name, value) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(form);
    }

    private static APIGatewayProxyResponseEvent error(int status, String code, String description, boolean basic) {
        ObjectNode json = Json.object();
        json.put("error", code);
        json.put("error_description", description);
        Map<String, String> extra = basic ? Map.of("WWW-Authenticate", "Basic realm=\"scim\"") : Map.of();
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withIsBase64Encoded(false)
                .withHeaders(headers(extra)).withBody(Json.write(json));
    }

    private static Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        headers.putAll(extra);
        return headers;
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        return lower;
    }
}
