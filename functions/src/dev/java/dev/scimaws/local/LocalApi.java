package dev.scimaws.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scimaws.auth.Tokens;
import dev.scimaws.auth.ClientCredentials;
import dev.scimaws.handler.DiscoveryHandler;
import dev.scimaws.handler.OAuthTokenHandler;
import dev.scimaws.store.DynamoClientStore;
import dev.scimaws.handler.GroupsHandler;
import dev.scimaws.handler.TokenAuthorizerHandler;
import dev.scimaws.handler.UsersHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.scim.DiscoveryService;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Placeholders;
import dev.scimaws.testing.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The SCIM API on {@code 127.0.0.1}, replaying API Gateway in front of the real handler classes: the
 * TOKEN authorizer first, then the REST proxy event. Run it with
 * {@code ./mvnw -q -pl functions -am test-compile exec:exec@local}; ITs use {@link #start}.
 */
public final class LocalApi implements AutoCloseable {

    public static final String BASE_PATH = "/scim/v2";
    public static final String DEFAULT_TABLE = "scim-local";
    public static final String TENANT = "local";
    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final String SCIM_JSON = "application/scim+json";
    /** Resources without an {@code /{id}} child in the API. */
    private static final Set<String> NO_ID = Set.of("ServiceProviderConfig", "Me", "Bulk");
    /** The token endpoint under the base path; it has no authorizer. */
    static final String OAUTH_PATH = "oauth/token";

    /**
     * First path segment after /scim/v2 -> handler: the one place to add a handler.
     */
    private static Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes(Wiring wiring) {
        Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes = new LinkedHashMap<>();
        routes.put("Users", new UsersHandler(wiring));
        routes.put("Groups", new GroupsHandler(wiring));
        DiscoveryHandler discovery = new DiscoveryHandler(wiring);
        for (String endpoint : DiscoveryService.SEGMENTS) {
            routes.put(endpoint, discovery);
        }
        return routes;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final TokenAuthorizerHandler authorizer;
    private final Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes;
    private final String token;
    /** The token endpoint (RFC 6749 §4.4), routed without the authorizer as the stack routes it. */
    private final OAuthTokenHandler oauth;
    private final ClientCredentials.Created client;
    private final String table;
    private final boolean accessLog;

    private LocalApi(HttpServer server, Wiring authorizerWiring, Wiring wiring, String token, ClientCredentials.Created client,
                     boolean accessLog) {
        this.server = server;
        this.client = client;
        this.oauth = new OAuthTokenHandler(authorizerWiring, ClientCredentials.DEFAULT_LIFETIME);
        this.table = wiring.tableName();
        this.token = token;
        this.accessLog = accessLog;
        // Built once, like a Lambda execution environment; requests then run concurrently, as separate
        // Lambda instances would, so handlers must be thread-safe.
        this.authorizer = new TokenAuthorizerHandler(authorizerWiring);
        this.routes = routes(wiring);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves on {@code 127.0.0.1:port} (0: any free port) against {@code table} on {@code engine}: creates
     * the table unless it exists and issues a fresh token for tenant {@value #TENANT}. Closing stops the
     * server, not the engine.
     */
    public static LocalApi start(int port, DynamoEngine engine, String table) throws IOException {
        return start(port, engine, table, false);
    }

    private static LocalApi start(int port, DynamoEngine engine, String table, boolean accessLog) throws IOException {
        Wiring wiring = new Wiring(engine.client(), table, Clock.systemUTC());
        return start(port, wiring, wiring, accessLog);
    }

    /**
     * As {@link #start(int, DynamoEngine, String)}, with the authorizer and the SCIM handlers wired
     * separately, so a test can count the handlers' DynamoDB calls alone (API Gateway caches the
     * authorizer's answer, so its GetItem is not part of a request's budget).
     */
    public static LocalApi start(int port, Wiring authorizerWiring, Wiring handlerWiring) throws IOException {
        return start(port, authorizerWiring, handlerWiring, false);
    }

    private static LocalApi start(int port, Wiring authorizerWiring, Wiring handlerWiring, boolean accessLog)
            throws IOException {
        String table = handlerWiring.tableName();
        Tables.createIfAbsent(authorizerWiring.dynamo(), table);
        String token = new Tokens(new DynamoTokenStore(authorizerWiring.dynamo(), table), authorizerWiring.clock())
                .issue(TENANT, "local API " + authorizerWiring.clock().instant().truncatedTo(ChronoUnit.SECONDS)).token();
        ClientCredentials.Created client = new ClientCredentials(new DynamoClientStore(authorizerWiring.dynamo(), table),
                authorizerWiring.clock(), ClientCredentials.DEFAULT_LIFETIME).create(TENANT, "local API");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        return new LocalApi(server, authorizerWiring, handlerWiring, token, client, accessLog);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + BASE_PATH;
    }

    /** A token for tenant {@value #TENANT}, issued at start. */
    public String token() {
        return token;
    }

    /** {@code <base>/oauth/token}: where the client credentials grant is served. */
    public String tokenEndpoint() {
        return baseUrl() + "/" + OAUTH_PATH;
    }

    /** An OAuth client of tenant {@value #TENANT}, created at start. */
    public String clientId() {
        return client.client().clientId();
    }

    public String clientSecret() {
        return client.secret();
    }

    public String table() {
        return table;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        int port = port(System.getenv("PORT"));
        String dataFile = System.getenv("SCIM_LOCAL_DATA");
        DynamoEngine engine = DynamoEngine.start(dataFile == null || dataFile.isBlank() ? null : Path.of(dataFile));
        LocalApi api;
        try {
            api = start(port, engine, DEFAULT_TABLE, true);
        } catch (BindException e) {
            engine.close();
            System.err.println("Port " + port + " on 127.0.0.1 is in use: stop what runs there, or set PORT to another port.");
            System.exit(1);
            return;
        }
        // Engine first registered its own hook; both run on Ctrl-C.
        Runtime.getRuntime().addShutdownHook(new Thread(api::close, "local-api-shutdown"));
        announce(api, engine.endpoint().toString()).forEach(System.out::println);
        System.out.flush();
        followEvents(engine, api.table());
        new CountDownLatch(1).await();
    }

    /** What {@link #main} prints: the four lines scripts read, then the OAuth client's three. */
    static List<String> announce(LocalApi api, String dynamoEndpoint) {
        return List.of("SCIM_BASE_URL=" + api.baseUrl(), "SCIM_TOKEN=" + api.token(),
                "SCIM_DYNAMODB_ENDPOINT=" + dynamoEndpoint, "SCIM_TABLE=" + api.table(),
                "SCIM_TOKEN_ENDPOINT=" + api.tokenEndpoint(), "SCIM_CLIENT_ID=" + api.clientId(),
                "SCIM_CLIENT_SECRET=" + api.clientSecret());
    }

    /** Provisioning events as JSON lines on stdout, and appended to {@code SCIM_EVENTS_FILE} when set (docs/events.md). */
    private static void followEvents(DynamoEngine engine, String table) {
        String file = System.getenv(LocalEvents.FILE_ENV);
        try {
            LocalEvents events = LocalEvents.start(engine, table, file == null || file.isBlank() ? null : Path.of(file), System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(events::close, "local-events-shutdown"));
        } catch (IllegalStateException e) {
            System.err.println("No provisioning events: " + e.getMessage());
        }
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a port number (0-65535), not " + value);
    }

    // ---- one request ------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        int status;
        try (exchange) {
            status = respond(exchange);
        } catch (RuntimeException | IOException e) {
            System.err.println("Local API failed on " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
            e.printStackTrace();
            throw e;
        }
        if (accessLog) {
            System.err.printf("%s %s -> %d (%d ms)%n", exchange.getRequestMethod(), exchange.getRequestURI(), status,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private int respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();

        // 1. Resource match: API Gateway rejects unknown routes before it calls the authorizer.
        Gateway.Route route = route(exchange.getRequestURI().getPath());
        boolean tokenEndpoint = route != null && (route.name() + "/" + route.id()).equals(OAUTH_PATH);
        if (tokenEndpoint) {
            route = new Gateway.Route(route.name(), Gateway.withoutStage(BASE_PATH) + "/" + OAUTH_PATH, null);
        }
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler = route == null ? null
                : tokenEndpoint ? oauth : routes.get(route.name());
        if (handler == null) {
            return scimError(exchange, 404, "No resource at " + rawPath);
        }

        // 2. Payload limit.
        byte[] body = readBody(exchange);
        if (body == null) {
            return scimError(exchange, 413, "The request body exceeds the maximum of " + MAX_BODY_BYTES + " bytes");
        }

        // 3. TOKEN authorizer. A missing Authorization header never reaches it (the identity source is required).
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (tokenEndpoint) {
            return integrate(exchange, method, rawPath, body, route, handler, Map.of());
        }
        if (authorization == null || authorization.isBlank()) {
            return scimError(exchange, 401, "Missing bearer token: send Authorization: Bearer <token>");
        }
        APIGatewayCustomAuthorizerEvent authEvent = Gateway.authorizerEvent(method, rawPath, authorization);
        IamPolicyResponseV1 policy;
        try {
            policy = authorizer.handleRequest(authEvent, new LocalContext("TokenAuthorizerHandler"));
        } catch (RuntimeException e) {
            if (TokenAuthorizerHandler.UNAUTHORIZED.equals(e.getMessage())) {
                return scimError(exchange, 401, "The bearer token is not valid");
            }
            // API Gateway answers its AUTHORIZER_FAILURE response (ScimApi: 503, Retry-After); the cause is worth seeing.
            e.printStackTrace();
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(dev.scimaws.scim.ScimErrors.RETRY_AFTER_SECONDS));
            return scimError(exchange, 503, "Authorization failed, retry later");
        }
        if (!Gateway.allows(policy, authEvent.getMethodArn())) {
            return scimError(exchange, 403, "The authorizer's policy does not allow " + method + " " + rawPath);
        }

        return integrate(exchange, method, rawPath, body, route, handler, Gateway.authorizerContext(policy));
    }

    /** 4. The proxy integration. */
    private int integrate(HttpExchange exchange, String method, String rawPath, byte[] body, Gateway.Route route,
                          RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                          Map<String, Object> authorizerContext) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        APIGatewayProxyRequestEvent event;
        try {
            event = Gateway.proxyEvent(new Gateway.HttpRequest(method, rawPath, exchange.getRequestURI().getRawQuery(), headers,
                    new String(body, StandardCharsets.UTF_8), exchange.getRemoteAddress().getAddress().getHostAddress(), port()),
                    route, authorizerContext);
        } catch (IllegalArgumentException malformedQuery) {
            return scimError(exchange, 400, "Malformed query string");
        }
        APIGatewayProxyResponseEvent response;
        try {
            response = handler.handleRequest(event, new LocalContext(handler.getClass().getSimpleName()));
        } catch (RuntimeException | Error e) {
            // What API Gateway does when the Lambda fails: 502 with its own body. The stack trace stands in for CloudWatch.
            e.printStackTrace();
            return gatewayFailure(exchange, event);
        }
        if (response == null || response.getStatusCode() == null) {
            System.err.println("Malformed Lambda proxy response (no statusCode) from " + handler.getClass().getSimpleName());
            return gatewayFailure(exchange, event);
        }
        return write(exchange, response, event.getRequestContext().getRequestId());
    }

    /** The API's resource template for a decoded path, or null when API Gateway would have no such resource. */
    static Gateway.Route route(String path) {
        List<String> segments = segments(path);
        if (segments == null || segments.isEmpty() || segments.size() > 2) {
            return null;
        }
        String name = segments.getFirst();
        String resource = Gateway.withoutStage(BASE_PATH) + "/" + name;
        if (segments.size() == 1) {
            return new Gateway.Route(name, resource, null);
        }
        return NO_ID.contains(name) ? null : new Gateway.Route(name, resource + "/{id}", segments.get(1));
    }

    private static List<String> segments(String path) {
        if (path == null || !path.startsWith(BASE_PATH + "/")) {
            return null;
        }
        String rest = path.substring(BASE_PATH.length() + 1);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> segments = new ArrayList<>(List.of(rest.split("/", -1)));
        return segments.stream().anyMatch(String::isEmpty) ? null : segments;
    }

    /** The body, or null when it is larger than API Gateway accepts. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the server itself rejects a bad Content-Length; read what comes
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static int write(HttpExchange exchange, APIGatewayProxyResponseEvent response, String requestId) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(value -> out.add(name, value)));
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                List<String> present = out.get(name);
                if (present == null || !present.contains(value)) {
                    out.add(name, value);
                }
            });
        }
        // The server frames the body itself.
        out.remove("Content-Length");
        out.remove("Transfer-Encoding");
        out.set("x-amzn-RequestId", requestId);
        byte[] body = response.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded()) ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0 && !out.containsKey("Content-Type")) {
            out.set("Content-Type", "application/json"); // API Gateway's default for a proxy response
        }
        return send(exchange, response.getStatusCode(), body);
    }

    private static int gatewayFailure(HttpExchange exchange, APIGatewayProxyRequestEvent event) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", event.getRequestContext().getRequestId());
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalServerErrorException");
        return send(exchange, 502, "{\"message\": \"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Errors API Gateway itself answers (the deployed stack maps its gateway responses to the same SCIM
     * bodies: Okta rejects API Gateway's default {"message":"Unauthorized"}).
     */
    private static int scimError(HttpExchange exchange, int status, String detail) throws IOException {
        String json = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"" + status
                + "\",\"detail\":\"" + Placeholders.jsonEscape(detail) + "\"}";
        exchange.getResponseHeaders().set("Content-Type", SCIM_JSON);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        return send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }
}
