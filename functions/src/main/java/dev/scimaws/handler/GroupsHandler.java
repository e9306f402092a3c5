package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimaws.priming.Priming;
import dev.scimaws.scim.GroupsService;
import dev.scimaws.scim.SchemaResourceRules;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.store.DynamoGroupStore;
import java.util.Map;
import java.util.UUID;

/** Serves /scim/v2/Groups and /scim/v2/Groups/{id} for the tenant the authorizer put in the context. */
public final class GroupsHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final GroupsService groups;
    private final Wiring wiring;
    private final Priming priming;

    public GroupsHandler() {
        this(Wiring.fromEnvironment());
    }

    public GroupsHandler(Wiring wiring) {
        this.groups = service(wiring);
        this.wiring = wiring;
        this.priming = Priming.register(this::prime, wiring.initializationType(), Log::primingFailed);
    }

    static GroupsService service(Wiring wiring) {
        return new GroupsService(new DynamoGroupStore(wiring.dynamo(), wiring.tableName(), wiring.clock()),
                new SchemaResourceRules(CoreSchemas.GROUP_TYPE), wiring.clock());
    }

    /**
     * Reads only from the table: Okta's link filter (a miss), a 404, a membership PATCH on an unknown group, a
     * rejected body. Every other path runs against an in-memory table ({@link dev.scimaws.priming.PrimingScenario}): nothing is written.
     */
    void prime() {
        handleRequest(ApiGateway.primingEvent("GET", "Groups", null,
                Map.of("filter", "displayName eq \"priming\"", "excludedAttributes", "members"), null), null);
        handleRequest(ApiGateway.primingEvent("GET", "Groups", UUID.randomUUID().toString(), null, null), null);
        handleRequest(ApiGateway.primingEvent("PATCH", "Groups", UUID.randomUUID().toString(), null,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                        + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + UUID.randomUUID() + "\\\"]\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + UUID.randomUUID() + "\"}]},"
                        + "{\"op\":\"replace\",\"value\":{\"displayName\":\"priming\"}}]}"), null);
        handleRequest(ApiGateway.primingEvent("POST", "Groups", null, null, "{\"displayName\": 42}"), null);
        ApiGateway.primeInMemory(wiring);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiGateway.serve(event, context, "Groups", groups::handle);
    }
}
