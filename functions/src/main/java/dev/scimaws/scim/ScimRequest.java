package dev.scimaws.scim;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One SCIM HTTP request, free of API Gateway types. {@code resourceId} is the path segment after the
 * resource endpoint ({@code /Users/{id}}), null for the collection. {@code tokenId} is the public id of
 * the bearer token that authorised the request (never the token), null when unknown.
 */
public record ScimRequest(
        String tenant,
        String method,
        String resourceId,
        Map<String, String> query,
        Map<String, String> headers,
        String body,
        String baseUrl,
        String requestId,
        String tokenId) {

    public ScimRequest {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        query = query == null ? Map.of() : Map.copyOf(query);
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseInsensitive.putAll(headers);
        }
        headers = caseInsensitive;
    }

    /** A request whose token is not known (tests, tools). */
    public ScimRequest(String tenant, String method, String resourceId, Map<String, String> query,
                       Map<String, String> headers, String body, String baseUrl, String requestId) {
        this(tenant, method, resourceId, query, headers, body, baseUrl, requestId, null);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
