package dev.scimaws.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.scimaws.scim.schema.Attribute.Mutability;
import dev.scimaws.scim.schema.Attribute.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The write path shared by create (POST), replace (PUT) and the result of a PATCH: turns what a client
 * sent into the body to store, driven only by the {@link ResourceType}'s schemas.
 *
 * <p>Lenient where real clients need it ({@code SCIM-CLIENTS.md}): unknown attributes, unknown extension
 * URNs, {@code schemas}, {@code null}s (= unset), empty arrays and read-only attributes are dropped, not
 * rejected; Entra's boolean strings and its shapes for {@code manager} are accepted. Strict where the
 * schema speaks: a declared attribute with a wrong type, a missing required attribute, two primary values
 * or a changed immutable value is a 400 naming the attribute.
 *
 * <p>Schemas change under stored data when an operator removes or redefines a tenant's extension. Two
 * rules keep that from losing or blocking anything: data the stored resource holds under an extension
 * URN the type does not declare (a removed extension) is carried over untouched on every write, whatever
 * the input says about it, and hidden from clients ({@link #visible}); and a stored value that no longer
 * fits its definition is kept while the input repeats it unchanged (as Okta's PUT and every PATCH do), so
 * only a client that changes the value has to send a valid one.
 */
public final class ResourceValidator {

    /** Per string value; the HTTP layer bounds the whole body separately. */
    public static final int MAX_STRING_LENGTH = 65_536;
    /** Per multi-valued attribute. */
    public static final int MAX_VALUES = 10_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** JSON equality where 7, 7.0 and 7L are one number, whichever parser read them. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    /**
     * @param body the resource to store, without id and meta (the service sets them), with extension data
     *     under each extension's URN and every name in its schema's spelling
     * @param writeOnly write-only values taken out of the body, by canonical path ({@code password}); they
     *     are never stored as given
     */
    public record Sanitized(ObjectNode body, Map<String, JsonNode> writeOnly) {
        public Optional<String> password() {
            return Optional.ofNullable(writeOnly.get("password")).map(JsonNode::asText);
        }
    }

    /**
     * @param existingOrNull the stored resource on replace and PATCH (immutable values are checked against
     *     it and kept when the input omits them), {@code null} on create
     * @throws BadRequestException {@code invalidSyntax} if the input is not an object; {@code invalidValue}
     *     for a wrong type, a missing required attribute, two primaries, a value over the size limits or a
     *     value outside strict canonical values; {@code mutability} for a changed immutable value
     */
    public Sanitized sanitize(JsonNode input, ResourceType type, ObjectNode existingOrNull) throws BadRequestException {
        if (input == null || !input.isObject()) {
            throw BadRequestException.invalidSyntax("The request body must be a JSON object");
        }
        Map<Schema, Map<String, JsonNode>> given = bySchema(input, type);
        Map<String, JsonNode> writeOnly = new LinkedHashMap<>();
        ObjectNode body = JSON.objectNode();
        for (Schema schema : type.schemas()) {
            boolean extension = type.isExtension(schema);
            JsonNode before = existingOrNull == null ? null
                    : extension ? fieldIgnoringCase(existingOrNull, schema.id()) : existingOrNull;
            ObjectNode data = object(type.attributesOf(schema), given.getOrDefault(schema, Map.of()),
                    extension ? schema.id() + ":" : "", before, false, writeOnly);
            // An extension's required attributes only bind a resource that uses the extension.
            if (!extension || !data.isEmpty()) {
                requirePresent(schema.attributes(), data, extension ? schema.id() + ":" : "", writeOnly);
            }
            if (!extension) {
                body.setAll(data);
            } else if (!data.isEmpty()) {
                body.set(schema.id(), data);
            }
        }
        if (existingOrNull != null) {
            for (Map.Entry<String, JsonNode> field : existingOrNull.properties()) {
                if (isUrn(field.getKey()) && type.schema(field.getKey()).isEmpty()) {
                    body.set(field.getKey(), field.getValue().deepCopy()); // an undeclared extension's data
                }
            }
        }
        return new Sanitized(body, Collections.unmodifiableMap(writeOnly));
    }

    /**
     * A stored body as clients see it: the core attributes, and each declared extension's data under the
     * schema's own spelling of its URN; data of extensions the type does not declare is left out.
     */
    public ObjectNode visible(ObjectNode stored, ResourceType type) {
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : stored.properties()) {
            String key = field.getKey();
            if (!isUrn(key)) {
                out.set(key, field.getValue());
                continue;
            }
            Optional<Schema> schema = type.schema(key);
            if (schema.isPresent() && type.isExtension(schema.get())) {
                out.set(schema.get().id(), field.getValue());
            }
        }
        return out;
    }

    private static boolean isUrn(String key) {
        return key.regionMatches(true, 0, "urn:", 0, 4);
    }

    private static JsonNode fieldIgnoringCase(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** The {@code schemas} of a response: the core URN, then each extension the body has data for. */
    public List<String> schemasFor(ObjectNode body, ResourceType type) {
        List<String> urns = new ArrayList<>();
        urns.add(type.schema().id());
        for (Schema extension : type.extensions()) {
            JsonNode data = body.get(extension.id());
            if (data != null && data.isObject() && !data.isEmpty()) {
                urns.add(extension.id());
            }
        }
        return urns;
    }

    /**
     * Sorts the input's top-level keys by schema, lower-cased: plain names belong to the core schema, a
     * schema URN key holds that schema's attributes, and a URN-prefixed key ({@code urn:...:User:employeeNumber},
     * as Entra sends) is one attribute of that schema. Keys of unknown URNs are dropped here.
     */
    private static Map<Schema, Map<String, JsonNode>> bySchema(JsonNode input, ResourceType type)
            throws BadRequestException {
        Map<Schema, Map<String, JsonNode>> given = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : input.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            Optional<Schema> whole = type.schema(key);
            if (whole.isPresent()) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isObject()) {
                    throw BadRequestException.invalidValue("'" + whole.get().id() + "' must be a JSON object");
                }
                for (Map.Entry<String, JsonNode> inner : value.properties()) {
                    put(given, type, whole.get(), inner.getKey(), inner.getValue());
                }
                continue;
            }
            Schema owner = null;
            for (Schema schema : type.schemas()) {
                if (key.regionMatches(true, 0, schema.id() + ":", 0, schema.id().length() + 1)) {
                    owner = schema;
                }
            }
            if (owner != null) {
                put(given, type, owner, key.substring(owner.id().length() + 1), value);
            } else if (!key.regionMatches(true, 0, "urn:", 0, 4)) {
                put(given, type, type.schema(), key, value);
            }
        }
        return given;
    }

    private static void put(Map<Schema, Map<String, JsonNode>> given, ResourceType type, Schema schema, String name,
            JsonNode value) throws BadRequestException {
        putField(given.computeIfAbsent(schema, s -> new HashMap<>()), name, value,
                type.isExtension(schema) ? schema.id() + ":" + name : name);
    }

    /** Names differing only in case are one attribute: accepted twice only with the same value. */
    private static void putField(Map<String, JsonNode> fields, String name, JsonNode value, String path)
            throws BadRequestException {
        if (value.isNull()) {
            return;
        }
        JsonNode previous = fields.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        if (previous != null && !previous.equals(value)) {
            throw BadRequestException.invalidValue("Attribute '" + path + "' is given more than once");
        }
    }

    /** The single recursive walk: the attributes of a schema, or the sub-attributes of a complex value. */
    private static ObjectNode object(List<Attribute> attributes, Map<String, JsonNode> given, String prefix,
            JsonNode before, boolean checkRequired, Map<String, JsonNode> writeOnly) throws BadRequestException {
        ObjectNode out = JSON.objectNode();
        for (Attribute attribute : attributes) {
            if (attribute.mutability() == Mutability.READ_ONLY) {
                continue; // RFC 7644 §3.5.1: read-only input is ignored; the service owns these values
            }
            String path = prefix + attribute.name();
            JsonNode value = given.get(attribute.key());
            JsonNode old = before == null ? null : before.get(attribute.name());
            JsonNode clean = null;
            if (value != null) {
                try {
                    clean = value(attribute, value, path, old, writeOnly);
                } catch (BadRequestException e) {
                    if (old == null || !value.equals(NUMBERS_BY_VALUE, old)) {
                        throw e;
                    }
                    clean = old; // stored under an earlier definition and sent back unchanged: kept as it is
                }
            }
            if (attribute.mutability() == Mutability.IMMUTABLE && old != null && !old.isNull()) {
                if (clean == null) {
                    clean = old; // omitted on replace: keep it rather than fail a client that echoes partially
                } else if (!same(attribute, old, clean)) {
                    throw BadRequestException.mutability("Attribute '" + path + "' is immutable and cannot be changed");
                }
            }
            if (clean == null) {
                continue;
            }
            if (attribute.mutability() == Mutability.WRITE_ONLY) {
                writeOnly.put(path, clean);
            } else {
                out.set(attribute.name(), clean);
            }
        }
        if (checkRequired) {
            requirePresent(attributes, out, prefix, writeOnly);
        }
        return out;
    }

    private static void requirePresent(List<Attribute> attributes, ObjectNode data, String prefix,
            Map<String, JsonNode> writeOnly) throws BadRequestException {
        for (Attribute attribute : attributes) {
            if (attribute.required() && !data.has(attribute.name())
                    && !writeOnly.containsKey(prefix + attribute.name())) {
                throw BadRequestException.invalidValue("Attribute '" + prefix + attribute.name() + "' is required");
            }
        }
    }

    /** A present, non-null value of {@code attribute}; {@code null} when it amounts to "unset". */
    private static JsonNode value(Attribute attribute, JsonNode value, String path, JsonNode old,
            Map<String, JsonNode> writeOnly) throws BadRequestException {
        if (attribute.multiValued()) {
            if (!value.isArray()) {
                throw invalid(path, "must be an array");
            }
            if (value.size() > MAX_VALUES) {
                throw invalid(path, "has more than " + MAX_VALUES + " values");
            }
            ArrayNode out = JSON.arrayNode();
            int primaries = 0;
            for (int i = 0; i < value.size(); i++) {
                // Values of a multi-valued attribute have no identity, so immutability is not checked inside.
                JsonNode clean = value.get(i).isNull() ? null
                        : single(attribute, value.get(i), path + "[" + i + "]", null, writeOnly);
                if (clean != null) {
                    primaries += clean.path("primary").booleanValue() ? 1 : 0;
                    out.add(clean);
                }
            }
            if (primaries > 1) {
                throw invalid(path, "may have at most one value with primary true");
            }
            return out.isEmpty() ? null : out; // RFC 7643 §2.5: an empty array is unassigned
        }
        if (attribute.type() == Type.COMPLEX && value.isArray()) {
            // Entra sends single-valued complex attributes (manager) as a one-element array.
            if (value.size() > 1) {
                throw invalid(path, "is single-valued but an array of " + value.size() + " was given");
            }
            if (value.isEmpty() || value.get(0).isNull()) {
                return null;
            }
            value = value.get(0);
        }
        return single(attribute, value, path, old, writeOnly);
    }

    private static JsonNode single(Attribute attribute, JsonNode value, String path, JsonNode old,
            Map<String, JsonNode> writeOnly) throws BadRequestException {
        return switch (attribute.type()) {
            case COMPLEX -> complex(attribute, value, path, old, writeOnly);
            case STRING -> string(attribute, value, path);
            case REFERENCE -> TextNode.valueOf(text(value, path, "a string (a reference)"));
            case BINARY -> binary(value, path);
            case BOOLEAN -> bool(value, path);
            case INTEGER -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw invalid(path, "must be an integer");
                }
                yield value;
            }
            case DECIMAL -> {
                if (!value.isNumber()) {
                    throw invalid(path, "must be a number");
                }
                yield value;
            }
            case DATE_TIME -> dateTime(value, path);
        };
    }

    private static JsonNode complex(Attribute attribute, JsonNode value, String path, JsonNode old,
            Map<String, JsonNode> writeOnly) throws BadRequestException {
        if (!value.isObject()) {
            throw invalid(path, "must be a JSON object");
        }
        Map<String, JsonNode> fields = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            putField(fields, field.getKey(), field.getValue(), path + "." + field.getKey());
        }
        ObjectNode out = object(attribute.subAttributes(), fields, path + ".", old, true, writeOnly);
        if (out.isEmpty()) {
            return null;
        }
        // Entra clears a single-valued reference such as manager with {"value": ""}.
        boolean emptyValue = out.path("value").isTextual() && out.get("value").textValue().isEmpty();
        return !attribute.multiValued() && emptyValue ? null : out;
    }

    private static JsonNode string(Attribute attribute, JsonNode value, String path) throws BadRequestException {
        String text = text(value, path, "a string");
        if (attribute.required() && text.isBlank()) {
            throw invalid(path, "must not be empty");
        }
        if (attribute.strictCanonicalValues()) {
            // Enforced only where the schema says so: elsewhere canonical values are suggestions
            // (RFC 7643 §2.3.1) and Okta and Entra send labels of their own.
            return attribute.canonicalValues().stream()
                    .filter(text::equalsIgnoreCase)
                    .findFirst()
                    .map(TextNode::valueOf)
                    .orElseThrow(() -> invalid(path, "must be one of " + attribute.canonicalValues()));
        }
        return TextNode.valueOf(text);
    }

    private static String text(JsonNode value, String path, String expected) throws BadRequestException {
        if (!value.isTextual()) {
            throw invalid(path, "must be " + expected);
        }
        if (value.textValue().length() > MAX_STRING_LENGTH) {
            throw invalid(path, "is longer than " + MAX_STRING_LENGTH + " characters");
        }
        return value.textValue();
    }

    private static JsonNode bool(JsonNode value, String path) throws BadRequestException {
        if (value.isBoolean()) {
            return value;
        }
        // Entra sends booleans as strings, capitalised ("False").
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
            return BooleanNode.valueOf(value.textValue().equalsIgnoreCase("true"));
        }
        throw invalid(path, "must be a boolean");
    }

    /** ISO 8601 with or without an offset (none means UTC), stored as an ISO instant in UTC. */
    private static JsonNode dateTime(JsonNode value, String path) throws BadRequestException {
        String text = text(value, path, "a dateTime string");
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text.strip(),
                    OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return TextNode.valueOf(DateTimeFormatter.ISO_INSTANT.format(instant));
        } catch (DateTimeParseException e) {
            throw invalid(path, "must be an ISO 8601 dateTime such as 2024-05-01T12:00:00Z");
        }
    }

    private static JsonNode binary(JsonNode value, String path) throws BadRequestException {
        String text = text(value, path, "a base64 string");
        try {
            Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            return TextNode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw invalid(path, "must be base64");
        }
    }

    /** Equality as SCIM compares: strings ignoring case unless case-exact, arrays in any order. */
    private static boolean same(Attribute attribute, JsonNode a, JsonNode b) {
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (JsonNode x : a) {
                boolean found = false;
                for (JsonNode y : b) {
                    found |= same(attribute, x, y);
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (a.isTextual() && b.isTextual() && !attribute.caseExact()) {
            return a.textValue().equalsIgnoreCase(b.textValue());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static BadRequestException invalid(String path, String problem) {
        return BadRequestException.invalidValue("Attribute '" + path + "' " + problem);
    }
}
