package dev.scimaws.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * What API Gateway (REST API, TOKEN authorizer, Lambda proxy integration) does to a request, as pure
 * functions: the authorizer event, the policy check, and the proxy event the handler receives.
 */
final class Gateway {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";
    static final String API_ID = "local";
    /** The stage {@code ScimApi} deploys: the "scim" of the base path {@code /scim/v2}. */
    static final String STAGE = "scim";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The parts of an HTTP request that API Gateway passes on. Header names as the client sent them. */
    record HttpRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                       String body, String sourceIp, int localPort) {}

    /**
     * A matched route: {@code name} the first segment after the base path (Users, Groups...),
     * {@code resource} the API Gateway resource template, {@code id} its path parameter or null.
     */
    record Route(String name, String resource, String id) {}

    private Gateway() {}

    /** {@code arn:aws:execute-api:region:account:api/stage/METHOD/path-without-stage-or-leading-slash}. */
    static String methodArn(String method, String path) {
        return "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + API_ID + "/" + STAGE + "/" + method
                + withoutStage(path);
    }

    /**
     * A request path as API Gateway names it inside the stage, in resource templates and method ARNs:
     * {@code /scim/v2/Users} -> {@code /v2/Users}.
     */
    static String withoutStage(String path) {
        String stagePrefix = "/" + STAGE;
        String rest = path.startsWith(stagePrefix + "/") ? path.substring(stagePrefix.length()) : path;
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    static APIGatewayCustomAuthorizerEvent authorizerEvent(String method, String path, String authorization) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken(authorization);
        event.setMethodArn(methodArn(method, path));
        return event;
    }

    /**
     * IAM evaluation as API Gateway applies it to an authorizer's policy: an explicit Deny wins, then
     * an Allow whose Resource pattern matches the method ARN; nothing matching means denied.
     */
    static boolean allows(IamPolicyResponseV1 policy, String methodArn) {
        if (policy == null || policy.getPolicyDocument() == null) {
            return false;
        }
        boolean allowed = false;
        for (Object statementObject : items(policy.getPolicyDocument().get("Statement"))) {
            if (!(statementObject instanceof Map<?, ?> statement)) {
                continue;
            }
            boolean actionMatches = items(statement.get("Action")).stream()
                    .anyMatch(a -> a instanceof String action && globMatches(action, "execute-api:Invoke"));
            boolean resourceMatches = items(statement.get("Resource")).stream()
                    .anyMatch(r -> r instanceof String resource && globMatches(resource, methodArn));
            if (actionMatches && resourceMatches) {
                if ("Deny".equalsIgnoreCase(String.valueOf(statement.get("Effect")))) {
                    return false;
                }
                allowed |= "Allow".equalsIgnoreCase(String.valueOf(statement.get("Effect")));
            }
        }
        return allowed;
    }

    private static List<Object> items(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        return List.of(value);
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one character. */
    static boolean globMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** What the authorizer's answer becomes in {@code requestContext.authorizer}: context values as strings. */
    static Map<String, Object> authorizerContext(IamPolicyResponseV1 policy) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("principalId", policy.getPrincipalId());
        if (policy.getContext() != null) {
            policy.getContext().forEach((key, value) -> context.put(key, String.valueOf(value)));
        }
        context.put("integrationLatency", 0);
        return context;
    }

    /** The REST proxy event for a request already matched to {@code route}. */
    static APIGatewayProxyRequestEvent proxyEvent(HttpRequest request, Route route, Map<String, Object> authorizer) {
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> multiHeaders.computeIfAbsent(canonicalHeaderName(name), k -> new ArrayList<>()).addAll(values));
        // Headers API Gateway adds on its way to the integration.
        multiHeaders.merge("X-Forwarded-For", List.of(request.sourceIp()),
                (sent, ip) -> List.of(String.join(", ", sent) + ", " + ip.getFirst()));
        multiHeaders.put("X-Forwarded-Port", List.of(Integer.toString(request.localPort())));
        multiHeaders.put("X-Forwarded-Proto", List.of("http"));
        multiHeaders.put("X-Amzn-Trace-Id", List.of(traceId()));

        Map<String, List<String>> multiQuery = parseQuery(request.rawQuery());
        String host = first(multiHeaders.get("Host"));
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();

        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(request.sourceIp())
                .withUserAgent(first(multiHeaders.get("User-Agent")));
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId(ACCOUNT)
                .withApiId(API_ID)
                .withStage(STAGE)
                .withResourceId(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6))
                .withResourcePath(route.resource())
                .withHttpMethod(request.method())
                .withPath(request.rawPath())
                .withRequestId(requestId)
                .withExtendedRequestId(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                .withRequestTime(REQUEST_TIME.format(now))
                .withRequestTimeEpoch(now.toEpochMilli())
                .withProtocol("HTTP/1.1")
                .withDomainName(host)
                .withDomainPrefix(API_ID)
                .withIdentity(identity);
        context.setAuthorizer(authorizer);

        return new APIGatewayProxyRequestEvent()
                .withResource(route.resource())
                .withPath(request.rawPath())
                .withHttpMethod(request.method())
                .withHeaders(lastValues(multiHeaders))
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(multiQuery == null ? null : lastValues(multiQuery))
                .withMultiValueQueryStringParameters(multiQuery)
                .withPathParameters(route.id() == null ? null : Map.of("id", route.id()))
                .withStageVariables(null)
                .withRequestContext(context)
                .withBody(request.body() == null || request.body().isEmpty() ? null : request.body())
                .withIsBase64Encoded(false);
    }

    /**
     * Query parameters URL-decoded as API Gateway decodes them ({@code +} is a space), every value kept
     * in order; null when there is no query string, as API Gateway sends it.
     *
     * @throws IllegalArgumentException on a malformed percent escape
     */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * The JDK's HTTP server folds header names to "Content-type"; clients such as Okta send
     * "Content-Type", and API Gateway passes names through as sent, so restore the usual spelling.
     * Handlers must still compare names case-insensitively (HTTP/2 clients send lower case).
     */
    static String canonicalHeaderName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static Map<String, String> lastValues(Map<String, List<String>> multi) {
        Map<String, String> single = new LinkedHashMap<>();
        multi.forEach((name, values) -> {
            if (!values.isEmpty()) {
                single.put(name, values.getLast());
            }
        });
        return single;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-"
                + HexFormat.of().toHexDigits(random.nextInt()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
