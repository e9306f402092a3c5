package dev.scimaws.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One attribute definition of RFC 7643 §7, as data. Built with the factories and {@code with}-style
 * methods below so that the core schemas read like the RFC's tables; a tenant's extension schema
 * parsed from a schema document produces the same values.
 *
 * @param strictCanonicalValues whether {@code canonicalValues} is enforced on write. The RFC calls
 *     canonical values suggestions, and Okta and Entra send other {@code type}s ("mobile", "main",
 *     custom labels), so only attributes whose values the server acts on (Group {@code members.type})
 *     are strict. Not part of the RFC's schema document.
 */
public record Attribute(
        String name,
        Type type,
        boolean multiValued,
        boolean required,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        boolean caseExact,
        List<String> canonicalValues,
        boolean strictCanonicalValues,
        List<String> referenceTypes,
        List<Attribute> subAttributes,
        String description) {

    /** The RFC's spelling of each enum constant is its {@code json} value. */
    public enum Type {
        STRING("string"), BOOLEAN("boolean"), INTEGER("integer"), DECIMAL("decimal"), DATE_TIME("dateTime"),
        REFERENCE("reference"), COMPLEX("complex"), BINARY("binary");

        public final String json;

        Type(String json) {
            this.json = json;
        }
    }

    public enum Mutability {
        READ_ONLY("readOnly"), READ_WRITE("readWrite"), IMMUTABLE("immutable"), WRITE_ONLY("writeOnly");

        public final String json;

        Mutability(String json) {
            this.json = json;
        }
    }

    public enum Returned {
        ALWAYS("always"), NEVER("never"), DEFAULT("default"), REQUEST("request");

        public final String json;

        Returned(String json) {
            this.json = json;
        }
    }

    public enum Uniqueness {
        NONE("none"), SERVER("server"), GLOBAL("global");

        public final String json;

        Uniqueness(String json) {
            this.json = json;
        }
    }

    public Attribute {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank");
        }
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
        subAttributes = List.copyOf(subAttributes);
        description = description == null ? "" : description;
        // RFC 7643 §2.3.8: complex attributes have sub-attributes, and those are never complex.
        // The validator's walk relies on this for its bounded depth.
        if ((type == Type.COMPLEX) == subAttributes.isEmpty()) {
            throw new IllegalArgumentException(name + ": only complex attributes have sub-attributes, and they must have some");
        }
        if (subAttributes.stream().anyMatch(sub -> sub.type == Type.COMPLEX)) {
            throw new IllegalArgumentException(name + ": a sub-attribute must not be complex");
        }
        Schema.requireDistinctNames(name, subAttributes);
    }

    /** A single-valued, optional, read-write attribute that is not case-exact: the RFC's defaults. */
    public static Attribute of(String name, Type type) {
        return new Attribute(name, type, false, false, Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE,
                false, List.of(), false, List.of(), List.of(), "");
    }

    public static Attribute string(String name) {
        return of(name, Type.STRING);
    }

    public static Attribute bool(String name) {
        return of(name, Type.BOOLEAN);
    }

    public static Attribute reference(String name, String... referenceTypes) {
        return of(name, Type.REFERENCE).withReferenceTypes(referenceTypes);
    }

    public static Attribute complex(String name, Attribute... subAttributes) {
        return new Attribute(name, Type.COMPLEX, false, false, Mutability.READ_WRITE, Returned.DEFAULT,
                Uniqueness.NONE, false, List.of(), false, List.of(), List.of(subAttributes), "");
    }

    public Attribute asMultiValued() {
        return new Attribute(name, type, true, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    public Attribute asRequired() {
        return new Attribute(name, type, multiValued, true, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    public Attribute asCaseExact() {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, true,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    public Attribute with(Mutability mutability) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    public Attribute with(Returned returned) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    public Attribute with(Uniqueness uniqueness) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    /** Suggested values, advertised but not enforced. */
    public Attribute withCanonicalValues(String... values) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                List.of(values), false, referenceTypes, subAttributes, description);
    }

    /** Values the server enforces (matched ignoring case, stored in this spelling). */
    public Attribute withStrictCanonicalValues(String... values) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                List.of(values), true, referenceTypes, subAttributes, description);
    }

    public Attribute withReferenceTypes(String... types) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, List.of(types), subAttributes, description);
    }

    public Attribute describedAs(String description) {
        return new Attribute(name, type, multiValued, required, mutability, returned, uniqueness, caseExact,
                canonicalValues, strictCanonicalValues, referenceTypes, subAttributes, description);
    }

    /** A sub-attribute by name, ignoring case (RFC 7643 §2.1: attribute names are case-insensitive). */
    public Optional<Attribute> subAttribute(String name) {
        return Schema.byName(subAttributes, name);
    }

    String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** This definition in the shape of RFC 7643 §7's {@code attributes} entries. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("name", name)
                .put("type", type.json)
                .put("multiValued", multiValued)
                .put("description", description)
                .put("required", required)
                .put("caseExact", caseExact)
                .put("mutability", mutability.json)
                .put("returned", returned.json)
                .put("uniqueness", uniqueness.json);
        if (!canonicalValues.isEmpty()) {
            canonicalValues.forEach(json.putArray("canonicalValues")::add);
        }
        if (type == Type.REFERENCE) {
            referenceTypes.forEach(json.putArray("referenceTypes")::add);
        }
        if (type == Type.COMPLEX) {
            ArrayNode subs = json.putArray("subAttributes");
            subAttributes.forEach(sub -> subs.add(sub.toJson()));
        }
        return json;
    }
}
