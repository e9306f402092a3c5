package dev.scimaws.scim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Status, headers and a JSON body (null for 204). Every response is {@code application/scim+json}. */
public record ScimResponse(int status, Map<String, String> headers, String body) {

    public static final String CONTENT_TYPE = "application/scim+json";

    public static ScimResponse json(int status, String body) {
        return new ScimResponse(status, baseHeaders(), body);
    }

    public static ScimResponse noContent() {
        return new ScimResponse(204, baseHeaders(), null);
    }

    public ScimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ScimResponse(status, copy, body);
    }

    private static Map<String, String> baseHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        return headers;
    }
}
