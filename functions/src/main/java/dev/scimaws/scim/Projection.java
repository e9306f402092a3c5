package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.9), applied to a rendered resource.
 * Names are case-insensitive and may be dotted ({@code name.givenName}) or URN-qualified.
 */
public final class Projection {

    private static final Set<String> ALWAYS = Set.of("id", "schemas");

    private final List<String[]> included;
    private final List<String[]> excluded;

    private Projection(List<String[]> included, List<String[]> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    public static final Projection ALL = new Projection(List.of(), List.of());

    public static Projection from(ScimRequest request) {
        return new Projection(paths(request.queryParam("attributes").orElse(null)),
                paths(request.queryParam("excludedAttributes").orElse(null)));
    }

    /** Whether the response will carry this top-level attribute, so callers can skip reading it. */
    public boolean includes(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (!included.isEmpty() && included.stream().noneMatch(p -> p[0].equals(name))) {
            return false;
        }
        return excluded.stream().noneMatch(p -> p.length == 1 && p[0].equals(name));
    }

    public ObjectNode apply(ObjectNode resource) {
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

    private static boolean isCoreSchema(String urn) {
        return urn.equals("urn:ietf:params:scim:schemas:core:2.0:user")
                || urn.equals("urn:ietf:params:scim:schemas:core:2.0:group");
    }
}
