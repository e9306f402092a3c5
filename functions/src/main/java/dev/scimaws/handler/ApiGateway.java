package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.priming.Priming;
import dev.scimaws.priming.PrimingScenario;
import dev.scimaws.scim.Actor;
import dev.scimaws.scim.ScimErrors;
import dev.scimaws.scim.ScimRequest;
import dev.scimaws.scim.ScimResponse;
import dev.scimaws.scim.StoreException;
import dev.scimaws.store.DynamoCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Converts API Gateway REST proxy events to {@link ScimRequest}s and {@link ScimResponse}s back, and is
 * the single place where failures become SCIM errors: expected ones as they are, anything else as a
 * generic 500 whose cause is logged with the request id and never returned.
 */
final class ApiGateway {

    interface Endpoint {
        ScimResponse handle(ScimRequest request) throws ScimException;
    }

    private ApiGateway() {}

    static APIGatewayProxyResponseEvent serve(APIGatewayProxyRequestEvent event, Context context,
                                              String resourceSegment, Endpoint endpoint) {
        if (KeepWarm.isPing(event.getResource())) {
            return new APIGatewayProxyResponseEvent().withStatusCode(204).withIsBase64Encoded(false);
        }
        String requestId = requestId(event, context);
        ScimResponse response;
        try (var budget = DynamoCalls.startRequest(DynamoCalls.REQUEST_BUDGET, remainingTime(context))) {
            Optional<ScimRequest> request = toRequest(event, resourceSegment, requestId);
            response = request.isEmpty()
                    ? ScimErrors.response(401, null, "The request carries no tenant; it did not pass the authorizer.")
                    : Actor.during(request.get().tokenId(), () -> endpoint.handle(request.get()));
        } catch (ScimException e) {
            response = ScimErrors.from(e);
            if (response.status() == 405) {
                response = response.withHeader("Allow", allowed(event, resourceSegment));
            }
        } catch (StoreException.Retryable e) {
            Log.warn(requestId, resourceSegment + " " + event.getHttpMethod() + " answered "
                    + (e instanceof StoreException.Throttled ? 429 : 503) + ": " + e.getMessage());
            response = ScimErrors.retryLater(e);
        } catch (RuntimeException | Error e) {
            Log.error(requestId, "Unhandled failure in " + resourceSegment + " " + event.getHttpMethod(), e);
            response = ScimErrors.internal(requestId);
        }
        return toEvent(response);
    }

    /** RFC 9110 §15.5.6: a 405 names the methods the resource does serve. */
    static String allowed(APIGatewayProxyRequestEvent event, String resourceSegment) {
        String id = resourceId(event, resourceSegment);
        if (!resourceSegment.equals("Users") && !resourceSegment.equals("Groups")) {
            return "GET";
        }
        if (id == null) {
            return "GET, POST";
        }
        return id.equals(".search") ? "POST" : "GET, PUT, PATCH, DELETE";
    }

    /** The function's time left, when Lambda says (not in tests and local runs without a context). */
    private static Optional<Duration> remainingTime(Context context) {
        return context == null || context.getRemainingTimeInMillis() <= 0
                ? Optional.empty() : Optional.of(Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    static Optional<ScimRequest> toRequest(APIGatewayProxyRequestEvent event, String resourceSegment, String requestId) {
        var context = event.getRequestContext();
        Map<String, Object> authorizer = context == null ? null : context.getAuthorizer();
        Object tenant = authorizer == null ? null : authorizer.get(TokenAuthorizerHandler.TENANT_CONTEXT_KEY);
        if (!(tenant instanceof String tenantId) || tenantId.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>();
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(",", values));
                }
            });
        }
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        Map<String, String> query = new HashMap<>();
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    query.put(name, values.get(0));
                }
            });
        }
        if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach(query::putIfAbsent);
        }
        String body = event.getBody();
        if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        String fullPath = context.getPath() != null ? context.getPath() : event.getPath();
        Object tokenId = authorizer.get(TokenAuthorizerHandler.TOKEN_ID_CONTEXT_KEY);
        return Optional.of(new ScimRequest(tenantId, event.getHttpMethod(), resourceId(event, resourceSegment),
                query, headers, body, baseUrl(headers, fullPath, resourceSegment), requestId,
                tokenId instanceof String id && !id.isBlank() ? id : null));
    }

    /**
     * For a function serving several endpoints (discovery): the first path segment that is one of
     * {@code segments}, exactly. Read from the API Gateway resource template when present
     * ({@code /v2/Schemas/{id}}), else from the request path.
     */
    static Optional<String> resourceSegment(APIGatewayProxyRequestEvent event, List<String> segments) {
        List<String> candidates = new java.util.ArrayList<>();
        candidates.add(event.getResource());
        candidates.add(event.getRequestContext() == null ? null : event.getRequestContext().getPath());
        candidates.add(event.getPath());
        for (String path : candidates) {
            if (path == null) {
                continue;
            }
            for (String element : path.split("/")) {
                if (segments.contains(element)) {
                    return Optional.of(element);
                }
            }
        }
        return Optional.empty();
    }

    /** The {id} path parameter, or the segment after the resource name when invoked without one. */
    static String resourceId(APIGatewayProxyRequestEvent event, String resourceSegment) {
        if (event.getPathParameters() != null && event.getPathParameters().get("id") != null) {
            return event.getPathParameters().get("id");
        }
        String path = event.getPath() == null ? "" : event.getPath();
        int at = path.indexOf("/" + resourceSegment);
        if (at < 0) {
            return null;
        }
        String rest = path.substring(at + resourceSegment.length() + 1);
        if (rest.startsWith("/") && rest.length() > 1) {
            return java.net.URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * {@code https://<Host><path up to the resource>}: the stage or custom-domain base path are part of
     * the request context's full path, so locations work behind either.
     */
    static String baseUrl(Map<String, String> headers, String fullPath, String resourceSegment) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        String host = lower.getOrDefault("host", "localhost");
        String scheme = lower.getOrDefault("x-forwarded-proto", "https");
        String path = fullPath == null ? "" : fullPath;
        int at = path.indexOf("/" + resourceSegment);
        String prefix = at >= 0 ? path.substring(0, at) : "";
        return scheme + "://" + host + prefix;
    }

    static APIGatewayProxyResponseEvent toEvent(ScimResponse response) {
        APIGatewayProxyResponseEvent event = new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withIsBase64Encoded(false);
        if (response.body() != null) {
            event.setBody(response.body());
        }
        return event;
    }

    private static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }


    /** A proxy event as API Gateway sends it, for the priming tenant (which no token maps to). */
    static APIGatewayProxyRequestEvent primingEvent(String method, String resource, String id, Map<String, String> query,
                                                    String body) {
        String path = "/scim/v2/" + resource + (id == null ? "" : "/" + id);
        var requestContext = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withPath(path)
                .withStage("v2")
                .withRequestId("priming-" + UUID.randomUUID())
                .withHttpMethod(method);
        requestContext.setAuthorizer(new HashMap<>(Map.of(TokenAuthorizerHandler.TENANT_CONTEXT_KEY, Priming.TENANT)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withPathParameters(id == null ? null : Map.of("id", id))
                .withQueryStringParameters(query)
                .withHeaders(Map.of("Host", "priming.invalid", "Content-Type", "application/scim+json"))
                .withBody(body)
                .withRequestContext(requestContext);
    }

    /**
     * The {@link PrimingScenario} through both SCIM endpoints, built as the handlers build them but on an
     * in-memory table: returns "METHOD resource status" per request.
     */
    static List<String> primeInMemory(Wiring real) {
        return Priming.inMemory(real.dynamo(), memory -> PrimingScenario.run(scim(new Wiring(memory, real.tableName(), real.clock()))));
    }

    /** Both SCIM endpoints on {@code wiring}, as the handlers build and serve them: what the priming scenario talks to. */
    static PrimingScenario.Scim scim(Wiring wiring) {
        Endpoint users = UsersHandler.service(wiring, Duration.ZERO)::handle;
        Endpoint groups = GroupsHandler.service(wiring)::handle;
        return (method, resource, id, query, body) -> {
            APIGatewayProxyResponseEvent response = serve(primingEvent(method, resource, id, query, body), null,
                    resource, resource.equals("Users") ? users : groups);
            return new PrimingScenario.Answer(response.getStatusCode(), response.getBody());
        };
    }
}
