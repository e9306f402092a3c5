package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.auth.Tokens;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorizer against the engine, fed the sample events from events/authorizer. */
class TokenAuthorizerHandlerIT {

    private static Tokens tokens;
    private static TokenAuthorizerHandler authorizer;

    @BeforeAll
    static void wire() {
        DynamoEngine engine = DynamoEngine.get();
        Wiring wiring = new Wiring(engine.client(), engine.createTable("authorizer-it"), Clock.systemUTC());
        tokens = new Tokens(new DynamoTokenStore(wiring.dynamo(), wiring.tableName()), wiring.clock());
        authorizer = new TokenAuthorizerHandler(wiring);
    }

    @Test
    void allowsAnIssuedTokenForTheWholeApiWithTheTenantInTheContext() throws Exception {
        String token = tokens.issue("acme", "okta").token();
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class,
                Map.of("SCIM_TOKEN", token));

        IamPolicyResponseV1 policy = authorizer.handleRequest(event, null);

        // Asserted on the JSON Lambda hands to API Gateway, through Lambda's own serialiser.
        JsonNode json = new ObjectMapper().readTree(Events.toJson(policy));
        assertThat(json.path("principalId").asText()).isEqualTo("acme");
        assertThat(json.path("context").path("tenant").asText()).isEqualTo("acme");
        JsonNode statements = json.path("policyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(statement.path("Resource").toString())
                .contains("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/scim/*");
    }

    @Test
    void contextCarriesThePublicTokenIdNeverTheToken() throws Exception {
        Tokens.Issued issued = tokens.issue("acme", "admin script");
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class,
                Map.of("SCIM_TOKEN", issued.token()));

        JsonNode context = new ObjectMapper().readTree(Events.toJson(authorizer.handleRequest(event, null))).path("context");

        assertThat(context.path(TokenAuthorizerHandler.TOKEN_ID_CONTEXT_KEY).asText()).isEqualTo(issued.record().id()).hasSize(12);
        assertThat(context.toString()).doesNotContain(issued.token());
    }

    @Test
    void rejectsATokenThatWasNeverIssued() {
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/deny.json", APIGatewayCustomAuthorizerEvent.class, Map.of());

        assertThatThrownBy(() -> authorizer.handleRequest(event, null)).hasMessage("Unauthorized");
    }

    @Test
    void rejectsAMissingHeader() {
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/deny.json", APIGatewayCustomAuthorizerEvent.class, Map.of());
        event.setAuthorizationToken(null);

        assertThatThrownBy(() -> authorizer.handleRequest(event, null)).hasMessage("Unauthorized");
    }

    @Test
    void rejectsARevokedToken() {
        Tokens.Issued issued = tokens.issue("acme", "to revoke");
        assertThat(tokens.revoke("acme", issued.record().id())).isTrue();
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class,
                Map.of("SCIM_TOKEN", issued.token()));

        assertThatThrownBy(() -> authorizer.handleRequest(event, null)).hasMessage("Unauthorized");
    }

    @Test
    void rejectsAnIssuedTokenSentWithAnotherScheme() {
        String token = tokens.issue("acme", "basic").token();
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class,
                Map.of("SCIM_TOKEN", token));
        event.setAuthorizationToken("Basic " + token);

        assertThatThrownBy(() -> authorizer.handleRequest(event, null)).hasMessage("Unauthorized");
    }
}
