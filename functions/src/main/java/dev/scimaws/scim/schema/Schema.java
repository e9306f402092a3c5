package dev.scimaws.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A SCIM schema (RFC 7643 §7): the core User and Group schemas, the enterprise extension and a tenant's
 * custom extensions are all values of this record.
 */
public record Schema(String id, String name, String description, List<Attribute> attributes) {

    /** The {@code schemas} value of a schema document. */
    public static final String SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public Schema {
        if (id == null || !id.regionMatches(true, 0, "urn:", 0, 4)) {
            throw new IllegalArgumentException("a schema id must be a URN: " + id);
        }
        attributes = List.copyOf(attributes);
        description = description == null ? "" : description;
        requireDistinctNames(id, attributes);
    }

    /** An attribute by name, ignoring case. */
    public Optional<Attribute> attribute(String name) {
        return byName(attributes, name);
    }

    /** The RFC 7643 §7 schema document without {@code meta}, which the caller adds with its location. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("schemas").add(SCHEMA_URN);
        json.put("id", id).put("name", name).put("description", description);
        ArrayNode list = json.putArray("attributes");
        attributes.forEach(attribute -> list.add(attribute.toJson()));
        return json;
    }

    static Optional<Attribute> byName(List<Attribute> attributes, String name) {
        return attributes.stream().filter(attribute -> attribute.name().equalsIgnoreCase(name)).findFirst();
    }

    static void requireDistinctNames(String owner, List<Attribute> attributes) {
        Set<String> seen = new HashSet<>();
        for (Attribute attribute : attributes) {
            if (!seen.add(attribute.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(owner + ": attribute " + attribute.name() + " is defined twice");
            }
        }
    }
}
