package dev.scimaws.scim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

/** One configured mapper, shared. No module scanning: registration is explicit and cheap at cold start. */
public final class Json {

    /** Nesting beyond this is not a SCIM resource; refusing it early keeps hostile input cheap. */
    private static final int MAX_NESTING = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .build();

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; anything that is not one JSON value is a 400 invalidSyntax. */
    public static JsonNode parse(String body) throws BadRequestException {
        if (body == null || body.isBlank()) {
            throw BadRequestException.invalidSyntax("The request body is empty; a JSON object is required.");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw BadRequestException.invalidSyntax("The request body is not JSON.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw BadRequestException.invalidSyntax("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode parseObject(String body) throws BadRequestException {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw BadRequestException.invalidSyntax("The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    public static ObjectNode parseStored(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored resource is not valid JSON", e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Json() {}
}
