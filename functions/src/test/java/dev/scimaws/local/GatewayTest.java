package dev.scimaws.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayTest {

    private static final String USERS_ARN = "arn:aws:execute-api:us-east-1:000000000000:local/scim/GET/v2/Users";

    @Test
    void buildsTheMethodArnFromMethodAndPath() {
        assertThat(Gateway.methodArn("GET", "/scim/v2/Users")).isEqualTo(USERS_ARN);
        assertThat(Gateway.authorizerEvent("PATCH", "/scim/v2/Users/7", "Bearer x").getMethodArn())
                .isEqualTo("arn:aws:execute-api:us-east-1:000000000000:local/scim/PATCH/v2/Users/7");
    }

    @Test
    void decodesQueryParametersAsApiGatewayDoes() {
        Map<String, List<String>> query = Gateway.parseQuery("filter=userName%20eq%20%22jane%40x.org%22&startIndex=1&count=100&attributes=a&attributes=b+c&flag");

        assertThat(query).containsEntry("filter", List.of("userName eq \"jane@x.org\""))
                .containsEntry("startIndex", List.of("1"))
                .containsEntry("attributes", List.of("a", "b c"))
                .containsEntry("flag", List.of(""));
        assertThat(Gateway.parseQuery(null)).isNull();
        assertThat(Gateway.parseQuery("")).isNull();
        assertThatThrownBy(() -> Gateway.parseQuery("filter=%zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoresTheUsualHeaderSpelling() {
        assertThat(Gateway.canonicalHeaderName("Content-type")).isEqualTo("Content-Type");
        assertThat(Gateway.canonicalHeaderName("if-match")).isEqualTo("If-Match");
        assertThat(Gateway.canonicalHeaderName("AUTHORIZATION")).isEqualTo("Authorization");
    }

    @Test
    void allowsOnlyWhatThePolicyAllows() {
        assertThat(Gateway.allows(policy(IamPolicyResponseV1.allowStatement("arn:aws:execute-api:us-east-1:000000000000:local/scim/*")), USERS_ARN)).isTrue();
        assertThat(Gateway.allows(policy(IamPolicyResponseV1.allowStatement("arn:aws:execute-api:us-east-1:000000000000:local/scim/GET/v2/Users")),
                "arn:aws:execute-api:us-east-1:000000000000:local/scim/GET/v2/Users/7")).isFalse();
        assertThat(Gateway.allows(policy(IamPolicyResponseV1.allowStatement("arn:aws:execute-api:us-east-1:000000000000:other/scim/*")), USERS_ARN)).isFalse();
        assertThat(Gateway.allows(policy(IamPolicyResponseV1.allowStatement("*"), IamPolicyResponseV1.denyStatement(USERS_ARN)), USERS_ARN)).isFalse();
        assertThat(Gateway.allows(policy(), USERS_ARN)).isFalse();
        assertThat(Gateway.allows(null, USERS_ARN)).isFalse();
    }

    @Test
    void buildsTheRestProxyEvent() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-type", List.of("application/scim+json"));
        headers.put("Host", List.of("127.0.0.1:8080"));
        headers.put("Accept", List.of("application/scim+json", "application/json"));
        Gateway.HttpRequest request = new Gateway.HttpRequest("PUT", "/scim/v2/Users/abc", "attributes=userName", headers,
                "{\"userName\":\"x\"}", "127.0.0.1", 8080);
        Map<String, Object> authorizer = Gateway.authorizerContext(IamPolicyResponseV1.builder()
                .withPrincipalId("local").withContext(Map.of("tenant", "local")).build());

        APIGatewayProxyRequestEvent event = Gateway.proxyEvent(request, new Gateway.Route("Users", "/v2/Users/{id}", "abc"), authorizer);

        assertThat(event.getResource()).isEqualTo("/v2/Users/{id}");
        assertThat(event.getPath()).isEqualTo("/scim/v2/Users/abc");
        assertThat(event.getHttpMethod()).isEqualTo("PUT");
        assertThat(event.getPathParameters()).isEqualTo(Map.of("id", "abc"));
        assertThat(event.getQueryStringParameters()).isEqualTo(Map.of("attributes", "userName"));
        assertThat(event.getMultiValueQueryStringParameters()).isEqualTo(Map.of("attributes", List.of("userName")));
        assertThat(event.getHeaders()).containsEntry("Content-Type", "application/scim+json")
                .containsEntry("Accept", "application/json")
                .containsEntry("X-Forwarded-For", "127.0.0.1")
                .containsEntry("X-Forwarded-Proto", "http");
        assertThat(event.getMultiValueHeaders().get("Accept")).containsExactly("application/scim+json", "application/json");
        assertThat(event.getBody()).isEqualTo("{\"userName\":\"x\"}");
        assertThat(event.getIsBase64Encoded()).isFalse();
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        assertThat(context.getPath()).isEqualTo("/scim/v2/Users/abc");
        assertThat(context.getStage()).isEqualTo(Gateway.STAGE);
        assertThat(context.getHttpMethod()).isEqualTo("PUT");
        assertThat(context.getRequestId()).hasSize(36);
        assertThat(context.getIdentity().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getAuthorizer()).containsEntry("tenant", "local").containsEntry("principalId", "local");
    }

    @Test
    void sendsNullsWhereApiGatewayDoes() {
        Gateway.HttpRequest request = new Gateway.HttpRequest("GET", "/scim/v2/Users", null, Map.of(), "", "127.0.0.1", 8080);

        APIGatewayProxyRequestEvent event = Gateway.proxyEvent(request, new Gateway.Route("Users", "/v2/Users", null), Map.of());

        assertThat(event.getQueryStringParameters()).isNull();
        assertThat(event.getMultiValueQueryStringParameters()).isNull();
        assertThat(event.getPathParameters()).isNull();
        assertThat(event.getBody()).isNull();
    }

    @Test
    void routesOnlyTheApisResources() {
        assertThat(LocalApi.route("/scim/v2/Users")).isEqualTo(new Gateway.Route("Users", "/v2/Users", null));
        assertThat(LocalApi.route("/scim/v2/Users/")).isEqualTo(new Gateway.Route("Users", "/v2/Users", null));
        assertThat(LocalApi.route("/scim/v2/Users/a b")).isEqualTo(new Gateway.Route("Users", "/v2/Users/{id}", "a b"));
        assertThat(LocalApi.route("/scim/v2/ServiceProviderConfig")).isEqualTo(new Gateway.Route("ServiceProviderConfig", "/v2/ServiceProviderConfig", null));
        assertThat(LocalApi.route("/scim/v2/ServiceProviderConfig/x")).isNull();
        assertThat(LocalApi.route("/scim/v2/Users/a/b")).isNull();
        assertThat(LocalApi.route("/scim/v2//Users")).isNull();
        assertThat(LocalApi.route("/scim/v2")).isNull();
        assertThat(LocalApi.route("/Users")).isNull();
    }

    private static IamPolicyResponseV1 policy(IamPolicyResponseV1.Statement... statements) {
        return IamPolicyResponseV1.builder().withPrincipalId("p")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17).withStatement(List.of(statements)).build())
                .build();
    }
}
