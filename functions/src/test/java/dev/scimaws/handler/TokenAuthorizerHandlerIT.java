package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.auth.Tokens;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.ScimErrors;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import dev.scimaws.testing.Interference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The authorizer against the engine, fed the sample events from events/authorizer. */
class TokenAuthorizerHandlerIT {

    private static Tokens tokens;
    private static TokenAuthorizerHandler authorizer;
    private static String tokensTable;

    @BeforeAll
    static void wire() {
        DynamoEngine engine = DynamoEngine.get();
        tokensTable = engine.createTable("authorizer-it");
        Wiring wiring = new Wiring(engine.client(), tokensTable, Clock.systemUTC());
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

    /**
     * A token that cannot be read is not a bad token: the authorizer fails, so API Gateway answers its
     * AUTHORIZER_FAILURE response (503 with Retry-After, ScimApi) and the client retries. A deny would be a 401,
     * which an IdP such as Okta reports as invalid credentials. Never an Allow, never a 500.
     */
    @Test
    void aFailedTokenReadFailsTheAuthorizerSoTheGatewayAnswers503WithRetryAfterNeverAnAllowOrA401() throws Exception {
        Interference interference = new Interference();
        DynamoEngine engine = DynamoEngine.get();
        Wiring failing = new Wiring(engine.client(interference), tokensTable, Clock.systemUTC());
        TokenAuthorizerHandler flaky = new TokenAuthorizerHandler(failing);
        APIGatewayCustomAuthorizerEvent event = Events.load("authorizer/allow.json", APIGatewayCustomAuthorizerEvent.class,
                Map.of("SCIM_TOKEN", tokens.issue("acme", "flaky").token()));
        interference.fail("GetItem", 1, 1, () -> SdkClientException.create("Injected: read timed out"));

        // API Gateway maps only the message "Unauthorized" to 401; any other failure is AUTHORIZER_FAILURE.
        assertThatThrownBy(() -> flaky.handleRequest(event, null)).isInstanceOf(RuntimeException.class)
                .isNotInstanceOf(TokenAuthorizerHandler.UnauthorizedException.class)
                .extracting(Throwable::getMessage).isNotEqualTo(TokenAuthorizerHandler.UNAUTHORIZED);
        assertThat(interference.fired()).isEqualTo(1);
        assertThat(flaky.handleRequest(event, null).getPrincipalId()).as("the next request, the read working again").isEqualTo("acme");

        String handlerTable = engine.createTable("authorizer-fault-it");
        try (LocalApi api = LocalApi.start(0, new Wiring(engine.client(interference), handlerTable, Clock.systemUTC()),
                new Wiring(engine.client(), handlerTable, Clock.systemUTC()))) {
            interference.fail("GetItem", 1, 1, () -> SdkClientException.create("Injected: read timed out"));
            HttpResponse<String> failed = getUsers(api);
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.headers().firstValue("Retry-After")).hasValue(Integer.toString(ScimErrors.RETRY_AFTER_SECONDS));
            assertThat(new ObjectMapper().readTree(failed.body()).path("status").asText()).isEqualTo("503");
            assertThat(interference.fired()).isEqualTo(1);

            assertThat(getUsers(api).statusCode()).as("the retry, the read working again").isEqualTo(200);
        }
    }

    private static HttpResponse<String> getUsers(LocalApi api) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/Users"))
                .header("Authorization", "Bearer " + api.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
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
