package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.schema.Attribute;
import dev.scimaws.scim.schema.ResourceType;
import dev.scimaws.scim.schema.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.9), applied to a rendered resource.
 * Names are case-insensitive and may be dotted ({@code name.givenName}) or URN-qualified.
 *
 * <p>Built with the resource type, it also applies the schemas' {@code returned} rules (RFC 7643 §7):
 * {@code never} attributes are never in a response; {@code request} ones only when {@code attributes}
 * names them, one of their sub-attributes or the attribute or extension containing them; {@code always}
 * ones (at the top level or of an extension) whatever the parameters say. Whole extensions can be named
 * by their URN.
 */
public final class Projection {

    private static final Set<String> ALWAYS = Set.of("id", "schemas");

    private final List<String[]> included;
    private final List<String[]> excluded;
    private final ResourceType type;

    private Projection(List<String[]> included, List<String[]> excluded, ResourceType type) {
        this.included = included;
        this.excluded = excluded;
        this.type = type;
    }

    /** With the resource type's schemas: URNs looked up, {@code returned} rules applied. */
    public static Projection from(ScimRequest request, ResourceType type) {
        List<String> urns = type.schemas().stream().map(schema -> schema.id().toLowerCase(Locale.ROOT)).toList();
        String core = type.schema().id().toLowerCase(Locale.ROOT);
        return new Projection(paths(request.queryParam("attributes").orElse(null), urns, core),
                paths(request.queryParam("excludedAttributes").orElse(null), urns, core), type);
    }

    /** Whether the response will carry this top-level attribute, so callers can skip reading it. */
    public boolean includes(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (!included.isEmpty() && included.stream().noneMatch(p -> p[0].equals(name))) {
            return false;
        }
        return excluded.stream().noneMatch(p -> p.length == 1 && p[0].equals(name));
    }

    /**
     * Whether {@code attributes} names this top-level attribute (or one of its sub-attributes) and it is
     * not excluded: for attributes that are costly to read and so only returned in lists when asked for.
     */
    public boolean names(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        return included.stream().anyMatch(p -> p[0].equals(name)) && includes(attribute);
    }

    public ObjectNode apply(ObjectNode resource) {
        ObjectNode returnable = resource.deepCopy();
        stripUnrequested(returnable);
        ObjectNode result = project(returnable.deepCopy()); // project() may remove in place
        restoreAlways(returnable, result);
        return result;
    }

    private ObjectNode project(ObjectNode resource) {
        ObjectNode result = resource;
        if (!included.isEmpty()) {
            result = Json.object();
            for (Map.Entry<String, JsonNode> field : resource.properties()) {
                String key = field.getKey();
                if (ALWAYS.contains(key)) {
                    result.set(key, field.getValue());
                    continue;
                }
                JsonNode kept = keep(key, field.getValue(), included);
                if (kept != null) {
                    result.set(key, kept);
                }
            }
        }
        for (String[] path : excluded) {
            if (!ALWAYS.contains(path[0])) {
                remove(result, path, 0);
            }
        }
        return result;
    }

    /** Removes {@code returned: never} attributes, and {@code returned: request} ones not asked for. */
    private void stripUnrequested(ObjectNode resource) {
        for (Schema schema : type.schemas()) {
            if (!type.isExtension(schema)) {
                strip(resource, type.topLevelAttributes(), new String[0]);
                continue;
            }
            String key = keyIgnoringCase(resource, schema.id());
            if (key != null && resource.get(key).isObject()) {
                ObjectNode data = (ObjectNode) resource.get(key);
                strip(data, schema.attributes(), new String[] {schema.id().toLowerCase(Locale.ROOT)});
                if (data.isEmpty()) {
                    resource.remove(key);
                }
            }
        }
    }

    private void strip(ObjectNode node, List<Attribute> attributes, String[] prefix) {
        for (Attribute attribute : attributes) {
            String key = keyIgnoringCase(node, attribute.name());
            if (key == null) {
                continue;
            }
            String[] path = Arrays.copyOf(prefix, prefix.length + 1);
            path[prefix.length] = attribute.name().toLowerCase(Locale.ROOT);
            if (attribute.returned() == Attribute.Returned.NEVER
                    || (attribute.returned() == Attribute.Returned.REQUEST && !requested(path))) {
                node.remove(key);
                continue;
            }
            if (attribute.type() == Attribute.Type.COMPLEX) {
                JsonNode value = node.get(key);
                for (JsonNode element : value.isArray() ? value : List.of(value)) {
                    if (element.isObject()) {
                        strip((ObjectNode) element, attribute.subAttributes(), path);
                    }
                }
            }
        }
    }

    /** Named in {@code attributes}: the attribute itself, one of its sub-attributes, or what contains it. */
    private boolean requested(String[] path) {
        for (String[] named : included) {
            int common = Math.min(named.length, path.length);
            if (Arrays.equals(named, 0, common, path, 0, common)) {
                return true;
            }
        }
        return false;
    }

    /** Puts back {@code returned: always} attributes (top level and of extensions) the parameters removed. */
    private void restoreAlways(ObjectNode source, ObjectNode result) {
        for (Schema schema : type.schemas()) {
            boolean extension = type.isExtension(schema);
            List<Attribute> attributes = extension ? schema.attributes() : type.topLevelAttributes();
            JsonNode from = extension ? source.get(schema.id()) : source;
            if (from == null || !from.isObject()) {
                continue;
            }
            for (Attribute attribute : attributes) {
                JsonNode value = from.get(attribute.name());
                if (attribute.returned() != Attribute.Returned.ALWAYS || value == null) {
                    continue;
                }
                ObjectNode target = extension ? objectAt(result, schema.id()) : result;
                if (!target.has(attribute.name())) {
                    target.set(attribute.name(), value);
                }
            }
        }
    }

    private static ObjectNode objectAt(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        return existing != null && existing.isObject() ? (ObjectNode) existing : parent.putObject(key);
    }

    private static String keyIgnoringCase(ObjectNode node, String name) {
        if (node.has(name)) {
            return name;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getKey();
            }
        }
        return null;
    }

    private static JsonNode keep(String key, JsonNode value, List<String[]> paths) {
        String name = key.toLowerCase(Locale.ROOT);
        List<String[]> below = new ArrayList<>();
        for (String[] path : paths) {
            if (path[0].equals(name)) {
                if (path.length == 1) {
                    return value;
                }
                below.add(java.util.Arrays.copyOfRange(path, 1, path.length));
            }
        }
        if (below.isEmpty() || !(value.isObject() || value.isArray())) {
            return null;
        }
        if (value.isObject()) {
            ObjectNode kept = Json.object();
            value.properties().forEach(e -> {
                JsonNode sub = keep(e.getKey(), e.getValue(), below);
                if (sub != null) {
                    kept.set(e.getKey(), sub);
                }
            });
            return kept.isEmpty() ? null : kept;
        }
        var array = Json.MAPPER.createArrayNode();
        for (JsonNode element : value) {
            JsonNode sub = element.isObject() ? keep(key, element, paths) : null;
            if (sub != null) {
                array.add(sub);
            }
        }
        return array.isEmpty() ? null : array;
    }

    private static void remove(JsonNode node, String[] path, int depth) {
        if (node.isArray()) {
            node.forEach(element -> remove(element, path, depth));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) node).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().toLowerCase(Locale.ROOT).equals(path[depth])) {
                if (depth == path.length - 1) {
                    fields.remove();
                } else {
                    remove(field.getValue(), path, depth + 1);
                }
            }
        }
    }

    /**
     * "name.givenName, urn:...:enterprise:2.0:User:manager.value" -> [["name","givenname"],
     * ["urn:...:enterprise:2.0:user","manager","value"]] (lower-cased for comparison).
     */
    static List<String[]> paths(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return List.of();
        }
        List<String[]> paths = new ArrayList<>();
        for (String raw : parameter.split(",")) {
            String attribute = raw.trim().toLowerCase(Locale.ROOT);
            if (attribute.isEmpty()) {
                continue;
            }
            String prefix = null;
            if (attribute.startsWith("urn:")) {
                int colon = attribute.lastIndexOf(':');
                prefix = attribute.substring(0, colon);
                attribute = attribute.substring(colon + 1);
                if (isCoreSchema(prefix)) {
                    prefix = null;
                }
            }
            String[] parts = attribute.split("\\.");
            if (prefix != null) {
                String[] withPrefix = new String[parts.length + 1];
                withPrefix[0] = prefix;
                System.arraycopy(parts, 0, withPrefix, 1, parts.length);
                parts = withPrefix;
            }
            paths.add(parts);
        }
        return paths;
    }

    /**
     * As {@link #paths(String)}, with URNs recognised by lookup: {@code urns} are the type's schema ids and
     * {@code core} the core schema's, lower-cased. A URN alone names a whole extension.
     */
    static List<String[]> paths(String parameter, List<String> urns, String core) {
        if (parameter == null || parameter.isBlank()) {
            return List.of();
        }
        List<String[]> paths = new ArrayList<>();
        for (String raw : parameter.split(",")) {
            String attribute = raw.trim().toLowerCase(Locale.ROOT);
            if (attribute.isEmpty()) {
                continue;
            }
            String urn = null;
            for (String candidate : urns) {
                if (attribute.equals(candidate) || attribute.startsWith(candidate + ":")) {
                    urn = candidate;
                }
            }
            if (urn == null) {
                paths.addAll(paths(raw));
                continue;
            }
            String rest = attribute.length() > urn.length() ? attribute.substring(urn.length() + 1) : "";
            List<String> parts = new ArrayList<>();
            if (!urn.equals(core)) {
                parts.add(urn);
            }
            if (!rest.isEmpty()) {
                parts.addAll(Arrays.asList(rest.split("\\.")));
            }
            if (!parts.isEmpty()) {
                paths.add(parts.toArray(String[]::new));
            }
        }
        return paths;
    }

    private static boolean isCoreSchema(String urn) {
        return urn.equals("urn:ietf:params:scim:schemas:core:2.0:user")
                || urn.equals("urn:ietf:params:scim:schemas:core:2.0:group");
    }
}
