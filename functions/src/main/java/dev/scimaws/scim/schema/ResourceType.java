package dev.scimaws.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A resource type (RFC 7643 §6): its core schema and the extension schemas a tenant's resources may
 * carry. The validator and the path lookups below work from this alone, so a tenant's custom extensions
 * are simply added with {@link #withExtensions}.
 */
public record ResourceType(String name, String endpoint, String description, Schema schema, List<Schema> extensions) {

    /** The {@code schemas} value of a resource type document. */
    public static final String RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    public ResourceType {
        extensions = List.copyOf(extensions);
        Set<String> ids = new HashSet<>();
        for (Schema each : Stream.concat(Stream.of(schema), extensions.stream()).toList()) {
            if (!ids.add(each.id().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + ": schema " + each.id() + " appears twice");
            }
        }
    }

    /** This type with more extension schemas, e.g. the custom ones a tenant declared. */
    public ResourceType withExtensions(List<Schema> more) {
        List<Schema> all = new ArrayList<>(extensions);
        all.addAll(more);
        return new ResourceType(name, endpoint, description, schema, all);
    }

    /**
     * The RFC 7643 §6 resource type document without {@code meta}, which the caller adds with its location.
     * Every extension is optional ({@code required: false}): a resource without its data is valid.
     */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("schemas").add(RESOURCE_TYPE_URN);
        json.put("id", name).put("name", name).put("endpoint", endpoint).put("description", description)
                .put("schema", schema.id());
        if (!extensions.isEmpty()) {
            ArrayNode list = json.putArray("schemaExtensions");
            extensions.forEach(extension -> list.addObject().put("schema", extension.id()).put("required", false));
        }
        return json;
    }

    /** The core schema followed by the extensions. */
    public List<Schema> schemas() {
        return Stream.concat(Stream.of(schema), extensions.stream()).toList();
    }

    /** A schema of this type by URN, ignoring case. */
    public Optional<Schema> schema(String urn) {
        return schemas().stream().filter(each -> each.id().equalsIgnoreCase(urn)).findFirst();
    }

    public boolean isExtension(Schema candidate) {
        return !candidate.id().equals(schema.id());
    }

    /**
     * The attributes stored at the top level of a resource: the common ones (RFC 7643 §3.1: id,
     * externalId, meta), which no schema document lists, then the core schema's.
     */
    public List<Attribute> topLevelAttributes() {
        return Stream.concat(CoreSchemas.COMMON_ATTRIBUTES.stream(), schema.attributes().stream()).toList();
    }

    /** Attributes of {@code owner} as they appear in a body: the core schema includes the common ones. */
    List<Attribute> attributesOf(Schema owner) {
        return isExtension(owner) ? owner.attributes() : topLevelAttributes();
    }

    /** The attribute a filter or PATCH path names, see {@link #resolve(String)}. */
    public Optional<Attribute> find(String path) {
        return resolve(path).map(AttributeRef::target);
    }

    /** Whether values at {@code path} compare case-sensitively; unknown paths compare ignoring case. */
    public boolean isCaseExact(String path) {
        return find(path).map(Attribute::caseExact).orElse(false);
    }

    /**
     * Resolves {@code userName}, {@code name.givenName}, {@code emails[type eq "work"].value} (value
     * filters are skipped) and URN-prefixed paths of the core or an extension schema
     * ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}), ignoring case.
     * Empty for anything else, including a bare schema URN and unknown schemas.
     */
    public Optional<AttributeRef> resolve(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String rest = path.strip();
        Schema owner = schema;
        for (Schema candidate : schemas()) {
            String prefix = candidate.id() + ":";
            if (rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
                owner = candidate;
                rest = rest.substring(prefix.length());
                break;
            }
        }
        if (owner == schema && rest.regionMatches(true, 0, "urn:", 0, 4)) {
            return Optional.empty(); // an unknown schema, or a schema URN without an attribute
        }
        List<String> names = namesOutsideFilters(rest);
        if (names.isEmpty() || names.size() > 2) {
            return Optional.empty();
        }
        Optional<Attribute> attribute = Schema.byName(attributesOf(owner), names.get(0));
        if (attribute.isEmpty()) {
            return Optional.empty();
        }
        if (names.size() == 1) {
            return Optional.of(new AttributeRef(owner, isExtension(owner), attribute.get(), null));
        }
        Schema finalOwner = owner;
        return attribute.get().subAttribute(names.get(1))
                .map(sub -> new AttributeRef(finalOwner, isExtension(finalOwner), attribute.get(), sub));
    }

    /** Resolves a path parsed by the SCIM SDK (filters and PATCH operations carry these). */
    public Optional<AttributeRef> resolve(Path path) {
        if (path == null || path.isRoot()) {
            return Optional.empty();
        }
        // The SDK splits "urn:...:2.0:User" into URN "urn:...:2.0" and attribute "User"; rebuilding the
        // text and matching it against known schema ids handles that uniformly.
        String names = StreamSupport.stream(path.spliterator(), false)
                .map(Path.Element::getAttribute)
                .collect(Collectors.joining("."));
        String urn = path.getSchemaUrn();
        return resolve(urn == null ? names : urn + ":" + names);
    }

    /** Splits {@code a[filter].b} into {@code [a, b]}, skipping bracketed filters and quoted text in them. */
    private static List<String> namesOutsideFilters(String path) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (depth > 0) {
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '[') {
                    depth++;
                } else if (!quoted && c == ']') {
                    depth--;
                }
            } else if (c == '[') {
                depth++;
            } else if (c == '.') {
                names.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        names.add(current.toString());
        boolean malformed = depth != 0 || names.stream().anyMatch(String::isBlank);
        return malformed ? List.of() : names;
    }
}
