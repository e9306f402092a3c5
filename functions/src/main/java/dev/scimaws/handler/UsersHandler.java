package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimaws.priming.Priming;
import dev.scimaws.scim.TenantUserRules;
import dev.scimaws.scim.UsersService;
import dev.scimaws.store.DynamoExtensionSchemaStore;
import dev.scimaws.store.DynamoUserStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Serves /scim/v2/Users and /scim/v2/Users/{id} for the tenant the authorizer put in the context. */
public final class UsersHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final UsersService users;
    private final Wiring wiring;
    private final Priming priming;

    public UsersHandler() {
        this(Wiring.fromEnvironment());
    }

    public UsersHandler(Wiring wiring) {
        this(wiring, TenantUserRules.DEFAULT_TTL);
    }

    /**
     * @param schemaCacheTtl how long a tenant's extension schemas are reused before they are read again
     *     (see {@link TenantUserRules}); tests that change schemas mid-way pass {@link Duration#ZERO}
     */
    public UsersHandler(Wiring wiring, Duration schemaCacheTtl) {
        this.users = service(wiring, schemaCacheTtl);
        this.wiring = wiring;
        this.priming = Priming.register(this::prime, wiring.initializationType(), Log::primingFailed);
    }

    static UsersService service(Wiring wiring, Duration schemaCacheTtl) {
        return new UsersService(
                new DynamoUserStore(wiring.dynamo(), wiring.tableName(), wiring.clock()),
                new TenantUserRules(new DynamoExtensionSchemaStore(wiring.dynamo(), wiring.tableName(), wiring.clock()),
                        schemaCacheTtl, wiring.clock()),
                wiring.clock());
    }

    /**
     * Reads only from the table: a filter miss, a 404, and a rejected body. Every other path (hits, writes,
     * conflicts, a user's groups) runs against an in-memory table ({@link dev.scimaws.priming.PrimingScenario}): nothing is written.
     */
    void prime() {
        handleRequest(ApiGateway.primingEvent("GET", "Users", null,
                Map.of("filter", "userName eq \"priming@example.invalid\"", "startIndex", "1", "count", "100"), null), null);
        handleRequest(ApiGateway.primingEvent("GET", "Users", UUID.randomUUID().toString(), null, null), null);
        handleRequest(ApiGateway.primingEvent("PATCH", "Users", UUID.randomUUID().toString(), null,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"), null);
        handleRequest(ApiGateway.primingEvent("POST", "Users", null, null, "{\"userName\": 42}"), null);
        ApiGateway.primeInMemory(wiring);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiGateway.serve(event, context, "Users", users::handle);
    }
}
