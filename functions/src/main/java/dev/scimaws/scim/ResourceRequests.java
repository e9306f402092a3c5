package dev.scimaws.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import com.unboundid.scim2.common.filters.Filter;
import dev.scimaws.scim.query.Cursors;
import dev.scimaws.scim.query.Plan;
import dev.scimaws.scim.query.QueryPlanner;
import dev.scimaws.scim.query.QueryRunner;

/** What the Users and Groups services do alike: body limit, If-Match, errors, meta, list responses. */
final class ResourceRequests {

    public static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /** Advertised as the maximum payload; larger bodies get 413 before any parsing. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private ResourceRequests() {}

    static void checkBodySize(ScimRequest request) throws ScimException {
        if (request.body() != null && request.body().length() > MAX_BODY_BYTES / 4
                && request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ScimException(413, null, "The request body exceeds the maximum of " + MAX_BODY_BYTES + " bytes.");
        }
    }

    /** RFC 7232 If-Match against the weak ETag {@code W/"<version>"}; the bare or {@code *} form also match. */
    static void checkPrecondition(Optional<String> ifMatch, StoredResource existing) throws ScimException {
        if (ifMatch.isEmpty()) {
            return;
        }
        for (String candidate : ifMatch.get().split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(existing.etag()) || tag.equals(existing.etag().substring(2))) {
                return;
            }
        }
        throw new PreconditionFailedException("If-Match does not match the current version " + existing.etag() + ".");
    }

    /** Resource times are kept to the millisecond, the precision of {@code meta} and of sort keys. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Reads the resource a request addresses, or answers 404. */
    interface Finder {
        StoredResource find(String tenant, String id) throws ResourceNotFoundException;
    }

    /**
     * DELETE with optimistic concurrency: a delete that loses a race to a concurrent change is retried on what
     * is there now, unless If-Match pinned a version (then 412, or 404 when the resource is gone meanwhile).
     * Writers that keep winning make it busy, not a conflict with this request: 503 with Retry-After.
     */
    static ScimResponse delete(ResourceStore store, ScimRequest request, String id, String resourceType, int attempts,
                               Finder finder) throws ScimException {
        Optional<String> ifMatch = request.header("If-Match");
        String name = resourceType.toLowerCase(Locale.ROOT);
        for (int attempt = 1; ; attempt++) {
            StoredResource existing = finder.find(request.tenant(), id);
            checkPrecondition(ifMatch, existing);
            try {
                store.delete(request.tenant(), existing);
                return ScimResponse.noContent();
            } catch (StoreException.VersionConflict e) {
                if (ifMatch.isPresent()) {
                    if (store.get(request.tenant(), id).isEmpty()) {
                        throw notFound(resourceType, id);
                    }
                    throw new PreconditionFailedException("The " + name + " changed while it was being deleted.");
                }
                if (attempt >= attempts) {
                    throw new StoreException.Unavailable("The " + name + " is being modified concurrently; retry the request.");
                }
            }
        }
    }

    static ResourceNotFoundException notFound(String resourceType, String id) {
        String shown = id.length() > 100 ? id.substring(0, 100) + "..." : id;
        return new ResourceNotFoundException(resourceType + " '" + shown + "' not found.");
    }

    static ResourceConflictException uniqueness(StoreException.UniquenessViolation e) {
        return new ResourceConflictException(e.getMessage(), BadRequestException.UNIQUENESS);
    }

    static String location(String baseUrl, String endpoint, String id) {
        return baseUrl + endpoint + "/" + id;
    }

    static void putMeta(ObjectNode node, String resourceType, StoredResource resource, String location) {
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("created", ScimTime.format(resource.created()));
        meta.put("lastModified", ScimTime.format(resource.lastModified()));
        meta.put("location", location);
        meta.put("version", resource.etag());
    }

    /**
     * The page a list request asks for, from one planner for Users and Groups: the request's filter (if any)
     * planned ({@link QueryPlanner}), run under index or cursor paging ({@link QueryRunner}).
     *
     * @param evaluator given the parsed filter, whether a candidate matches it
     * @param cut how many of a page's resources the response can carry
     */
    static QueryRunner.Result list(ScimRequest request, ListParameters paging, ResourceStore store, String resourceType,
                                   String nameAttribute, FilterEvaluator evaluator, QueryRunner.PageCut cut)
            throws ScimException {
        Optional<String> filterText = request.queryParam("filter").filter(f -> !f.isBlank());
        Filter filter = filterText.isPresent() ? Filters.parse(filterText.get()) : null;
        Plan plan = QueryPlanner.plan(filter, nameAttribute);
        String resources = resourceType.toLowerCase(Locale.ROOT) + "s";
        return new QueryRunner(store, request.tenant(), resources).run(plan, paging,
                Cursors.fingerprint(resourceType, filterText.orElse(null)),
                candidate -> evaluator.matches(filter, candidate), cut);
    }

    interface FilterEvaluator {
        boolean matches(Filter filter, StoredResource candidate) throws ScimException;
    }

    /** A ListResponse: index paging states startIndex; cursor paging (RFC 9865) states nextCursor instead. */
    static ScimResponse listResponse(QueryRunner.Result result, ListParameters paging, List<ObjectNode> resources) {
        ObjectNode body = Json.object();
        body.putArray("schemas").add(LIST_SCHEMA);
        if (result.totalResults() != null) {
            body.put("totalResults", result.totalResults());
        }
        if (!paging.cursorPaging()) {
            body.put("startIndex", paging.startIndex());
        }
        body.put("itemsPerPage", resources.size());
        if (result.nextCursor() != null) {
            body.put("nextCursor", result.nextCursor());
        }
        ArrayNode array = body.putArray("Resources");
        resources.forEach(array::add);
        return ScimResponse.json(200, Json.write(body));
    }

    /** The reserved id of RFC 7644 §3.4.3: {@code POST /Users/.search}. */
    static final String SEARCH = ".search";
    static final String SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    /**
     * {@code POST <collection>/.search} as the GET list request it is (RFC 7644 §3.4.3): the SearchRequest's
     * {@code filter}, {@code startIndex}, {@code count}, {@code cursor}, {@code attributes},
     * {@code excludedAttributes}, {@code sortBy} and {@code sortOrder} become the query parameters, so the
     * same planner, paging, cursor and projection rules apply. Parameters on the URL are ignored.
     */
    static ScimRequest searchAsList(ScimRequest request) throws ScimException {
        if (!request.method().equals("POST")) {
            throw new com.unboundid.scim2.common.exceptions.MethodNotAllowedException(
                    request.method() + " is not allowed on .search; use POST with a SearchRequest.");
        }
        com.fasterxml.jackson.databind.JsonNode body = request.body() == null || request.body().isBlank()
                ? Json.object() : Json.parseObject(request.body());
        java.util.Map<String, String> query = new java.util.HashMap<>();
        for (String name : List.of("filter", "startIndex", "count", "cursor", "attributes", "excludedAttributes",
                "sortBy", "sortOrder")) {
            com.fasterxml.jackson.databind.JsonNode value = Patches.field(body, name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                List<String> names = new java.util.ArrayList<>();
                for (com.fasterxml.jackson.databind.JsonNode each : value) {
                    if (!each.isTextual()) {
                        throw BadRequestException.invalidSyntax("'" + name + "' must list attribute names.");
                    }
                    names.add(each.textValue());
                }
                query.put(name, String.join(",", names));
            } else if (value.isValueNode()) {
                query.put(name, value.asText());
            } else {
                throw BadRequestException.invalidSyntax("'" + name + "' of a SearchRequest must be a value.");
            }
        }
        return new ScimRequest(request.tenant(), "GET", null, query, request.headers(), null, request.baseUrl(),
                request.requestId());
    }

    /**
     * RFC 7232 If-None-Match on a GET: 304 without a body when the client holds the current version, or
     * null to send the resource.
     */
    static ScimResponse notModified(ScimRequest request, StoredResource resource) {
        Optional<String> ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch.isEmpty()) {
            return null;
        }
        for (String candidate : ifNoneMatch.get().split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(resource.etag()) || tag.equals(resource.etag().substring(2))) {
                return new ScimResponse(304, ScimResponse.noContent().headers(), null).withHeader("ETag", resource.etag());
            }
        }
        return null;
    }

    static ScimException rejected(StoreException e) {
        if (e instanceof StoreException.TooLarge) {
            return new ScimException(413, null, e.getMessage());
        }
        return BadRequestException.invalidValue(e.getMessage());
    }
}
