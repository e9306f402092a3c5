package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import dev.scimaws.priming.Priming;
import dev.scimaws.scim.DiscoveryService;
import dev.scimaws.scim.ExtensionSchemaStore;
import dev.scimaws.store.DynamoExtensionSchemaStore;
import java.util.Map;

/**
 * Serves the read-only discovery endpoints {@code /scim/v2/ServiceProviderConfig},
 * {@code /scim/v2/ResourceTypes[/{id}]} and {@code /scim/v2/Schemas[/{id}]} for the tenant the authorizer
 * put in the context; the path tells which. Needs read access to the table (the tenant's extension schemas).
 */
public final class DiscoveryHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** Optional: a URL where the operator documents the service, advertised in ServiceProviderConfig. */
    public static final String DOCUMENTATION_URI_ENV = "SCIM_DOCUMENTATION_URI";

    private final DiscoveryService discovery;
    private final Priming priming;

    public DiscoveryHandler() {
        this(Wiring.fromEnvironment(), System.getenv(DOCUMENTATION_URI_ENV));
    }

    public DiscoveryHandler(Wiring wiring) {
        this(wiring, null);
    }

    public DiscoveryHandler(Wiring wiring, String documentationUriOrNull) {
        this(new DynamoExtensionSchemaStore(wiring.dynamo(), wiring.tableName(), wiring.clock()), documentationUriOrNull,
                wiring.initializationType());
    }

    /** With any schema store: unit tests use a fake. */
    DiscoveryHandler(ExtensionSchemaStore extensions, String documentationUriOrNull) {
        this(extensions, documentationUriOrNull, null);
    }

    private DiscoveryHandler(ExtensionSchemaStore extensions, String documentationUriOrNull, String initializationType) {
        this.discovery = new DiscoveryService(extensions, documentationUriOrNull);
        this.priming = Priming.register(this::prime, initializationType, Log::primingFailed);
    }

    /** Reads only: every document, a 404 and a 405; one Query for the priming tenant's (absent) schemas. */
    void prime() {
        handleRequest(ApiGateway.primingEvent("GET", DiscoveryService.SERVICE_PROVIDER_CONFIG, null, null, null), null);
        handleRequest(ApiGateway.primingEvent("GET", DiscoveryService.RESOURCE_TYPES, null, null, null), null);
        handleRequest(ApiGateway.primingEvent("GET", DiscoveryService.SCHEMAS, null, null, null), null);
        handleRequest(ApiGateway.primingEvent("GET", DiscoveryService.SCHEMAS, "urn:example:priming:User", null, null), null);
        handleRequest(ApiGateway.primingEvent("POST", DiscoveryService.SCHEMAS, null, Map.of(), "{}"), null);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiGateway.resourceSegment(event, DiscoveryService.SEGMENTS)
                .map(endpoint -> ApiGateway.serve(event, context, endpoint,
                        request -> discovery.handle(request, endpoint)))
                .orElseGet(() -> ApiGateway.serve(event, context, "", request -> {
                    throw new ResourceNotFoundException("This function serves /ServiceProviderConfig, "
                            + "/ResourceTypes and /Schemas only.");
                }));
    }
}
