package dev.scimaws.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.scim.schema.Attribute.Mutability;
import dev.scimaws.scim.schema.Attribute.Returned;
import dev.scimaws.scim.schema.Attribute.Type;
import dev.scimaws.scim.schema.Attribute.Uniqueness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a tenant's extension schema from an RFC 7643 §7 schema document (what {@code /Schemas} serves,
 * and what {@link Schema#toJson()} writes, so stored documents read back unchanged).
 *
 * <p>Strict: a document is refused with every problem listed rather than half-understood, since a typo
 * ({@code "mutablity"}) silently ignored would change what the server enforces. Beyond the RFC's rules it
 * refuses what this server would advertise but not honour: {@code uniqueness} other than {@code none}
 * (no uniqueness is enforced for custom attributes), {@code readOnly} (nothing would ever set the value)
 * and {@code writeOnly} (values would be accepted and dropped; only {@code password} is write-only).
 * {@code canonicalValues} are advertised as suggestions, not enforced, as for the core schemas.
 */
public final class SchemaDocument {

    /** Bounds what one tenant's extensions cost on every Users request that loads them. */
    public static final int MAX_ATTRIBUTES = 100;
    public static final int MAX_SUB_ATTRIBUTES = 50;
    /** Of the canonical document ({@link Schema#toJson()}); ten of these stay far below one 1 MB Query page. */
    public static final int MAX_DOCUMENT_CHARS = 32_768;
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_URN_LENGTH = 256;

    /** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    /** RFC 8141 in the subset SCIM paths can carry: no '?', '#', '%', no empty segment, no trailing ':'. */
    private static final Pattern URN = Pattern.compile(
            "(?i)urn:[a-z0-9][a-z0-9-]{0,30}[a-z0-9](:[a-z0-9()+,\\-.=@;$_!*'/]+)+");
    private static final List<String> RESERVED_NAMESPACES = List.of(
            "urn:ietf:params:scim:schemas:core:", "urn:ietf:params:scim:api:");
    private static final List<String> BUILT_IN = List.of(CoreSchemas.USER_URN, CoreSchemas.GROUP_URN,
            CoreSchemas.ENTERPRISE_USER_URN, Schema.SCHEMA_URN);

    private static final Set<String> DOCUMENT_KEYS = Set.of("schemas", "id", "name", "description", "attributes",
            "meta");
    private static final Set<String> ATTRIBUTE_KEYS = Set.of("name", "type", "multiValued", "description", "required",
            "canonicalValues", "caseExact", "mutability", "returned", "uniqueness", "referenceTypes", "subAttributes");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> problems = new ArrayList<>();

    private SchemaDocument() {}

    /** Parses the text of a schema document. */
    public static Schema parse(String json) throws InvalidSchemaException {
        JsonNode document;
        try {
            document = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvalidSchemaException("the document is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return parse(document);
    }

    /** @throws InvalidSchemaException listing every problem, each with its location */
    public static Schema parse(JsonNode document) throws InvalidSchemaException {
        SchemaDocument parser = new SchemaDocument();
        Schema schema = parser.schema(document);
        if (!parser.problems.isEmpty()) {
            throw new InvalidSchemaException(parser.problems);
        }
        int size = schema.toJson().toString().length();
        if (size > MAX_DOCUMENT_CHARS) {
            throw new InvalidSchemaException("the schema is " + size + " characters as JSON; at most "
                    + MAX_DOCUMENT_CHARS + " are accepted");
        }
        return schema;
    }

    /**
     * Whether two schema URNs would be confused in attribute paths: equal ignoring case, or one is the
     * other followed by ':' ({@code urn:a:User} and {@code urn:a:User:x} make {@code urn:a:User:x:y} ambiguous).
     */
    public static boolean overlap(String urn, String other) {
        String a = urn.toLowerCase(Locale.ROOT);
        String b = other.toLowerCase(Locale.ROOT);
        return a.equals(b) || a.startsWith(b + ":") || b.startsWith(a + ":");
    }

    private Schema schema(JsonNode document) {
        if (document == null || !document.isObject()) {
            problems.add("the document must be a JSON object (an RFC 7643 schema document)");
            return null;
        }
        unknownKeys(document, DOCUMENT_KEYS, "the document");
        JsonNode schemas = document.get("schemas");
        if (schemas != null && !(schemas.isArray() && schemas.size() == 1 && Schema.SCHEMA_URN.equals(schemas.get(0).asText(null)))) {
            problems.add("schemas: must be [\"" + Schema.SCHEMA_URN + "\"] when given");
        }
        String id = text(document, "id", "id", true);
        if (id != null) {
            checkId(id);
        }
        String name = text(document, "name", "name", false);
        String description = text(document, "description", "description", false);
        JsonNode attributes = document.get("attributes");
        List<Attribute> parsed = List.of();
        if (attributes == null || attributes.isNull()) {
            problems.add("attributes: is required (an array of attribute definitions)");
        } else if (!attributes.isArray() || attributes.isEmpty()) {
            problems.add("attributes: must be a non-empty array of attribute definitions");
        } else if (attributes.size() > MAX_ATTRIBUTES) {
            problems.add("attributes: has " + attributes.size() + " definitions; at most " + MAX_ATTRIBUTES + " are accepted");
        } else {
            parsed = attributes(attributes, "attributes", false);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Schema(id, name == null || name.isBlank() ? id : name, description, parsed);
    }

    private void checkId(String id) {
        if (id.length() > MAX_URN_LENGTH) {
            problems.add("id: is longer than " + MAX_URN_LENGTH + " characters");
            return;
        }
        if (!URN.matcher(id).matches()) {
            problems.add("id: '" + id + "' is not a URN such as urn:ietf:params:scim:schemas:extension:acme:2.0:User "
                    + "(letters, digits and - . _ between ':'; no spaces, no empty segment, no trailing ':')");
            return;
        }
        for (String namespace : RESERVED_NAMESPACES) {
            if (id.regionMatches(true, 0, namespace, 0, namespace.length())) {
                problems.add("id: '" + id + "' is in " + namespace + "*, which RFC 7643/7644 reserve");
                return;
            }
        }
        for (String builtIn : BUILT_IN) {
            if (overlap(id, builtIn)) {
                problems.add("id: '" + id + "' collides with the built-in schema " + builtIn);
                return;
            }
        }
    }

    private List<Attribute> attributes(JsonNode array, String where, boolean sub) {
        List<Attribute> attributes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode definition = array.get(i);
            String at = where + "[" + i + "]";
            if (!definition.isObject()) {
                problems.add(at + ": must be a JSON object (an attribute definition)");
                continue;
            }
            JsonNode name = definition.get("name");
            if (name != null && name.isTextual()) {
                at += " (" + name.textValue() + ")";
                if (!names.add(name.textValue().toLowerCase(Locale.ROOT))) {
                    problems.add(at + ".name: '" + name.textValue() + "' is defined more than once "
                            + "(attribute names are case-insensitive)");
                }
            }
            Attribute attribute = attribute(definition, at, sub);
            if (attribute != null) {
                attributes.add(attribute);
            }
        }
        return attributes;
    }

    private Attribute attribute(JsonNode definition, String at, boolean sub) {
        int before = problems.size();
        unknownKeys(definition, ATTRIBUTE_KEYS, at);
        String name = text(definition, "name", at + ".name", true);
        if (name != null && (name.length() > MAX_NAME_LENGTH || !ATTRIBUTE_NAME.matcher(name).matches())) {
            problems.add(at + ".name: '" + name + "' is not an attribute name (RFC 7643 §2.1: a letter, then letters, "
                    + "digits, '-' or '_'; at most " + MAX_NAME_LENGTH + " characters)");
        }
        Type type = keyword(definition, "type", at, Type.values(), null, e -> e.json);
        boolean multiValued = bool(definition, "multiValued", at);
        boolean required = bool(definition, "required", at);
        boolean caseExact = bool(definition, "caseExact", at);
        String description = text(definition, "description", at + ".description", false);
        Mutability mutability = keyword(definition, "mutability", at, Mutability.values(), Mutability.READ_WRITE, e -> e.json);
        if (mutability == Mutability.READ_ONLY) {
            problems.add(at + ".mutability: readOnly is refused: the service provider sets read-only values, and it "
                    + "sets no custom attribute, so the value could never exist (use readWrite or immutable)");
        } else if (mutability == Mutability.WRITE_ONLY) {
            problems.add(at + ".mutability: writeOnly is refused: this server keeps no write-only values, so they "
                    + "would be accepted and dropped (use readWrite with returned 'never' to store but never return)");
        }
        Returned returned = keyword(definition, "returned", at, Returned.values(), Returned.DEFAULT, e -> e.json);
        Uniqueness uniqueness = keyword(definition, "uniqueness", at, Uniqueness.values(), Uniqueness.NONE, e -> e.json);
        if (uniqueness != null && uniqueness != Uniqueness.NONE) {
            problems.add(at + ".uniqueness: '" + uniqueness.json + "' is refused: this server does not enforce the "
                    + "uniqueness of custom attributes (use none)");
        }
        List<String> canonicalValues = strings(definition, "canonicalValues", at);
        if (!canonicalValues.isEmpty() && type != null && type != Type.STRING && type != Type.REFERENCE) {
            problems.add(at + ".canonicalValues: only string and reference attributes have canonical values");
        }
        List<String> referenceTypes = strings(definition, "referenceTypes", at);
        if (type == Type.REFERENCE && referenceTypes.isEmpty()) {
            problems.add(at + ".referenceTypes: a reference attribute needs referenceTypes, "
                    + "e.g. [\"external\"] or [\"uri\"] (RFC 7643 §7)");
        } else if (type != null && type != Type.REFERENCE && definition.has("referenceTypes")) {
            problems.add(at + ".referenceTypes: only reference attributes have referenceTypes");
        }
        JsonNode subs = definition.get("subAttributes");
        List<Attribute> subAttributes = List.of();
        if (type == Type.COMPLEX && sub) {
            problems.add(at + ".type: a sub-attribute cannot be complex (RFC 7643 §2.3.8: no nested complex attributes)");
        } else if (type == Type.COMPLEX) {
            if (subs == null || !subs.isArray() || subs.isEmpty()) {
                problems.add(at + ".subAttributes: a complex attribute needs a non-empty subAttributes array");
            } else if (subs.size() > MAX_SUB_ATTRIBUTES) {
                problems.add(at + ".subAttributes: has " + subs.size() + " definitions; at most "
                        + MAX_SUB_ATTRIBUTES + " are accepted");
            } else {
                subAttributes = attributes(subs, at + ".subAttributes", true);
            }
        } else if (type != null && subs != null) {
            problems.add(at + ".subAttributes: only complex attributes have sub-attributes (type is " + type.json + ")");
        }
        if (problems.size() > before) {
            return null;
        }
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, false, referenceTypes, subAttributes, description);
    }

    private void unknownKeys(JsonNode object, Set<String> allowed, String at) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!allowed.contains(field.getKey())) {
                String hint = allowed.stream().filter(key -> key.equalsIgnoreCase(field.getKey())).findFirst()
                        .map(key -> " (did you mean '" + key + "'?)").orElse("");
                problems.add(at + ": unknown key '" + field.getKey() + "'" + hint + "; allowed: "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    private String text(JsonNode object, String key, String at, boolean required) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(at + ": is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add(at + ": must be a string");
            return null;
        }
        if (required && value.textValue().isBlank()) {
            problems.add(at + ": must not be empty");
            return null;
        }
        return value.textValue();
    }

    private boolean bool(JsonNode object, String key, String at) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add(at + "." + key + ": must be true or false (a JSON boolean)");
            return false;
        }
        return value.booleanValue();
    }

    private List<String> strings(JsonNode object, String key, String at) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode each : value) {
                if (each.isTextual() && !each.textValue().isBlank()) {
                    strings.add(each.textValue());
                }
            }
        }
        if (!value.isArray() || strings.size() != value.size()) {
            problems.add(at + "." + key + ": must be an array of non-empty strings");
            return List.of();
        }
        return strings;
    }

    private <E> E keyword(JsonNode object, String key, String at, E[] values, E fallback,
            java.util.function.Function<E, String> spelling) {
        JsonNode value = object.get(key);
        List<String> allowed = Arrays.stream(values).map(spelling).toList();
        if (value == null || value.isNull()) {
            if (fallback == null) {
                problems.add(at + "." + key + ": is required; one of " + allowed);
            }
            return fallback;
        }
        for (E candidate : values) {
            if (value.isTextual() && spelling.apply(candidate).equals(value.textValue())) {
                return candidate;
            }
        }
        String hint = "";
        for (E candidate : values) {
            if (value.isTextual() && spelling.apply(candidate).equalsIgnoreCase(value.textValue())) {
                hint = " (the RFC spells it '" + spelling.apply(candidate) + "')";
            }
        }
        problems.add(at + "." + key + ": " + value + " is not one of " + allowed + hint);
        return null;
    }
}
