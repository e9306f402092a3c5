package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.MethodNotAllowedException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.query.QueryRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The /Users endpoint: RFC 7644 operations over a {@link UserStore}, with the Okta and Entra leniencies.
 * Each request works with its tenant's rules (core User, enterprise and the tenant's custom extensions).
 *
 * <p>{@code groups} is derived from the group memberships ({@code returned: default}, RFC 7643 §4.1.2): on
 * {@code GET /Users/{id}} and in the responses to PUT and PATCH it is read unless excluded (one Query, plus
 * one BatchGetItem per 100 groups for their names); a new user (POST) is in no group, so nothing is read.
 * In list responses it is read when {@code attributes} names it (one Query per user listed and one
 * BatchGetItem per 100 distinct groups of the page): by default an import page of 100 users would cost 103
 * calls instead of 3, for an attribute neither Okta nor Entra reads from a user list (docs/entra.md). {@code filter=groups.value eq
 * "<groupId>"} is planned as a read of the group's member items (see {@link Filters#requiredGroup}).
 */
public final class UsersService {

    public static final String RESOURCE_TYPE = "User";
    public static final String ENDPOINT = "/Users";
    public static final String LIST_SCHEMA = ResourceRequests.LIST_SCHEMA;
    /** Advertised as the maximum payload; larger bodies get 413 before any parsing. */
    public static final int MAX_BODY_BYTES = ResourceRequests.MAX_BODY_BYTES;
    /** Re-reads and re-applies a write that lost an optimistic-concurrency race (no If-Match given). */
    private static final int WRITE_ATTEMPTS = 3;

    private final UserStore store;
    private final ResourceRulesProvider rulesProvider;
    private final Clock clock;

    /** The same rules for every tenant. */
    public UsersService(UserStore store, ResourceRules rules, Clock clock) {
        this(store, ResourceRulesProvider.fixed(rules), clock);
    }

    public UsersService(UserStore store, ResourceRulesProvider rules, Clock clock) {
        this.store = store;
        this.rulesProvider = rules;
        this.clock = clock;
    }

    public ScimResponse handle(ScimRequest request) throws ScimException {
        ResourceRequests.checkBodySize(request);
        if (ResourceRequests.SEARCH.equals(request.resourceId())) {
            ScimRequest search = ResourceRequests.searchAsList(request);
            return list(search, rulesProvider.forTenant(request.tenant()));
        }
        String id = request.resourceId();
        String method = request.method();
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw new MethodNotAllowedException(method + " is not supported on /Users.");
        }
        if (method.equals("POST") && id != null) {
            throw new MethodNotAllowedException("POST is not allowed on a single user.");
        }
        if (method.equals("DELETE")) {
            return delete(request, required(id, "DELETE")); // needs no schema
        }
        ResourceRules rules = rulesProvider.forTenant(request.tenant());
        return switch (method) {
            case "GET" -> id == null ? list(request, rules) : get(request, id, rules);
            case "POST" -> create(request, rules);
            case "PUT" -> replace(request, required(id, "PUT"), rules);
            default -> patch(request, required(id, "PATCH"), rules);
        };
    }

    /** Planned and paged by the query planner shared with Groups ({@link ResourceRequests#list}). */
    private ScimResponse list(ScimRequest request, ResourceRules rules) throws ScimException {
        ListParameters paging = ListParameters.from(request);
        Projection projection = Projection.from(request, rules.type());
        Optional<String> filterText = request.queryParam("filter").filter(f -> !f.isBlank());
        // Planned as the group's member items: every candidate is a member, which the evaluation needs to see.
        Optional<String> memberOf = filterText.isPresent() ? Filters.requiredGroup(Filters.parse(filterText.get()))
                : Optional.empty();
        QueryRunner.Result selected = ResourceRequests.list(request, paging, store, RESOURCE_TYPE, "userName",
                (filter, candidate) -> {
                    ObjectNode rendered = render(candidate, request.baseUrl(), rules);
                    memberOf.ifPresent(group -> addGroups(rendered, List.of(new ResourceRef(group, null)), request.baseUrl()));
                    return Filters.matches(filter, rendered, rules.type());
                },
                QueryRunner.WHOLE_PAGE);
        Map<String, List<ResourceRef>> groups = projection.names("groups") && !selected.resources().isEmpty()
                ? store.groupsOf(request.tenant(), selected.resources().stream().map(StoredResource::id).toList())
                : Map.of();
        List<ObjectNode> resources = new ArrayList<>(selected.resources().size());
        for (StoredResource user : selected.resources()) {
            ObjectNode rendered = render(user, request.baseUrl(), rules);
            addGroups(rendered, groups.getOrDefault(user.id(), List.of()), request.baseUrl());
            resources.add(projection.apply(rendered));
        }
        return ResourceRequests.listResponse(selected, paging, resources);
    }

    private ScimResponse get(ScimRequest request, String id, ResourceRules rules) throws ScimException {
        StoredResource user = find(request.tenant(), id);
        ScimResponse notModified = ResourceRequests.notModified(request, user);
        if (notModified != null) {
            return notModified;
        }
        Projection projection = Projection.from(request, rules.type());
        ObjectNode rendered = render(user, request.baseUrl(), rules);
        if (projection.includes("groups")) {
            addGroups(rendered, store.groupsOf(request.tenant(), id), request.baseUrl());
        }
        return ScimResponse.json(200, Json.write(projection.apply(rendered))).withHeader("ETag", user.etag());
    }

    /** {@code groups} (RFC 7643 §4.1.2): read-only, direct memberships only (groups do not nest here). */
    static void addGroups(ObjectNode rendered, List<ResourceRef> groups, String baseUrl) {
        if (groups.isEmpty()) {
            return;
        }
        JsonNode meta = rendered.remove("meta");
        ArrayNode array = rendered.putArray("groups");
        for (ResourceRef group : groups) {
            ObjectNode entry = array.addObject();
            entry.put("value", group.id());
            if (group.display() != null) {
                entry.put("display", group.display());
            }
            entry.put("$ref", ResourceRequests.location(baseUrl, GroupsService.ENDPOINT, group.id()));
            entry.put("type", "direct");
        }
        if (meta != null) {
            rendered.set("meta", meta);
        }
    }

    private ScimResponse create(ScimRequest request, ResourceRules rules) throws ScimException {
        ObjectNode body = rules.sanitize(Json.parse(request.body()), null);
        Instant now = ResourceRequests.now(clock);
        StoredResource user = new StoredResource(UUID.randomUUID().toString(), 1, now, now,
                isInactive(body) ? now : null, body);
        try {
            store.create(request.tenant(), user);
        } catch (StoreException.UniquenessViolation e) {
            throw ResourceRequests.uniqueness(e);
        } catch (StoreException.InvalidValue | StoreException.TooLarge e) {
            throw ResourceRequests.rejected(e);
        } catch (StoreException.VersionConflict e) {
            // nothing was written (the id was taken meanwhile, or the fake's transaction kept losing): retry later
            throw new StoreException.Unavailable("The user could not be created for concurrent changes; retry the request.");
        }
        ScimResponse response = resourceResponse(201, user, request, rules, false);
        return response.withHeader("Location", location(request.baseUrl(), user.id()));
    }

    private ScimResponse replace(ScimRequest request, String id, ResourceRules rules) throws ScimException {
        JsonNode input = Json.parse(request.body());
        return write(request, id, rules, existing -> rules.sanitize(input, existing.body()));
    }

    private ScimResponse patch(ScimRequest request, String id, ResourceRules rules) throws ScimException {
        List<Patches.Operation> operations = Patches.parse(request.body(), id, rules);
        return write(request, id, rules, existing -> {
            ObjectNode patched = Patches.apply(withId(existing), operations);
            patched.remove("id");
            return rules.sanitize(patched, existing.body());
        });
    }

    /** The SDK's value filters may reference {@code id}; it is not part of the stored attributes. */
    private static ObjectNode withId(StoredResource user) {
        ObjectNode node = user.body().deepCopy();
        node.put("id", user.id());
        return node;
    }

    private interface Change {
        ObjectNode apply(StoredResource existing) throws ScimException;
    }

    /** Read, change, conditional write; a lost race without If-Match is retried from a fresh read. */
    private ScimResponse write(ScimRequest request, String id, ResourceRules rules, Change change) throws ScimException {
        Optional<String> ifMatch = request.header("If-Match");
        for (int attempt = 1; ; attempt++) {
            StoredResource existing = find(request.tenant(), id);
            ResourceRequests.checkPrecondition(ifMatch, existing);
            ObjectNode body = change.apply(existing);
            Instant now = ResourceRequests.now(clock);
            StoredResource next = new StoredResource(id, existing.version() + 1, existing.created(), now,
                    deactivatedAt(existing, body, now), body);
            if (body.equals(existing.body())) {
                return resourceResponse(200, existing, request, rules, true);
            }
            try {
                store.update(request.tenant(), existing, next);
                return resourceResponse(200, next, request, rules, true);
            } catch (StoreException.UniquenessViolation e) {
                throw ResourceRequests.uniqueness(e);
            } catch (StoreException.InvalidValue | StoreException.TooLarge e) {
                throw ResourceRequests.rejected(e);
            } catch (StoreException.VersionConflict e) {
                if (ifMatch.isPresent()) {
                    throw new PreconditionFailedException("The resource changed since the given version.");
                }
                if (attempt >= WRITE_ATTEMPTS) {
                    // other writers kept winning: busy, not a conflict with this request's content (503, Retry-After)
                    throw new StoreException.Unavailable("The resource is being modified concurrently; retry the request.");
                }
            }
        }
    }

    private ScimResponse delete(ScimRequest request, String id) throws ScimException {
        return ResourceRequests.delete(store, request, id, RESOURCE_TYPE, WRITE_ATTEMPTS, this::find);
    }

    /** Deactivation time is kept while the user stays inactive; reactivation clears it. */
    private static Instant deactivatedAt(StoredResource existing, ObjectNode body, Instant now) {
        if (!isInactive(body)) {
            return null;
        }
        return existing.deactivatedAt() != null ? existing.deactivatedAt() : now;
    }

    private static boolean isInactive(ObjectNode body) {
        JsonNode active = body.get("active");
        return active != null && active.isBoolean() && !active.booleanValue();
    }

    private StoredResource find(String tenant, String id) throws ResourceNotFoundException {
        return store.get(tenant, id).orElseThrow(() -> notFound(id));
    }

    /** @param mayHaveGroups false for a user just created: it is in no group yet, so nothing is read */
    private ScimResponse resourceResponse(int status, StoredResource user, ScimRequest request, ResourceRules rules,
                                          boolean mayHaveGroups) throws ScimException {
        Projection projection = Projection.from(request, rules.type());
        ObjectNode full = render(user, request.baseUrl(), rules);
        if (mayHaveGroups && projection.includes("groups")) {
            addGroups(full, store.groupsOf(request.tenant(), user.id()), request.baseUrl());
        }
        ObjectNode rendered = projection.apply(full);
        return ScimResponse.json(status, Json.write(rendered)).withHeader("ETag", user.etag());
    }

    /**
     * The SCIM representation before projection: schemas, id, attributes, meta; data of extensions the
     * tenant does not declare (any more) left out. Never a password (it is never stored).
     */
    static ObjectNode render(StoredResource user, String baseUrl, ResourceRules rules) {
        ObjectNode body = rules.visible(user.body());
        ObjectNode node = Json.object();
        ArrayNode schemas = node.putArray("schemas");
        rules.schemasFor(body).forEach(schemas::add);
        node.put("id", user.id());
        node.setAll(body);
        ResourceRequests.putMeta(node, RESOURCE_TYPE, user, location(baseUrl, user.id()));
        return node;
    }

    private static String location(String baseUrl, String id) {
        return ResourceRequests.location(baseUrl, ENDPOINT, id);
    }

    private static String required(String id, String method) throws MethodNotAllowedException {
        if (id == null) {
            throw new MethodNotAllowedException(method + " needs a user id: /Users/{id}.");
        }
        return id;
    }

    private static ResourceNotFoundException notFound(String id) {
        return ResourceRequests.notFound(RESOURCE_TYPE, id);
    }
}
