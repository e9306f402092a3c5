package dev.scimaws.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;

/** The one place that turns failures into RFC 7644 §3.12 error responses. */
public final class ScimErrors {

    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    public static ScimResponse from(ScimException e) {
        var error = e.getScimError();
        String detail = error.getDetail();
        if (detail == null || detail.isBlank()) {
            detail = e.getMessage() == null ? "The request failed." : e.getMessage();
        }
        return response(error.getStatus(), error.getScimType(), detail);
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
