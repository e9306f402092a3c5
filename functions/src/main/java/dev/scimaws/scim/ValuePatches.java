package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The PATCH operations the SCIM SDK does not apply the way Entra ID means them (RFC 7644 §3.5.2 leaves
 * room for both readings; Entra's is the one clients rely on):
 * <ul>
 *   <li>{@code add}/{@code replace} on a filtered path ({@code emails[type eq "work"].value}) sets the
 *       sub-attribute of every matching value, and when nothing matches creates the value, seeded with the
 *       filter's equalities ({@code {"type":"work","value":...}}); a filter that names no such value
 *       (anything but {@code eq} joined by {@code and}) leaves nothing to create: {@code noTarget};</li>
 *   <li>{@code remove} with a {@code value}: on a multi-valued attribute it removes those values (matched by
 *       their {@code value}); on a single-valued one it removes the attribute when its value is the one
 *       given, and is a no-op otherwise, as removing an absent value is;</li>
 *   <li>{@code primary: true} set on one value demotes the value that was primary (RFC 7644 §3.5.2).</li>
 * </ul>
 */
final class ValuePatches {

    private ValuePatches() {}

    /** Sets {@code value} at a path whose first element carries a value filter. */
    static void setFiltered(ObjectNode resource, Path path, JsonNode value, boolean replace) throws ScimException {
        Path.Element element = path.getElement(0);
        String attribute = element.getAttribute();
        String sub = path.size() > 1 ? path.getElement(1).getAttribute() : null;
        JsonNode existing = field(resource, attribute);
        if (existing != null && !existing.isArray()) {
            throw BadRequestException.invalidPath("'" + attribute + "' is not multi-valued; it takes no filter.");
        }
        if (sub == null && !value.isObject()) {
            throw BadRequestException.invalidValue("The value for '" + path + "' must be an object.");
        }
        List<ObjectNode> matches = new ArrayList<>();
        if (existing != null) {
            for (JsonNode candidate : existing) {
                if (candidate.isObject() && FilterEvaluator.evaluate(element.getValueFilter(), candidate)) {
                    matches.add((ObjectNode) candidate);
                }
            }
        }
        if (matches.isEmpty()) {
            ObjectNode created = seed(element.getValueFilter())
                    .orElseThrow(() -> BadRequestException.noTarget("No value of '" + attribute
                            + "' matches the filter, and the filter does not describe one to create."));
            ArrayNode array = existing != null ? (ArrayNode) existing : resource.putArray(attribute);
            array.add(created);
            matches.add(created);
        }
        for (ObjectNode match : matches) {
            if (sub != null) {
                match.set(sub, value);
            } else if (replace) {
                match.removeAll();
                match.setAll((ObjectNode) value);
            } else {
                match.setAll((ObjectNode) value);
            }
        }
    }

    /** {@code {"type":"work"}} from {@code type eq "work"}; empty for any filter that is not eq joined by and. */
    private static Optional<ObjectNode> seed(Filter filter) {
        ObjectNode seed = Json.object();
        List<Filter> parts = filter instanceof AndFilter and ? and.getCombinedFilters() : List.of(filter);
        for (Filter part : parts) {
            if (!(part instanceof EqualFilter equal) || equal.getAttributePath().size() != 1
                    || equal.getAttributePath().getElement(0).getValueFilter() != null
                    || equal.getComparisonValue() == null || equal.getComparisonValue().isNull()) {
                return Optional.empty();
            }
            seed.set(equal.getAttributePath().getElement(0).getAttribute(), equal.getComparisonValue());
        }
        return Optional.of(seed);
    }

    /** Removes the given values from the attribute at {@code path} (no filter, no sub-attribute). */
    static void removeValues(ObjectNode resource, Path path, JsonNode value) throws ScimException {
        if (path.size() != 1 || path.getElement(0).getValueFilter() != null) {
            throw BadRequestException.invalidPath("A remove with a value takes an attribute path, not '" + path + "'.");
        }
        ObjectNode container = resource;
        String urn = path.getSchemaUrn();
        if (urn != null && !urn.toLowerCase(Locale.ROOT).startsWith(CORE_URN_PREFIX)) {
            JsonNode extension = field(resource, urn);
            if (extension == null || !extension.isObject()) {
                return;
            }
            container = (ObjectNode) extension;
        }
        String attribute = path.getElement(0).getAttribute();
        String key = key(container, attribute);
        JsonNode current = key == null ? null : container.get(key);
        List<JsonNode> unwanted = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(unwanted::add);
        } else {
            unwanted.add(value);
        }
        for (JsonNode each : unwanted) {
            if (!(each.isValueNode() && !each.isNull()) && !(each.isObject() && each.has("value"))) {
                throw BadRequestException.invalidValue("A remove value must be a value or an object with 'value'.");
            }
        }
        if (current == null) {
            return;
        }
        if (current.isContainerNode() && unwanted.stream().anyMatch(u -> !u.isTextual() && !u.isObject())) {
            throw BadRequestException.invalidValue("Values of '" + attribute + "' are removed by their 'value'.");
        }
        if (current.isArray()) {
            for (Iterator<JsonNode> values = current.iterator(); values.hasNext(); ) {
                JsonNode candidate = values.next();
                if (unwanted.stream().anyMatch(u -> sameValue(candidate, u))) {
                    values.remove();
                }
            }
            if (current.isEmpty()) {
                container.remove(key);
            }
        } else if (unwanted.size() == 1 && sameValue(current, unwanted.get(0))) {
            container.remove(key);
        }
        if (container != resource && container.isEmpty()) {
            resource.remove(key(resource, urn));
        }
    }

    private static final String CORE_URN_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:";

    private static boolean sameValue(JsonNode stored, JsonNode given) {
        JsonNode left = stored.isObject() ? stored.get("value") : stored;
        JsonNode right = given.isObject() ? given.get("value") : given;
        if (left == null || right == null) {
            return false;
        }
        if (left.isTextual() && right.isTextual()) {
            return left.textValue().equalsIgnoreCase(right.textValue());
        }
        return left.asText().equalsIgnoreCase(right.asText());
    }

    /** The values with {@code primary} true in each multi-valued attribute, before an operation. */
    static Map<String, List<JsonNode>> primaries(ObjectNode resource) {
        Map<String, List<JsonNode>> primaries = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> field : resource.properties()) {
            if (field.getValue().isArray()) {
                List<JsonNode> found = new ArrayList<>();
                for (JsonNode value : field.getValue()) {
                    if (isPrimary(value)) {
                        found.add(value.deepCopy());
                    }
                }
                primaries.put(field.getKey().toLowerCase(Locale.ROOT), found);
            }
        }
        return primaries;
    }

    /**
     * After an operation on {@code attribute}: when it made a value primary while another one was, the one
     * that was is demoted. Values the operation gave as a whole (a replace of the attribute) are left as
     * given, so two primaries sent together are still refused.
     */
    static void demoteFormerPrimaries(ObjectNode resource, String attribute, Map<String, List<JsonNode>> before) {
        String key = key(resource, attribute);
        JsonNode values = key == null ? null : resource.get(key);
        if (values == null || !values.isArray()) {
            return;
        }
        List<JsonNode> formerly = before.getOrDefault(attribute.toLowerCase(Locale.ROOT), List.of());
        List<ObjectNode> former = new ArrayList<>();
        boolean newPrimary = false;
        for (JsonNode value : values) {
            if (isPrimary(value)) {
                if (formerly.contains(value)) {
                    former.add((ObjectNode) value);
                } else {
                    newPrimary = true;
                }
            }
        }
        if (newPrimary) {
            former.forEach(value -> value.put("primary", false));
        }
    }

    private static boolean isPrimary(JsonNode value) {
        JsonNode primary = value.isObject() ? field(value, "primary") : null;
        return primary != null && (primary.isBoolean() ? primary.booleanValue()
                : primary.isTextual() && primary.textValue().equalsIgnoreCase("true"));
    }

    private static JsonNode field(JsonNode node, String name) {
        String key = key(node, name);
        return key == null ? null : node.get(key);
    }

    private static String key(JsonNode node, String name) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return candidate;
            }
        }
        return null;
    }
}
