package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.priming.InMemoryDynamoDb;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.Events;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The schedule's pings, loaded from events/keep-warm the way the Lambda runtime deserialises them. */
class KeepWarmTest {

    private final CallCounter calls = new CallCounter();
    private final Wiring wiring = new Wiring(DynamoDbClient.builder()
            .httpClient(new InMemoryDynamoDb())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .endpointOverride(URI.create("http://keep-warm.invalid"))
            .overrideConfiguration(config -> config.addExecutionInterceptor(calls))
            .build(), "keep-warm-test", Clock.systemUTC());

    @Test
    void eventFilesAreExactlyThePayloadsTheStackSchedules() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(Events.read(Events.dir().resolve("keep-warm/scim.json"))))
                .isEqualTo(json.valueToTree(KeepWarm.SCIM_PING));
        assertThat(json.readTree(Events.read(Events.dir().resolve("keep-warm/authorizer.json"))))
                .isEqualTo(json.valueToTree(KeepWarm.AUTHORIZER_PING));
    }

    @Test
    void scimHandlersAnswerAPingWith204AndNoDynamoDbCall() {
        APIGatewayProxyRequestEvent ping = Events.load("keep-warm/scim.json", APIGatewayProxyRequestEvent.class, Map.of());
        List<Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> handlers = List.of(
                event -> new UsersHandler(wiring).handleRequest(event, null),
                event -> new GroupsHandler(wiring).handleRequest(event, null),
                event -> new DiscoveryHandler(wiring).handleRequest(event, null));
        for (var handler : handlers) {
            APIGatewayProxyResponseEvent response = handler.apply(ping);
            assertThat(response.getStatusCode()).isEqualTo(204);
            assertThat(response.getBody()).isNull();
        }
        assertThat(calls.total()).isZero();
    }

    @Test
    void authorizerAnswersAPingWithADenyOnNothingAndNoDynamoDbCall() {
        APIGatewayCustomAuthorizerEvent ping = Events.load("keep-warm/authorizer.json", APIGatewayCustomAuthorizerEvent.class, Map.of());

        IamPolicyResponseV1 answer = new TokenAuthorizerHandler(wiring).handleRequest(ping, null);

        assertThat(answer.getPrincipalId()).isEqualTo(KeepWarm.MARKER);
        assertThat(answer.getContext()).isNullOrEmpty();
        assertThat(Events.toJson(answer)).contains("\"Effect\":\"Deny\"").doesNotContain("Allow");
        assertThat(calls.total()).isZero();
    }

    @Test
    void aRealRequestIsNeverTakenForAPing() {
        // API Gateway always sets resource to the route template and type to TOKEN.
        APIGatewayProxyRequestEvent request = new APIGatewayProxyRequestEvent().withResource("/v2/Users").withPath("/scim/v2/Users");
        assertThat(new UsersHandler(wiring).handleRequest(request, null).getStatusCode()).isEqualTo(401);

        APIGatewayCustomAuthorizerEvent token = new APIGatewayCustomAuthorizerEvent();
        token.setType("TOKEN");
        token.setAuthorizationToken("Bearer " + KeepWarm.MARKER);
        token.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:api/scim/GET/v2/Users");
        assertThatThrownBy(() -> new TokenAuthorizerHandler(wiring).handleRequest(token, null))
                .hasMessage(TokenAuthorizerHandler.UNAUTHORIZED);
    }
}
