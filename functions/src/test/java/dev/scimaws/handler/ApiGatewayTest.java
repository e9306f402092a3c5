package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import dev.scimaws.scim.Actor;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimRequest;
import dev.scimaws.scim.ScimResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApiGatewayTest {

    private static APIGatewayProxyRequestEvent event(String tenant) {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withPath("/v2/scim/v2/Users/abc")
                .withStage("v2")
                .withRequestId("req-42");
        if (tenant != null) {
            context.setAuthorizer(Map.of("tenant", tenant, "principalId", tenant));
        }
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("get")
                .withPath("/scim/v2/Users/abc")
                .withPathParameters(Map.of("id", "abc"))
                .withHeaders(Map.of("Host", "api.example.com"))
                .withQueryStringParameters(Map.of("attributes", "userName"))
                .withRequestContext(context);
    }

    @Test
    void requestCarriesTenantIdAndBaseUrlFromStagePath() {
        AtomicReference<ScimRequest> seen = new AtomicReference<>();
        ApiGateway.serve(event("acme"), null, "Users", request -> {
            seen.set(request);
            return ScimResponse.noContent();
        });
        assertThat(seen.get().tenant()).isEqualTo("acme");
        assertThat(seen.get().method()).isEqualTo("GET");
        assertThat(seen.get().resourceId()).isEqualTo("abc");
        assertThat(seen.get().baseUrl()).isEqualTo("https://api.example.com/v2/scim/v2");
        assertThat(seen.get().queryParam("attributes")).contains("userName");
        assertThat(seen.get().header("host")).contains("api.example.com");
    }

    @Test
    void theAuthorizersTokenIdIsTheWriterWhileTheRequestIsServedAndOnlyThen() {
        APIGatewayProxyRequestEvent event = event("acme");
        event.getRequestContext().setAuthorizer(Map.of("tenant", "acme", "principalId", "acme",
                TokenAuthorizerHandler.TOKEN_ID_CONTEXT_KEY, "0123456789ab"));
        AtomicReference<ScimRequest> seen = new AtomicReference<>();
        AtomicReference<String> writer = new AtomicReference<>();
        ApiGateway.serve(event, null, "Users", request -> {
            seen.set(request);
            writer.set(Actor.current().orElse(null));
            return ScimResponse.noContent();
        });
        assertThat(seen.get().tokenId()).isEqualTo("0123456789ab");
        assertThat(writer.get()).isEqualTo("0123456789ab");
        assertThat(Actor.current()).isEmpty();
    }

    @Test
    void missingTenantIs401InScimJson() throws Exception {
        APIGatewayProxyResponseEvent response = ApiGateway.serve(event(null), null, "Users",
                request -> ScimResponse.noContent());
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/scim+json");
        assertThat(Json.MAPPER.readTree(response.getBody()).get("status").textValue()).isEqualTo("401");
    }

    @Test
    void scimExceptionBecomesRfcErrorWithStringStatus() throws Exception {
        APIGatewayProxyResponseEvent response = ApiGateway.serve(event("acme"), null, "Users", request -> {
            throw new ResourceNotFoundException("User 'abc' not found.");
        });
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(body.get("schemas").get(0).textValue()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").textValue()).isEqualTo("404");
        assertThat(body.get("detail").textValue()).isNotBlank();
    }

    @Test
    void unexpectedFailureIsGeneric500WithRequestIdAndCauseOnlyInTheLog() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true));
        APIGatewayProxyResponseEvent response;
        try {
            response = ApiGateway.serve(event("acme"), null, "Users", request -> {
                throw new IllegalStateException("secret internals at dev.scimaws.Something");
            });
        } finally {
            System.setOut(original);
        }
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).contains("req-42").doesNotContain("secret internals").doesNotContain("at dev.");
        assertThat(log.toString()).contains("secret internals").contains("req-42");
    }
}
