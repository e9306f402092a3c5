package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
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
    public static List<Operation> parse(String body, String resourceId, ResourceRules rules) throws ScimException {
        ObjectNode request = Json.parseObject(body);
        JsonNode operations = field(request, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw BadRequestException.invalidSyntax("A PATCH request needs a non-empty 'Operations' array.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw BadRequestException.tooMany("At most " + MAX_OPERATIONS + " operations per PATCH request.");
        }
        List<Operation> parsed = new ArrayList<>();
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
    public static ObjectNode apply(ObjectNode resource, List<Operation> operations) throws ScimException {
        ObjectNode copy = JsonUtils.valueToNode(resource);
        for (Operation operation : operations) {
            Map<String, List<JsonNode>> primaries = ValuePatches.primaries(copy);
            try {
                operation.apply(copy);
            } catch (ScimException e) {
                throw e;
            } catch (RuntimeException e) {
                // The SDK signals some shape mismatches (e.g. a filter on a non-array) this way.
                throw BadRequestException.invalidValue("The operation on '" + operation.path() + "' does not fit the resource.");
            }
            if (operation.attribute() != null && !operation.givesWholeAttribute()) {
                ValuePatches.demoteFormerPrimaries(copy, operation.attribute(), primaries);
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

    private static List<Operation> expand(ObjectNode raw, int index, String resourceId, ResourceRules rules)
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
            return List.of(operation(op, path.textValue(), value, index, rules));
        }
        if (value == null || !value.isObject()) {
            throw BadRequestException.invalidValue("Operations[" + index + "]: without a path the value must be an object.");
        }
        List<Operation> split = new ArrayList<>();
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
                        split.add(operation(op, key + ":" + sub.getKey(), sub.getValue(), index, rules));
                    }
                } else if (rules.type().resolve(key).isPresent()) {
                    split.add(operation(op, key, fieldValue, index, rules));
                }
                // else: an unknown extension, or an attribute it does not define: ignored
            } else if (fieldValue.isObject() && !key.contains(".") && !key.contains(":")
                    && rules.isSingleComplex(key)) {
                for (Iterator<Map.Entry<String, JsonNode>> sub = fieldValue.fields(); sub.hasNext(); ) {
                    Map.Entry<String, JsonNode> subField = sub.next();
                    split.add(operation(op, key + "." + subField.getKey(), subField.getValue(), index, rules));
                }
            } else {
                split.add(operation(op, key, fieldValue, index, rules));
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
    private static List<Operation> wholeExtension(String op, Schema schema, JsonNode value, int index,
            ResourceRules rules) throws ScimException {
        List<Operation> split = new ArrayList<>();
        if (op.equals("remove") || (op.equals("replace") && (value == null || value.isNull()))) {
            for (Attribute attribute : schema.attributes()) {
                split.add(operation("remove", schema.id() + ":" + attribute.name(), null, index, rules));
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
                    split.add(operation(op, path + "." + sub.getKey(), sub.getValue(), index, rules));
                }
            } else {
                split.add(operation(op, path, fieldValue, index, rules));
            }
        }
        return split;
    }

    /** One operation of a request, ready to apply to a resource document. */
    public interface Operation {
        void apply(ObjectNode resource) throws ScimException;

        /** The path as the request gave it (null when path-less), for messages. */
        String path();

        /** The top-level core attribute the operation changes, or null. */
        String attribute();

        /** Whether the operation gives all of the attribute's values (a replace of the whole attribute). */
        boolean givesWholeAttribute();
    }

    private enum Kind { SDK, SET_FILTERED, REMOVE_VALUES }

    private record Step(Kind kind, String op, String path, Path parsedPath, JsonNode value, PatchOperation sdk)
            implements Operation {
        @Override
        public void apply(ObjectNode resource) throws ScimException {
            switch (kind) {
                case SDK -> sdk.apply(resource);
                case SET_FILTERED -> ValuePatches.setFiltered(resource, parsedPath, value, op.equals("replace"));
                case REMOVE_VALUES -> ValuePatches.removeValues(resource, parsedPath, value);
            }
        }

        @Override
        public String attribute() {
            return parsedPath == null || parsedPath.getSchemaUrn() != null || parsedPath.isRoot()
                    ? null : parsedPath.getElement(0).getAttribute();
        }

        @Override
        public boolean givesWholeAttribute() {
            return op.equals("replace") && parsedPath != null && parsedPath.size() == 1
                    && parsedPath.getElement(0).getValueFilter() == null;
        }
    }

    /**
     * One operation, after Entra's shapes are read as what they mean: a fully-qualified core path as the
     * plain one, a bare id for the enterprise {@code manager} ({@code ""} clears it), a {@code null} value
     * on add/replace as a remove (RFC 7643 §2.5: null is unassigned), filtered add/replace and remove with
     * a value as {@link ValuePatches} applies them.
     */
    private static Operation operation(String op, String path, JsonNode value, int index, ResourceRules rules)
            throws ScimException {
        path = coreRelative(path, rules);
        if (value != null && value.isTextual() && isManager(path, rules)) {
            if (value.textValue().isEmpty()) {
                op = "remove";
                value = null;
            } else {
                ObjectNode manager = Json.object();
                manager.put("value", value.textValue());
                value = manager;
            }
        }
        if (!op.equals("remove") && value != null && value.isNull()) {
            op = "remove";
            value = null;
            if (path != null) {
                path = withoutValueSubAttribute(path, index);
            }
        }
        Path parsed = path == null ? null : parsePath(path, index);
        if (op.equals("remove") && value != null && !value.isNull()) {
            return new Step(Kind.REMOVE_VALUES, op, path, parsed, value, null);
        }
        if (!op.equals("remove") && parsed != null && parsed.getSchemaUrn() == null && !parsed.isRoot()
                && parsed.size() <= 2 && parsed.getElement(0).getValueFilter() != null && value != null) {
            return new Step(Kind.SET_FILTERED, op, path, parsed, value, null);
        }
        return new Step(Kind.SDK, op, path, parsed, value, sdkOperation(op, path, value, index));
    }

    private static Path parsePath(String path, int index) throws BadRequestException {
        try {
            return Path.fromString(path);
        } catch (BadRequestException | RuntimeException e) {
            throw BadRequestException.invalidPath("Operations[" + index + "]: invalid path '" + path + "'.");
        }
    }

    /** {@code urn:ietf:params:scim:schemas:core:2.0:User:displayName} -> {@code displayName}. */
    private static String coreRelative(String path, ResourceRules rules) {
        if (path == null) {
            return null;
        }
        String prefix = rules.type().schema().id() + ":";
        String stripped = path.strip();
        return stripped.regionMatches(true, 0, prefix, 0, prefix.length()) && stripped.length() > prefix.length()
                ? stripped.substring(prefix.length()) : path;
    }

    private static boolean isManager(String path, ResourceRules rules) {
        return path != null && rules.type().resolve(path)
                .filter(ref -> ref.subAttributeOrNull() == null && ref.attribute().name().equalsIgnoreCase("manager"))
                .isPresent();
    }

    /** Clearing {@code emails[type eq "work"].value} clears the whole value: an email without one is nothing. */
    private static String withoutValueSubAttribute(String path, int index) throws BadRequestException {
        Path parsed = parsePath(path, index);
        if (parsed.getSchemaUrn() == null && parsed.size() == 2 && parsed.getElement(0).getValueFilter() != null
                && parsed.getElement(1).getAttribute().equalsIgnoreCase("value")) {
            return Path.root().attribute(parsed.getElement(0).getAttribute(), parsed.getElement(0).getValueFilter())
                    .toString();
        }
        return path;
    }

    private static PatchOperation sdkOperation(String op, String path, JsonNode value, int index) throws ScimException {
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
