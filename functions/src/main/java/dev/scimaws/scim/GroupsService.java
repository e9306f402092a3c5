package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.MethodNotAllowedException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import dev.scimaws.scim.query.Budgets;
import dev.scimaws.scim.query.QueryRunner;
import dev.scimaws.scim.schema.CoreSchemas;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The /Groups endpoint over a {@link GroupStore}: Okta's group push and Entra's group provisioning.
 *
 * <h2>Members</h2>
 * Stored one item per membership, never inside the group. A member's {@code display} is the user's
 * displayName (else userName) as read when the membership was written, which costs nothing extra (the
 * same read validates the id); it is not refreshed when the user is renamed later, so it may be stale.
 * Members are read only when the response carries them: a read with {@code excludedAttributes=members}
 * is one GetItem whatever the group's size.
 *
 * <h2>PATCH</h2>
 * Member operations are interpreted as sets of ids to add and remove ({@link GroupPatch}); only
 * {@code replace} of all members, {@code remove} of all and filters other than {@code value eq} read the
 * current member list. Every operation is validated before anything is written: unknown user ids (or ids
 * of groups: no nesting) are a 400 {@code invalidValue} naming them, and the group stays unchanged.
 * Then the group's version is written first (the document write when displayName/externalId changed, else
 * a version increment that never conflicts with concurrent member changes), then the membership items.
 * Member writes are idempotent, so a retried request converges.
 *
 * <p>The answer is {@code 204 No Content} with the new {@code ETag}, unless the request asks for a
 * representation with {@code attributes} or {@code excludedAttributes}: then {@code 200} with the group,
 * members included only if the projection keeps them. RFC 7644 §3.5.2 allows either; Okta and Entra accept
 * both; and a 200 with "the entire resource" would mean reading and serialising every member of a group
 * that may have 100,000 of them after changing one.
 */
public final class GroupsService {

    public static final String RESOURCE_TYPE = "Group";
    public static final String ENDPOINT = "/Groups";
    private static final String USERS_ENDPOINT = "/Users";
    /**
     * Re-reads and re-applies a document write (or a delete) that lost an optimistic-concurrency race (no
     * If-Match given). Member changes raise the version too, so a rename racing a burst of them may need several.
     */
    private static final int WRITE_ATTEMPTS = 6;
    /**
     * Lambda returns at most 6 MB, and API Gateway's proxy envelope escapes every quote of the body: about
     * 24,000 members (some 210 bytes each) fit below this bound.
     */
    static final int MAX_RESPONSE_BYTES = 5_000_000;
    /** Ids in error messages: enough to act on, bounded for a request with thousands of members. */
    private static final int IDS_IN_MESSAGES = 20;
    /** No stored id is longer (they are server-generated); longer ones cannot be keys and are unknown. */
    private static final int MAX_ID_LENGTH = 512;

    private final GroupStore store;
    private final ResourceRules rules;
    private final Clock clock;
    private final int maxResponseBytes;

    public GroupsService(GroupStore store, ResourceRules rules, Clock clock) {
        this(store, rules, clock, MAX_RESPONSE_BYTES);
    }

    GroupsService(GroupStore store, ResourceRules rules, Clock clock, int maxResponseBytes) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
        this.maxResponseBytes = maxResponseBytes;
    }

    public ScimResponse handle(ScimRequest request) throws ScimException {
        ResourceRequests.checkBodySize(request);
        if (ResourceRequests.SEARCH.equals(request.resourceId())) {
            return list(ResourceRequests.searchAsList(request));
        }
        String id = request.resourceId();
        return switch (request.method()) {
            case "GET" -> id == null ? list(request) : get(request, id);
            case "POST" -> {
                if (id != null) {
                    throw new MethodNotAllowedException("POST is not allowed on a single group.");
                }
                yield create(request);
            }
            case "PUT" -> replace(request, required(id, "PUT"));
            case "PATCH" -> patch(request, required(id, "PATCH"));
            case "DELETE" -> delete(request, required(id, "DELETE"));
            default -> throw new MethodNotAllowedException(request.method() + " is not supported on /Groups.");
        };
    }

    // ---- reads ------------------------------------------------------------------------------------

    /**
     * Planned and paged by the query planner shared with Users. When members are returned, the page holds
     * only as many groups as {@link Budgets#LIST_MEMBERS} members allow (always at least one, whose members
     * are then bounded by that group alone); {@code itemsPerPage} says how many, so a client paging by
     * {@code startIndex += itemsPerPage} still visits every group once.
     */
    private ScimResponse list(ScimRequest request) throws ScimException {
        ListParameters paging = ListParameters.from(request);
        Projection projection = Projection.from(request, rules.type());
        boolean withMembers = projection.includes("members");
        String tenant = request.tenant();
        Map<String, List<ResourceRef>> membersRead = new java.util.HashMap<>();
        QueryRunner.PageCut cut = withMembers ? page -> withinMemberBudget(tenant, page, membersRead) : QueryRunner.WHOLE_PAGE;
        int[] memberBudget = {Budgets.LIST_MEMBERS};
        QueryRunner.Result selected = ResourceRequests.list(request, paging, store, RESOURCE_TYPE, "displayName",
                (filter, candidate) -> matches(request, filter, candidate, memberBudget), cut);
        List<ObjectNode> resources = new ArrayList<>(selected.resources().size());
        for (StoredResource group : selected.resources()) {
            List<ResourceRef> members = withMembers ? membersRead.get(group.id()) : null;
            resources.add(projection.apply(render(group, members, request.baseUrl())));
        }
        return bounded(ResourceRequests.listResponse(selected, paging, resources),
                "use a smaller count, or excludedAttributes=members");
    }

    /**
     * How many groups of {@code page} fit in the member budget, reading their members (each group at most
     * what is left of the budget, plus one to notice it does not fit). The first group always stays: if it
     * alone passes the budget, all its members are read, as a GET of that group would.
     */
    private int withinMemberBudget(String tenant, List<StoredResource> page, Map<String, List<ResourceRef>> read) {
        int remaining = Budgets.LIST_MEMBERS;
        int kept = 0;
        for (StoredResource group : page) {
            List<ResourceRef> members = store.members(tenant, group.id(), remaining + 1);
            if (members.size() > remaining) {
                if (kept == 0) {
                    read.put(group.id(), store.members(tenant, group.id()));
                    kept = 1;
                }
                break;
            }
            read.put(group.id(), members);
            remaining -= members.size();
            kept++;
        }
        return kept;
    }

    /**
     * A read whose members do not fit in one Lambda response is refused with a SCIM error, not cut short
     * (and not left to fail as a gateway 502). Writes are never refused this way: their bodies are bounded
     * by the request size limit.
     */
    private ScimResponse bounded(ScimResponse response, String advice) throws BadRequestException {
        String body = response.body();
        if (body != null && body.length() > maxResponseBytes / 4
                && body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxResponseBytes) {
            throw BadRequestException.tooMany("The response would exceed the largest this service can return ("
                    + maxResponseBytes + " bytes): " + advice + ".");
        }
        return response;
    }

    /**
     * Whether a candidate matches the filter. Members are read for that only when the filter names them, and
     * then at most {@link Budgets#LIST_MEMBERS} per request across all candidates (else 400 tooMany).
     */
    private boolean matches(ScimRequest request, Filter filter, StoredResource candidate, int[] memberBudget)
            throws ScimException {
        List<ResourceRef> members = null;
        if (filter.toString().toLowerCase(Locale.ROOT).contains("members")) {
            members = store.members(request.tenant(), candidate.id(), memberBudget[0] + 1);
            if (members.size() > memberBudget[0]) {
                throw BadRequestException.tooMany("A filter on members reads at most " + Budgets.LIST_MEMBERS
                        + " members per request, and these groups have more: filter on displayName, externalId or id, "
                        + "or read a user's groups from the user (GET /Users/{id}?attributes=groups).");
            }
            memberBudget[0] -= members.size();
        }
        return Filters.matches(filter, render(candidate, members, request.baseUrl()), CoreSchemas.GROUP_TYPE);
    }

    private ScimResponse get(ScimRequest request, String id) throws ScimException {
        StoredResource group = find(request.tenant(), id);
        ScimResponse notModified = ResourceRequests.notModified(request, group); // member changes bump the version too
        if (notModified != null) {
            return notModified;
        }
        return bounded(representation(200, group, request, null),
                "read the group with excludedAttributes=members; its members do not fit in one response");
    }

    // ---- writes -----------------------------------------------------------------------------------

    private ScimResponse create(ScimRequest request) throws ScimException {
        JsonNode input = Json.parse(request.body());
        if (!input.isObject()) {
            throw BadRequestException.invalidSyntax("A group must be a JSON object.");
        }
        List<GroupPatch.MemberInput> requested = GroupPatch.membersOf(input);
        ObjectNode body = rules.sanitize(GroupPatch.withoutMembers((ObjectNode) input), null);
        Map<String, GroupPatch.MemberInput> wanted = byId(requested == null ? List.of() : requested);
        checkMemberChanges(wanted.size());
        List<ResourceRef> members = validated(request.tenant(), wanted);
        Instant now = ResourceRequests.now(clock);
        StoredResource group = new StoredResource(UUID.randomUUID().toString(), 1, now, now, null, body);
        try {
            store.create(request.tenant(), group);
        } catch (StoreException.UniquenessViolation e) {
            throw ResourceRequests.uniqueness(e);
        } catch (StoreException.InvalidValue | StoreException.TooLarge e) {
            throw ResourceRequests.rejected(e);
        } catch (StoreException.VersionConflict e) {
            // nothing was written (the id was taken meanwhile, or the fake's transaction kept losing): retry later
            throw new StoreException.Unavailable("The group could not be created for concurrent changes; retry the request.");
        }
        if (!members.isEmpty()) {
            store.changeMembers(request.tenant(), group.id(), members, List.of());
            Set<String> vanished = withoutVanishedMembers(request.tenant(), group.id(), members.stream().map(ResourceRef::id).toList());
            members = members.stream().filter(member -> !vanished.contains(member.id())).toList();
        }
        return representation(201, group, request, members)
                .withHeader("Location", ResourceRequests.location(request.baseUrl(), ENDPOINT, group.id()));
    }

    /** PUT: displayName, externalId and the member set replaced; members diffed, only changes written. */
    private ScimResponse replace(ScimRequest request, String id) throws ScimException {
        JsonNode input = Json.parse(request.body());
        if (!input.isObject()) {
            throw BadRequestException.invalidSyntax("A group must be a JSON object.");
        }
        List<GroupPatch.MemberInput> requested = GroupPatch.membersOf(input);
        Map<String, GroupPatch.MemberInput> wanted = byId(requested == null ? List.of() : requested);
        ObjectNode document = GroupPatch.withoutMembers((ObjectNode) input);
        Outcome outcome = write(request, id, existing -> rules.sanitize(document, existing.body()), current -> {
            Map<String, GroupPatch.MemberInput> toAdd = new LinkedHashMap<>(wanted);
            toAdd.keySet().removeAll(current.keySet());
            Set<String> toRemove = new LinkedHashSet<>(current.keySet());
            toRemove.removeAll(wanted.keySet());
            return new GroupPatch.Delta(toAdd, toRemove);
        }, true);
        // The members after the PUT are the ones asked for: no read needed to return them.
        List<ResourceRef> members = new ArrayList<>();
        for (String member : wanted.keySet()) {
            ResourceRef known = outcome.current().get(member);
            members.add(known != null ? known : outcome.added().get(member));
        }
        return representation(200, outcome.group(), request, members);
    }

    private ScimResponse patch(ScimRequest request, String id) throws ScimException {
        GroupPatch patch = GroupPatch.parse(request.body());
        Optional<String> documentOperations = patch.documentOperations();
        List<Patches.Operation> operations = documentOperations.isPresent()
                ? Patches.parse(documentOperations.get(), id, rules) : List.of();
        Outcome outcome = write(request, id, existing -> {
            if (operations.isEmpty()) {
                return existing.body();
            }
            ObjectNode node = existing.body().deepCopy();
            node.put("id", existing.id()); // the SDK's value filters may reference id
            ObjectNode patched = Patches.apply(node, operations);
            patched.remove("id");
            return rules.sanitize(patched, existing.body());
        }, patch::resolve, patch.needsCurrentMembers());
        boolean representationAsked = request.queryParam("attributes").isPresent()
                || request.queryParam("excludedAttributes").isPresent();
        if (!representationAsked) {
            return ScimResponse.noContent().withHeader("ETag", outcome.group().etag());
        }
        return representation(200, outcome.group(), request, null);
    }

    private interface DocumentChange {
        ObjectNode apply(StoredResource existing) throws ScimException;
    }

    private interface MemberChange {
        GroupPatch.Delta resolve(Map<String, ResourceRef> current) throws ScimException;
    }

    /**
     * @param group the group as stored after the request
     * @param current the members before the request, if they were read (else empty)
     * @param added the members written, with their display
     */
    private record Outcome(StoredResource group, Map<String, ResourceRef> current, Map<String, ResourceRef> added) {}

    /**
     * Validates everything, then writes: the group item (document change, or a version increment when only
     * members change), then the membership items. A document write that loses a race without If-Match is
     * re-read and re-applied; member changes are independent of it and resolved once.
     */
    private Outcome write(ScimRequest request, String id, DocumentChange change, MemberChange memberChange,
                          boolean needsCurrent) throws ScimException {
        String tenant = request.tenant();
        Optional<String> ifMatch = request.header("If-Match");
        GroupPatch.Delta delta = null;
        Map<String, ResourceRef> current = Map.of();
        Map<String, ResourceRef> added = Map.of();
        for (int attempt = 1; ; attempt++) {
            StoredResource existing = find(tenant, id);
            ResourceRequests.checkPrecondition(ifMatch, existing);
            ObjectNode body = change.apply(existing);
            if (delta == null) {
                if (needsCurrent) {
                    current = new LinkedHashMap<>();
                    for (ResourceRef member : store.members(tenant, id)) {
                        current.put(member.id(), member);
                    }
                }
                delta = memberChange.resolve(current);
                checkMemberChanges(delta.toAdd().size() + delta.toRemove().size());
                added = new LinkedHashMap<>();
                for (ResourceRef member : validated(tenant, delta.toAdd())) {
                    added.put(member.id(), member);
                }
            }
            Instant now = ResourceRequests.now(clock);
            StoredResource result = existing;
            try {
                if (!body.equals(existing.body())) {
                    result = new StoredResource(id, existing.version() + 1, existing.created(), now, null, body);
                    store.update(tenant, existing, result);
                } else if (!delta.isEmpty()) {
                    long version = store.touch(tenant, id, now, ifMatch.isPresent() ? existing.version() : null);
                    result = new StoredResource(id, version, existing.created(), now, null, body);
                }
            } catch (StoreException.UniquenessViolation e) {
                throw ResourceRequests.uniqueness(e);
            } catch (StoreException.InvalidValue | StoreException.TooLarge e) {
                throw ResourceRequests.rejected(e);
            } catch (StoreException.NotFound e) {
                throw notFound(id);
            } catch (StoreException.VersionConflict e) {
                if (ifMatch.isPresent()) {
                    throw new PreconditionFailedException("The group changed since the given version.");
                }
                if (attempt >= WRITE_ATTEMPTS) {
                    // other writers kept winning: busy, not a conflict with this request's content (503, Retry-After)
                    throw new StoreException.Unavailable("The group is being modified concurrently; retry the request.");
                }
                continue;
            }
            Set<String> toRemove = new LinkedHashSet<>();
            delta.toRemove().forEach(member -> {
                if (member.length() <= MAX_ID_LENGTH) {
                    toRemove.add(member);
                }
            });
            if (!toRemove.isEmpty() || !added.isEmpty()) {
                store.changeMembers(tenant, id, added.values(), toRemove);
            }
            if (!added.isEmpty()) {
                withoutVanishedMembers(tenant, id, List.copyOf(added.keySet())).forEach(added::remove);
            }
            return new Outcome(result, current, added);
        }
    }

    /**
     * A request changes at most {@link Budgets#MEMBER_CHANGES} members, so an accepted one completes well
     * within the function's timeout; checked before anything is written.
     */
    private static void checkMemberChanges(int changes) throws BadRequestException {
        if (changes > Budgets.MEMBER_CHANGES) {
            throw BadRequestException.tooMany("The request changes " + changes + " members; at most "
                    + Budgets.MEMBER_CHANGES + " member additions and removals are accepted per request. Nothing was "
                    + "changed: send them in several PATCH requests.");
        }
    }

    /**
     * A user deleted between the validation and the membership write has had its memberships removed
     * already, so the one just written would point at nobody: read the added users again (consistent,
     * one BatchGetItem per 100) and take back the memberships of those gone. Returns their ids.
     */
    private Set<String> withoutVanishedMembers(String tenant, String groupId, List<String> added) {
        Map<String, String> live = store.findUsers(tenant, added);
        Set<String> vanished = new LinkedHashSet<>();
        for (String id : added) {
            if (!live.containsKey(id)) {
                vanished.add(id);
            }
        }
        if (!vanished.isEmpty()) {
            store.changeMembers(tenant, groupId, List.of(), vanished);
        }
        return vanished;
    }

    /**
     * The members to add, with their display, if every id is a user of the tenant; else a 400
     * {@code invalidValue} naming the ids that are groups (no nesting) or unknown.
     */
    private List<ResourceRef> validated(String tenant, Map<String, GroupPatch.MemberInput> toAdd) throws ScimException {
        if (toAdd.isEmpty()) {
            return List.of();
        }
        Set<String> lookup = new LinkedHashSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String id : toAdd.keySet()) {
            if (id.length() > MAX_ID_LENGTH) {
                unknown.add(id.substring(0, 40) + "...");
            } else {
                lookup.add(id);
            }
        }
        Map<String, String> users = store.findUsers(tenant, lookup);
        List<ResourceRef> members = new ArrayList<>(toAdd.size());
        for (String id : lookup) {
            String display = users.get(id);
            if (display == null && !users.containsKey(id)) {
                unknown.add(id);
            } else {
                members.add(new ResourceRef(id, display));
            }
        }
        if (unknown.isEmpty()) {
            return members;
        }
        Set<String> groups = new TreeSet<>(store.findGroups(tenant, unknown));
        if (!groups.isEmpty()) {
            throw BadRequestException.invalidValue("Groups cannot be members of groups (no nesting): " + shown(groups) + ".");
        }
        throw BadRequestException.invalidValue("No user with the id " + shown(unknown)
                + "; members must be existing users. Nothing was changed.");
    }

    private ScimResponse delete(ScimRequest request, String id) throws ScimException {
        return ResourceRequests.delete(store, request, id, RESOURCE_TYPE, WRITE_ATTEMPTS, this::find);
    }

    // ---- representation ---------------------------------------------------------------------------

    /**
     * The group under the request's projection. {@code knownMembers}: the members when the caller has them
     * already (POST, PUT), else null: then they are read, and only if the projection returns them.
     */
    private ScimResponse representation(int status, StoredResource group, ScimRequest request,
                                        List<ResourceRef> knownMembers) {
        Projection projection = Projection.from(request, rules.type());
        List<ResourceRef> members = null;
        if (projection.includes("members")) {
            members = knownMembers != null ? knownMembers : store.members(request.tenant(), group.id());
        }
        ObjectNode rendered = projection.apply(render(group, members, request.baseUrl()));
        return ScimResponse.json(status, Json.write(rendered)).withHeader("ETag", group.etag());
    }

    /** schemas, id, displayName, externalId, members (when given), meta. */
    ObjectNode render(StoredResource group, List<ResourceRef> members, String baseUrl) {
        ObjectNode body = rules.visible(group.body());
        ObjectNode node = Json.object();
        ArrayNode schemas = node.putArray("schemas");
        rules.schemasFor(body).forEach(schemas::add);
        node.put("id", group.id());
        node.setAll(body);
        if (members != null && !members.isEmpty()) {
            ArrayNode array = node.putArray("members");
            for (ResourceRef member : members) {
                ObjectNode entry = array.addObject();
                entry.put("value", member.id());
                if (member.display() != null) {
                    entry.put("display", member.display());
                }
                entry.put("$ref", ResourceRequests.location(baseUrl, USERS_ENDPOINT, member.id()));
                entry.put("type", "User");
            }
        }
        ResourceRequests.putMeta(node, RESOURCE_TYPE, group, ResourceRequests.location(baseUrl, ENDPOINT, group.id()));
        return node;
    }

    private StoredResource find(String tenant, String id) throws ResourceNotFoundException {
        if (id.length() > MAX_ID_LENGTH) {
            throw notFound(id);
        }
        return store.get(tenant, id).orElseThrow(() -> notFound(id));
    }

    private static Map<String, GroupPatch.MemberInput> byId(List<GroupPatch.MemberInput> members) {
        Map<String, GroupPatch.MemberInput> byId = new LinkedHashMap<>();
        members.forEach(member -> byId.put(member.id(), member));
        return byId;
    }

    private static String shown(Collection<String> ids) {
        List<String> quoted = ids.stream().limit(IDS_IN_MESSAGES).map(id -> "'" + id + "'").toList();
        String more = ids.size() > IDS_IN_MESSAGES ? " and " + (ids.size() - IDS_IN_MESSAGES) + " more" : "";
        return String.join(", ", quoted) + more;
    }

    private static String required(String id, String method) throws MethodNotAllowedException {
        if (id == null) {
            throw new MethodNotAllowedException(method + " needs a group id: /Groups/{id}.");
        }
        return id;
    }

    private static ResourceNotFoundException notFound(String id) {
        return ResourceRequests.notFound(RESOURCE_TYPE, id);
    }
}
