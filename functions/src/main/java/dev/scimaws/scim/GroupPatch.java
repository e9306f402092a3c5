package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.OrFilter;
import dev.scimaws.scim.schema.CoreSchemas;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PATCH request on a group, split in two: operations on {@code members}, interpreted here as sets of
 * member ids to add and remove (so a change of k members never needs the member list), and every other
 * operation ({@code displayName}, {@code externalId}, Okta's path-less rename carrying the group's own
 * {@code id}), left for {@link Patches} to apply to the group document.
 *
 * <p>Member operations understood, as Okta and Entra send them ({@code op} in any case):
 * <ul>
 *   <li>{@code add} with path {@code members} and a list of {@code {"value": id}}; path-less {@code add}
 *       or {@code replace} whose value has a {@code members} key;</li>
 *   <li>{@code remove} with path {@code members[value eq "id"]} (also {@code or}-ed equalities; any other
 *       filter is evaluated against the current members);</li>
 *   <li>{@code remove} with path {@code members} and a value list (Entra): those members; without a
 *       value: all members;</li>
 *   <li>{@code replace} with path {@code members}: the whole member set.</li>
 * </ul>
 * Operations apply in request order, so Okta's "remove X, add Y" and "remove all, add back" both
 * resolve to the right final set. A member value may carry {@code display}, {@code $ref} (even
 * {@code null}) and {@code type}; {@code display} and {@code $ref} are ignored (the server derives
 * them), a {@code type} other than {@code User} is refused: groups do not nest.
 */
public final class GroupPatch {

    /** A member as a request names it. */
    public record MemberInput(String id, String display) {}

    /** One member operation, in request order. */
    private sealed interface Step {}

    private record Add(List<MemberInput> members) implements Step {}

    private record Remove(Set<String> ids) implements Step {}

    private record ReplaceAll(List<MemberInput> members) implements Step {}

    /** {@code members[<filter>]} that is not a plain list of ids: needs the current members. */
    private record RemoveMatching(Filter filter) implements Step {}

    /** What the request does to the member set: both disjoint. */
    public record Delta(Map<String, MemberInput> toAdd, Set<String> toRemove) {
        public boolean isEmpty() {
            return toAdd.isEmpty() && toRemove.isEmpty();
        }
    }

    private final List<Step> steps;
    private final ArrayNode documentOperations;

    private GroupPatch(List<Step> steps, ArrayNode documentOperations) {
        this.steps = steps;
        this.documentOperations = documentOperations;
    }

    public static GroupPatch parse(String body) throws ScimException {
        ObjectNode request = Json.parseObject(body);
        JsonNode operations = Patches.field(request, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw BadRequestException.invalidSyntax("A PATCH request needs a non-empty 'Operations' array.");
        }
        if (operations.size() > Patches.MAX_OPERATIONS) {
            throw BadRequestException.tooMany("At most " + Patches.MAX_OPERATIONS + " operations per PATCH request.");
        }
        List<Step> steps = new ArrayList<>();
        ArrayNode documentOperations = Json.MAPPER.createArrayNode();
        int index = 0;
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw BadRequestException.invalidSyntax("Operations[" + index + "] is not an object.");
            }
            split((ObjectNode) operation, index++, steps, documentOperations);
        }
        return new GroupPatch(steps, documentOperations);
    }

    /**
     * The members of a POST or PUT body: null when the body has no {@code members}, else the list (an
     * explicit {@code null} or empty list: none).
     */
    public static List<MemberInput> membersOf(JsonNode body) throws ScimException {
        JsonNode members = Patches.field(body, "members");
        return members == null ? null : members(members, "members");
    }

    /** {@code body} without its {@code members}, for the document rules. */
    public static ObjectNode withoutMembers(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        copy.properties().removeIf(e -> e.getKey().equalsIgnoreCase("members"));
        return copy;
    }

    public boolean changesMembers() {
        return !steps.isEmpty();
    }

    /** Whether resolving needs the current member list (replace or remove all, or a general filter). */
    public boolean needsCurrentMembers() {
        return steps.stream().anyMatch(step -> step instanceof ReplaceAll || step instanceof RemoveMatching);
    }

    /** The operations on the group document, as a PatchOp body for {@link Patches#parse}; empty if none. */
    public Optional<String> documentOperations() {
        if (documentOperations.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = Json.object();
        body.putArray("schemas").add(Patches.PATCH_SCHEMA);
        body.set("Operations", documentOperations);
        return Optional.of(Json.write(body));
    }

    /**
     * The member changes, applying the operations in order.
     * @param current the current members, required when {@link #needsCurrentMembers()}, else may be null
     */
    public Delta resolve(Map<String, ResourceRef> current) throws ScimException {
        boolean cleared = false;
        Map<String, MemberInput> added = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        for (Step step : steps) {
            switch (step) {
                case Add add -> add.members().forEach(m -> {
                    added.put(m.id(), m);
                    removed.remove(m.id());
                });
                case Remove remove -> remove.ids().forEach(id -> {
                    added.remove(id);
                    removed.add(id);
                });
                case ReplaceAll replace -> {
                    cleared = true;
                    added.clear();
                    removed.clear();
                    replace.members().forEach(m -> added.put(m.id(), m));
                }
                case RemoveMatching matching -> {
                    for (String id : matching(matching.filter(), current, cleared, added, removed)) {
                        added.remove(id);
                        removed.add(id);
                    }
                }
            }
        }
        if (!cleared) {
            return new Delta(added, removed);
        }
        Map<String, MemberInput> toAdd = new LinkedHashMap<>(added);
        toAdd.keySet().removeAll(current.keySet());
        Set<String> toRemove = new LinkedHashSet<>(current.keySet());
        toRemove.removeAll(added.keySet());
        return new Delta(toAdd, toRemove);
    }

    /** The members the filter selects among those present at this point of the request. */
    private static List<String> matching(Filter filter, Map<String, ResourceRef> current, boolean cleared,
                                         Map<String, MemberInput> added, Set<String> removed) throws ScimException {
        Map<String, String> present = new LinkedHashMap<>();
        if (!cleared) {
            current.values().forEach(ref -> present.put(ref.id(), ref.display()));
        }
        added.values().forEach(m -> present.put(m.id(), m.display()));
        removed.forEach(present::remove);
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, String> member : present.entrySet()) {
            ObjectNode node = Json.object();
            node.put("value", member.getKey());
            if (member.getValue() != null) {
                node.put("display", member.getValue());
            }
            node.put("type", "User");
            if (Filters.matchesValue(filter, node, CoreSchemas.GROUP_TYPE, "members")) {
                ids.add(member.getKey());
            }
        }
        return ids;
    }

    private static void split(ObjectNode raw, int index, List<Step> steps, ArrayNode documentOperations)
            throws ScimException {
        String op = Patches.operationName(raw, index);
        JsonNode pathNode = Patches.field(raw, "path");
        JsonNode value = Patches.field(raw, "value");
        String where = "Operations[" + index + "]";
        if (pathNode != null && pathNode.isTextual() && !pathNode.textValue().isBlank()) {
            Optional<Path> membersPath = membersPath(pathNode.textValue());
            if (membersPath.isEmpty()) {
                documentOperations.add(raw);
                return;
            }
            steps.add(memberStep(op, membersPath.get(), value, where));
            return;
        }
        // Path-less: a members key in the value is a member operation, the rest goes to the document.
        JsonNode members = value != null && value.isObject() ? Patches.field(value, "members") : null;
        if (members == null || op.equals("remove")) {
            documentOperations.add(raw);
            return;
        }
        List<MemberInput> inputs = members(members, where + ".value.members");
        steps.add(op.equals("add") ? new Add(inputs) : new ReplaceAll(inputs));
        ObjectNode rest = withoutMembers((ObjectNode) value);
        if (!rest.isEmpty()) {
            ObjectNode remaining = raw.deepCopy();
            remaining.properties().removeIf(e -> e.getKey().equalsIgnoreCase("value"));
            remaining.set("value", rest);
            documentOperations.add(remaining);
        }
    }

    private static Step memberStep(String op, Path path, JsonNode value, String where) throws ScimException {
        if (path.size() > 1) {
            throw BadRequestException.invalidPath(where + ": '" + path + "' is not supported; members are changed "
                    + "as a whole (value, with display derived from the user).");
        }
        Filter filter = path.getElement(0).getValueFilter();
        if (filter != null) {
            if (!op.equals("remove")) {
                throw BadRequestException.invalidPath(where + ": " + op + " with a filtered members path is not "
                        + "supported; use add with path 'members' or remove with the filter.");
            }
            Optional<Set<String>> ids = plainIds(filter);
            return ids.<Step>map(Remove::new).orElseGet(() -> new RemoveMatching(filter));
        }
        return switch (op) {
            case "add" -> new Add(members(value, where + ".value"));
            case "replace" -> new ReplaceAll(members(value, where + ".value"));
            default -> value == null || value.isNull()
                    ? new ReplaceAll(List.of())
                    : new Remove(ids(members(value, where + ".value")));
        };
    }

    /** {@code value eq "a"}, or several such joined with {@code or}: the ids, without reading members. */
    private static Optional<Set<String>> plainIds(Filter filter) {
        Set<String> ids = new LinkedHashSet<>();
        List<Filter> pending = new ArrayList<>(List.of(filter));
        while (!pending.isEmpty()) {
            Filter next = pending.removeLast();
            if (next instanceof OrFilter or) {
                pending.addAll(or.getCombinedFilters());
            } else if (next instanceof EqualFilter equal && equal.getAttributePath().size() == 1
                    && equal.getAttributePath().getElement(0).getValueFilter() == null
                    && equal.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
                    && equal.getComparisonValue() != null && equal.getComparisonValue().isTextual()) {
                ids.add(equal.getComparisonValue().textValue());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(ids);
    }

    /** {@code members}, {@code Members}, {@code urn:...:core:2.0:Group:members}, with or without a filter. */
    private static Optional<Path> membersPath(String text) {
        if (!text.toLowerCase(Locale.ROOT).contains("members")) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.fromString(text.strip());
        } catch (BadRequestException | RuntimeException e) {
            return Optional.empty(); // not ours: Patches reports the invalid path
        }
        String urn = path.getSchemaUrn();
        boolean core = urn == null || urn.equalsIgnoreCase(CoreSchemas.GROUP_URN);
        return core && path.size() >= 1 && path.getElement(0).getAttribute().equalsIgnoreCase("members")
                ? Optional.of(path) : Optional.empty();
    }

    private static List<MemberInput> members(JsonNode value, String where) throws ScimException {
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<MemberInput> members = new ArrayList<>();
        int i = 0;
        for (JsonNode element : value.isArray() ? value : List.of(value)) {
            String at = where + (value.isArray() ? "[" + i + "]" : "");
            i++;
            if (element.isNull()) {
                continue;
            }
            members.add(member(element, at));
        }
        return members;
    }

    private static MemberInput member(JsonNode element, String where) throws ScimException {
        if (element.isTextual()) {
            return new MemberInput(id(element.textValue(), where), null);
        }
        if (!element.isObject()) {
            throw BadRequestException.invalidValue(where + " must be a member object such as {\"value\": \"<user id>\"}.");
        }
        JsonNode value = Patches.field(element, "value");
        if (value == null || !value.isTextual()) {
            throw BadRequestException.invalidValue(where + ".value must be the id of a user.");
        }
        JsonNode type = Patches.field(element, "type");
        if (type != null && !type.isNull()) {
            if (!type.isTextual()) {
                throw BadRequestException.invalidValue(where + ".type must be 'User'.");
            }
            if (type.textValue().equalsIgnoreCase("Group")) {
                throw BadRequestException.invalidValue(where + ": '" + value.textValue()
                        + "' is a group; groups cannot be members of groups here (no nesting).");
            }
            if (!type.textValue().equalsIgnoreCase("User")) {
                throw BadRequestException.invalidValue(where + ".type must be 'User', not '" + type.textValue() + "'.");
            }
        }
        JsonNode display = Patches.field(element, "display");
        return new MemberInput(id(value.textValue(), where), display != null && display.isTextual() ? display.textValue() : null);
    }

    private static String id(String id, String where) throws BadRequestException {
        if (id.isBlank()) {
            throw BadRequestException.invalidValue(where + ".value must not be empty.");
        }
        return id;
    }

    private static Set<String> ids(Collection<MemberInput> members) {
        Set<String> ids = new LinkedHashSet<>();
        members.forEach(m -> ids.add(m.id()));
        return ids;
    }
}
