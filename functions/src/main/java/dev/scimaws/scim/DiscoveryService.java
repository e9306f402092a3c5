package dev.scimaws.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.MethodNotAllowedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.query.Budgets;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.scim.schema.ResourceType;
import dev.scimaws.scim.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The discovery endpoints (RFC 7644 §4): {@code /ServiceProviderConfig}, {@code /ResourceTypes[/{name}]}
 * and {@code /Schemas[/{id}]}, describing what this server really does, for the requesting tenant.
 *
 * <p>The schemas served are the ones that validate writes: the core User and Group schemas, the
 * enterprise extension and the tenant's custom extensions (User only). Those are read on every request
 * that shows them, with one Query and no cache, so a declaration shows at once; everything else costs no
 * DynamoDB call. Read-only: any other method is a 405. As RFC 7644 §4 asks, paging and sorting
 * parameters are ignored and a {@code filter} is refused with 403.
 */
public final class DiscoveryService {

    public static final String SERVICE_PROVIDER_CONFIG = "ServiceProviderConfig";
    public static final String RESOURCE_TYPES = "ResourceTypes";
    public static final String SCHEMAS = "Schemas";
    /** The path segments this service answers, as they appear after the base URL. */
    public static final List<String> ENDPOINTS = List.of(SERVICE_PROVIDER_CONFIG, RESOURCE_TYPES, SCHEMAS);
    /** RFC 7644 endpoints this server does not implement (ServiceProviderConfig says bulk is unsupported): 501. */
    public static final List<String> NOT_IMPLEMENTED = List.of("Me", "Bulk");
    /** Every path segment routed to this service. */
    public static final List<String> SEGMENTS = java.util.stream.Stream.concat(ENDPOINTS.stream(), NOT_IMPLEMENTED.stream())
            .toList();

    public static final String SERVICE_PROVIDER_CONFIG_URN =
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    /** RFC 6750, the bearer token usage the authorizer implements. */
    static final String BEARER_SPEC_URI = "https://www.rfc-editor.org/info/rfc6750";

    private final ExtensionSchemaStore extensions;
    private final String documentationUri;

    /** @param documentationUriOrNull where operators publish help for this service, advertised when given */
    public DiscoveryService(ExtensionSchemaStore extensions, String documentationUriOrNull) {
        this.extensions = extensions;
        this.documentationUri = documentationUriOrNull == null || documentationUriOrNull.isBlank()
                ? null : documentationUriOrNull.strip();
    }

    /** @param endpoint one of {@link #ENDPOINTS}: which document the request's path asked for */
    public ScimResponse handle(ScimRequest request, String endpoint) throws ScimException {
        if (NOT_IMPLEMENTED.contains(endpoint)) {
            throw new ScimException(501, null, "/" + endpoint + " is not implemented by this service provider"
                    + (endpoint.equals("Bulk") ? " (ServiceProviderConfig: bulk.supported false)." : "."));
        }
        if (!ENDPOINTS.contains(endpoint)) {
            throw new ResourceNotFoundException("There is no discovery endpoint '" + endpoint + "'.");
        }
        if (!request.method().equals("GET")) {
            throw new MethodNotAllowedException("/" + endpoint + " is read-only: " + request.method()
                    + " is not allowed; use GET.");
        }
        if (request.queryParam("filter").isPresent()) {
            throw new ForbiddenException("/" + endpoint + " does not support filtering (RFC 7644 §4).");
        }
        String id = request.resourceId();
        String base = request.baseUrl();
        return switch (endpoint) {
            case SERVICE_PROVIDER_CONFIG -> {
                if (id != null) {
                    throw notFound("/" + SERVICE_PROVIDER_CONFIG + "/" + id);
                }
                yield ok(serviceProviderConfig(base));
            }
            case RESOURCE_TYPES -> id == null
                    ? ok(list(resourceTypes(request.tenant()).stream().map(type -> resourceType(type, base)).toList()))
                    : ok(resourceType(findResourceType(request.tenant(), id), base));
            default -> id == null
                    ? ok(list(schemas(request.tenant()).stream().map(schema -> schema(schema, base)).toList()))
                    : ok(schema(findSchema(request.tenant(), id), base));
        };
    }

    /** What the server supports, as implemented (RFC 7643 §5). */
    ObjectNode serviceProviderConfig(String base) {
        ObjectNode config = Json.object();
        config.putArray("schemas").add(SERVICE_PROVIDER_CONFIG_URN);
        if (documentationUri != null) {
            config.put("documentationUri", documentationUri);
        }
        // maxMemberChanges: member additions and removals one request may carry (400 tooMany above it).
        config.putObject("patch").put("supported", true).put("maxMemberChanges", Budgets.MEMBER_CHANGES);
        // No bulk endpoint; maxPayloadSize states the request size limit every endpoint applies (413 above it).
        config.putObject("bulk").put("supported", false).put("maxOperations", 0)
                .put("maxPayloadSize", UsersService.MAX_BODY_BYTES);
        // maxResults: the largest page. maxScanned: what a filter no index answers may read per request
        // (docs/scale.md); RFC 9865 pagination: index and cursor paging, cursors hold a position and never expire.
        config.putObject("filter").put("supported", true).put("maxResults", ListParameters.MAX_RESULTS)
                .put("maxScanned", Budgets.SCAN_ITEMS);
        config.putObject("pagination").put("cursor", true).put("index", true)
                .put("defaultPaginationMethod", "index")
                .put("defaultPageSize", ListParameters.MAX_RESULTS)
                .put("maxPageSize", ListParameters.MAX_RESULTS);
        // Passwords are accepted and never kept, so there is nothing to change.
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        // Weak ETags on every resource (meta.version and the ETag header); If-Match is honoured.
        config.putObject("etag").put("supported", true);
        ObjectNode bearer = config.putArray("authenticationSchemes").addObject();
        bearer.put("type", "oauthbearertoken")
                .put("name", "Bearer token")
                .put("description", "A bearer token issued to the tenant by the operator of this service, "
                        + "sent as 'Authorization: Bearer <token>'.")
                .put("specUri", BEARER_SPEC_URI)
                .put("primary", true);
        if (documentationUri != null) {
            bearer.put("documentationUri", documentationUri);
        }
        config.set("meta", meta(SERVICE_PROVIDER_CONFIG, base + "/" + SERVICE_PROVIDER_CONFIG));
        return config;
    }

    /** User (with the tenant's extensions: one read), then Group. */
    private List<ResourceType> resourceTypes(String tenant) {
        return List.of(userType(tenant), CoreSchemas.GROUP_TYPE);
    }

    private ResourceType findResourceType(String tenant, String name) throws ResourceNotFoundException {
        if (name.equalsIgnoreCase(CoreSchemas.GROUP_TYPE.name())) {
            return CoreSchemas.GROUP_TYPE;
        }
        if (name.equalsIgnoreCase(CoreSchemas.USER_TYPE.name())) {
            return userType(tenant);
        }
        throw notFound("Resource type '" + shorten(name) + "'");
    }

    private ResourceType userType(String tenant) {
        return TenantUserRules.rulesFor(extensions.load(tenant)).type();
    }

    /** The core User and Group schemas, the enterprise extension, then the tenant's extensions. */
    private List<Schema> schemas(String tenant) {
        List<Schema> all = new ArrayList<>(builtIn());
        all.addAll(extensions.load(tenant));
        return all;
    }

    private Schema findSchema(String tenant, String id) throws ResourceNotFoundException {
        Optional<Schema> builtIn = builtIn().stream().filter(schema -> schema.id().equalsIgnoreCase(id)).findFirst();
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        return extensions.load(tenant).stream()
                .filter(schema -> schema.id().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> notFound("Schema '" + shorten(id) + "'"));
    }

    private static List<Schema> builtIn() {
        return List.of(CoreSchemas.USER, CoreSchemas.GROUP, CoreSchemas.ENTERPRISE_USER);
    }

    private static ObjectNode resourceType(ResourceType type, String base) {
        ObjectNode json = type.toJson();
        json.set("meta", meta("ResourceType", base + "/" + RESOURCE_TYPES + "/" + type.name()));
        return json;
    }

    private static ObjectNode schema(Schema schema, String base) {
        ObjectNode json = schema.toJson();
        if (schema.id().equals(CoreSchemas.USER_URN) || schema.id().equals(CoreSchemas.GROUP_URN)) {
            // A common attribute (RFC 7643 §3.1) no schema must list, but may: Microsoft's validator counts the
            // attributes it maps (displayName, externalId, members for groups) against this document.
            ArrayNode attributes = (ArrayNode) json.get("attributes");
            boolean listed = false;
            for (var attribute : attributes) {
                listed |= attribute.path("name").asText().equals("externalId");
            }
            if (!listed) {
                CoreSchemas.COMMON_ATTRIBUTES.stream().filter(a -> a.name().equals("externalId")).findFirst()
                        .ifPresent(externalId -> attributes.insert(0, externalId.toJson()));
            }
        }
        json.set("meta", meta("Schema", base + "/" + SCHEMAS + "/" + schema.id()));
        return json;
    }

    private static ObjectNode meta(String resourceType, String location) {
        ObjectNode meta = Json.object();
        meta.put("resourceType", resourceType);
        meta.put("location", location);
        return meta;
    }

    /** The ListResponse envelope; every resource at once, so one page from index 1. */
    private static ObjectNode list(List<ObjectNode> resources) {
        ObjectNode body = Json.object();
        body.putArray("schemas").add(UsersService.LIST_SCHEMA);
        body.put("totalResults", resources.size());
        body.put("itemsPerPage", resources.size());
        body.put("startIndex", 1);
        ArrayNode list = body.putArray("Resources");
        resources.forEach(list::add);
        return body;
    }

    private static ScimResponse ok(ObjectNode body) {
        return ScimResponse.json(200, Json.write(body));
    }

    private static ResourceNotFoundException notFound(String what) {
        return new ResourceNotFoundException(what + " not found.");
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
