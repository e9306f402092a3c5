package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.scimaws.scim.schema.Attribute;
import dev.scimaws.scim.schema.ResourceType;
import dev.scimaws.scim.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a PatchOp request the way real clients send it and hands each operation to the SCIM SDK.
 * What we add before the SDK sees it: {@code op} in any case (Entra), and path-less add/replace values
 * split into one operation per key, so dotted ({@code name.givenName}) and URN-qualified keys work and a
 * complex value such as {@code name} is merged rather than replaced wholesale.
 *
 * <p>Extension URNs are recognised by looking them up in the resource type (the enterprise extension and
 * a tenant's custom ones), never by their spelling: a key or path that is exactly an extension's URN
 * ({@code "urn:...:acme:2.0:User": {"costCenter": "42"}}) becomes one operation per attribute, since the
 * SDK would read the URN's last segment as an attribute name. Keys under URNs the type does not declare
 * are ignored, as they are on POST and PUT.
 */
public final class Patches {

    public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Far beyond what Okta or Entra send; bounds the work one request can cause. */
    public static final int MAX_OPERATIONS = 1000;

    private Patches() {}

    /**
     * Parses the operations. {@code resourceId} lets a path-less value carry the resource's own read-only
     * {@code id} (Okta's group rename does), which is accepted when it matches.
     */
    public static List<PatchOperation> parse(String body, String resourceId, ResourceRules rules) throws ScimException {
        ObjectNode request = Json.parseObject(body);
        JsonNode operations = field(request, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw BadRequestException.invalidSyntax("A PATCH request needs a non-empty 'Operations' array.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw BadRequestException.tooMany("At most " + MAX_OPERATIONS + " operations per PATCH request.");
        }
        List<PatchOperation> parsed = new ArrayList<>();
        int index = 0;
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw BadRequestException.invalidSyntax("Operations[" + index + "] is not an object.");
            }
            parsed.addAll(expand((ObjectNode) operation, index++, resourceId, rules));
        }
        return parsed;
    }

    /**
     * Applies every operation to a copy; the caller stores the result only if all succeeded. The copy is
     * the SDK's case-ignoring tree, so paths match attribute names in any case.
     */
    public static ObjectNode apply(ObjectNode resource, List<PatchOperation> operations) throws ScimException {
        ObjectNode copy = JsonUtils.valueToNode(resource);
        for (PatchOperation operation : operations) {
            try {
                operation.apply(copy);
            } catch (ScimException e) {
                throw e;
            } catch (RuntimeException e) {
                // The SDK signals some shape mismatches (e.g. a filter on a non-array) this way.
                throw BadRequestException.invalidValue("The operation on '" + operation.getPath() + "' does not fit the resource.");
            }
        }
        copy.remove("schemas");
        return copy;
    }

    /** The operation's {@code op} in lower case (Entra capitalises it); anything else is invalidSyntax. */
    static String operationName(ObjectNode raw, int index) throws BadRequestException {
        JsonNode opNode = field(raw, "op");
        if (opNode == null || !opNode.isTextual()) {
            throw BadRequestException.invalidSyntax("Operations[" + index + "] needs an 'op'.");
        }
        String op = opNode.textValue().toLowerCase(Locale.ROOT);
        if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
            throw BadRequestException.invalidSyntax("Operations[" + index + "].op '" + opNode.textValue()
                    + "' is not add, replace or remove.");
        }
        return op;
    }

    private static List<PatchOperation> expand(ObjectNode raw, int index, String resourceId, ResourceRules rules)
            throws ScimException {
        String op = operationName(raw, index);
        JsonNode path = field(raw, "path");
        JsonNode value = field(raw, "value");
        if (path != null && !path.isNull() && !path.isTextual()) {
            throw BadRequestException.invalidPath("Operations[" + index + "].path must be a string.");
        }
        boolean hasPath = path != null && path.isTextual() && !path.textValue().isBlank();
        if (!hasPath && op.equals("remove")) {
            throw BadRequestException.noTarget("Operations[" + index + "]: remove needs a 'path'.");
        }
        if (hasPath) {
            Optional<Schema> extension = extension(rules, path.textValue().strip());
            if (extension.isPresent()) {
                return wholeExtension(op, extension.get(), value, index, rules);
            }
        }
        if (hasPath || op.equals("remove")) {
            return List.of(operation(op, path.textValue(), value, index));
        }
        if (value == null || !value.isObject()) {
            throw BadRequestException.invalidValue("Operations[" + index + "]: without a path the value must be an object.");
        }
        List<PatchOperation> split = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode fieldValue = field.getValue();
            if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("meta")) {
                continue;
            }
            if (key.equalsIgnoreCase("id")) {
                if (fieldValue.isTextual() && fieldValue.textValue().equals(resourceId)) {
                    continue;
                }
                throw BadRequestException.mutability("'id' is read-only and cannot be changed.");
            }
            if (key.regionMatches(true, 0, "urn:", 0, 4)) {
                Optional<Schema> extension = extension(rules, key);
                if (extension.isPresent()) {
                    split.addAll(wholeExtension(op, extension.get(), fieldValue, index, rules));
                } else if (rules.type().schema(key).isPresent() && fieldValue.isObject()) {
                    for (Map.Entry<String, JsonNode> sub : fieldValue.properties()) { // the core schema's URN
                        split.add(operation(op, key + ":" + sub.getKey(), sub.getValue(), index));
                    }
                } else if (rules.type().resolve(key).isPresent()) {
                    split.add(operation(op, key, fieldValue, index));
                }
                // else: an unknown extension, or an attribute it does not define: ignored
            } else if (fieldValue.isObject() && !key.contains(".") && !key.contains(":")
                    && rules.isSingleComplex(key)) {
                for (Iterator<Map.Entry<String, JsonNode>> sub = fieldValue.fields(); sub.hasNext(); ) {
                    Map.Entry<String, JsonNode> subField = sub.next();
                    split.add(operation(op, key + "." + subField.getKey(), subField.getValue(), index));
                }
            } else {
                split.add(operation(op, key, fieldValue, index));
            }
        }
        return split;
    }

    /** The extension schema {@code urn} names exactly (ignoring case), as opposed to one of its attributes. */
    private static Optional<Schema> extension(ResourceRules rules, String urn) {
        ResourceType type = rules.type();
        return type.schema(urn).filter(type::isExtension);
    }

    /**
     * An operation on a whole extension as one operation per attribute: {@code remove} (or a {@code null}
     * replace) clears each of the schema's attributes; add/replace take an object of attribute values,
     * merging single-valued complex ones as path-less operations do.
     */
    private static List<PatchOperation> wholeExtension(String op, Schema schema, JsonNode value, int index,
            ResourceRules rules) throws ScimException {
        List<PatchOperation> split = new ArrayList<>();
        if (op.equals("remove") || (op.equals("replace") && (value == null || value.isNull()))) {
            for (Attribute attribute : schema.attributes()) {
                split.add(operation("remove", schema.id() + ":" + attribute.name(), null, index));
            }
            return split;
        }
        if (value == null || value.isNull()) {
            return split;
        }
        if (!value.isObject()) {
            throw BadRequestException.invalidValue("Operations[" + index + "]: the value for '" + schema.id()
                    + "' must be an object of its attributes.");
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String path = schema.id() + ":" + field.getKey();
            JsonNode fieldValue = field.getValue();
            if (fieldValue.isObject() && !field.getKey().contains(".") && rules.isSingleComplex(path)) {
                for (Map.Entry<String, JsonNode> sub : fieldValue.properties()) {
                    split.add(operation(op, path + "." + sub.getKey(), sub.getValue(), index));
                }
            } else {
                split.add(operation(op, path, fieldValue, index));
            }
        }
        return split;
    }

    private static PatchOperation operation(String op, String path, JsonNode value, int index) throws ScimException {
        ObjectNode node = Json.object();
        node.put("op", op);
        if (path != null) {
            node.put("path", path);
        }
        if (value != null) {
            node.set("value", value);
        }
        try {
            return JsonUtils.getObjectReader().treeToValue(node, PatchOperation.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScimException scim) {
                throw scim;
            }
            String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
            if (path != null && detail != null && detail.toLowerCase(Locale.ROOT).contains("path")) {
                throw BadRequestException.invalidPath("Operations[" + index + "]: invalid path '" + path + "'.");
            }
            throw BadRequestException.invalidValue("Operations[" + index + "] is not a valid " + op + " operation"
                    + (path == null ? "" : " for '" + path + "'") + ".");
        }
    }

    /** A request member by name, in any case (clients send "operations", "Op", "Path"). */
    static JsonNode field(JsonNode node, String name) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
