package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimaws.scim.BasicUserRules;
import dev.scimaws.scim.UsersService;
import dev.scimaws.store.DynamoResourceStore;
import dev.scimaws.store.ResourceKind;

/** Serves /scim/v2/Users and /scim/v2/Users/{id} for the tenant the authorizer put in the context. */
public final class UsersHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final UsersService users;

    public UsersHandler() {
        this(Wiring.fromEnvironment());
    }

    public UsersHandler(Wiring wiring) {
        this.users = new UsersService(
                new DynamoResourceStore(wiring.dynamo(), wiring.tableName(), ResourceKind.USER, wiring.clock()),
                new BasicUserRules(), wiring.clock());
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiGateway.serve(event, context, "Users", users::handle);
    }
}
