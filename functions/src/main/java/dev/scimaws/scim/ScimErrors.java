package dev.scimaws.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;

/** The one place that turns failures into RFC 7644 §3.12 error responses. */
public final class ScimErrors {

    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    /** Seconds a client should wait before retrying a 429 or 503 (Okta and Entra honour the header). */
    public static final int RETRY_AFTER_SECONDS = 2;

    public static ScimResponse from(ScimException e) {
        var error = e.getScimError();
        String detail = error.getDetail();
        if (detail == null || detail.isBlank()) {
            detail = e.getMessage() == null ? "The request failed." : e.getMessage();
        }
        return response(error.getStatus(), error.getScimType(), detail);
    }

    /**
     * The store was overloaded or slow and gave up within its time budget, having written nothing half-way:
     * 429 for throttling, 503 for the rest, both with {@code Retry-After}. The detail names no AWS part.
     */
    public static ScimResponse retryLater(StoreException.Retryable e) {
        boolean throttled = e instanceof StoreException.Throttled;
        String detail = throttled
                ? "Too many requests for the data store right now; retry after " + RETRY_AFTER_SECONDS + " seconds."
                : "The data store was busy or did not answer in time; retry after " + RETRY_AFTER_SECONDS + " seconds.";
        return response(throttled ? 429 : 503, null, detail)
                .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    /** An unexpected failure: the client gets a request id to quote, never the cause. */
    public static ScimResponse internal(String requestId) {
        return response(500, null, "An internal error occurred. Request id: " + requestId);
    }

    public static ScimResponse response(int status, String scimType, String detail) {
        ObjectNode body = Json.object();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        return ScimResponse.json(status, Json.write(body));
    }

    private ScimErrors() {}
}
