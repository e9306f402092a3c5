package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyRequest;
import software.amazon.awssdk.services.apigateway.model.CreateUsagePlanKeyRequest;
import software.amazon.awssdk.services.apigateway.model.DeleteApiKeyRequest;
import software.amazon.awssdk.services.apigateway.model.DeleteUsagePlanKeyRequest;
import software.amazon.awssdk.services.apigateway.model.GetApiKeysRequest;
import software.amazon.awssdk.services.apigateway.model.GetUsagePlansRequest;

/**
 * The API Gateway calls of the real implementation, captured as the SDK builds them (an interceptor) and
 * answered by a scripted HTTP client in API Gateway's JSON: no network, the real SDK client.
 */
class ApiGatewayTenantKeysTest {

    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    private ApiGatewayTenantKeys keys(Function<SdkHttpRequest, String> answers) {
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request());
            }
        };
        SdkHttpClient http = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        byte[] body = answers.apply(request.httpRequest()).getBytes(StandardCharsets.UTF_8);
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder().statusCode(body.length == 0 ? 202 : 200)
                                        .putHeader("Content-Type", "application/json").build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                                .build();
                    }

                    @Override
                    public void abort() {
                        // answered synchronously
                    }
                };
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        return new ApiGatewayTenantKeys(ApiGatewayClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .endpointOverride(URI.create("http://apigateway.invalid"))
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture))
                .build(), "scim-table");
    }

    private static String route(SdkHttpRequest request) {
        return request.method() + " " + request.encodedPath();
    }

    @Test
    void aTenantsFirstKeyIsCreatedEnabledAndAddedToThePlan() {
        TenantApiKeys.Key key = keys(request -> switch (route(request)) {
            case "GET /apikeys" -> "{\"item\":[{\"id\":\"other\",\"name\":\"scim-scim-table-acme-corp\",\"value\":\"x\"}]}";
            case "POST /apikeys" -> "{\"id\":\"k1\",\"name\":\"scim-scim-table-acme\",\"value\":\"v1\",\"enabled\":true}";
            case "GET /usageplans" -> "{\"item\":[]}";
            case "POST /usageplans/plan-default/keys" -> "{\"id\":\"k1\",\"type\":\"API_KEY\"}";
            default -> throw new AssertionError("unexpected " + route(request));
        }).ensureInPlan("acme", "plan-default");

        assertThat(key).isEqualTo(new TenantApiKeys.Key("k1", "v1"));
        assertThat(key.toString()).doesNotContain("v1");
        assertThat(requests).hasSize(4);
        GetApiKeysRequest lookup = (GetApiKeysRequest) requests.get(0);
        assertThat(lookup.nameQuery()).isEqualTo("scim-scim-table-acme");
        assertThat(lookup.includeValues()).isTrue();
        CreateApiKeyRequest create = (CreateApiKeyRequest) requests.get(1);
        assertThat(create.name()).isEqualTo("scim-scim-table-acme");
        assertThat(create.enabled()).isTrue();
        assertThat(create.value()).as("API Gateway generates the value").isNull();
        assertThat(((GetUsagePlansRequest) requests.get(2)).keyId()).isEqualTo("k1");
        CreateUsagePlanKeyRequest add = (CreateUsagePlanKeyRequest) requests.get(3);
        assertThat(add.usagePlanId()).isEqualTo("plan-default");
        assertThat(add.keyId()).isEqualTo("k1");
        assertThat(add.keyType()).isEqualTo("API_KEY");
    }

    @Test
    void anExistingKeyMovesOutOfItsOldPlanIntoTheNewOne() {
        TenantApiKeys.Key key = keys(request -> switch (route(request)) {
            case "GET /apikeys" -> "{\"item\":[{\"id\":\"k1\",\"name\":\"scim-scim-table-acme\",\"value\":\"v1\"}]}";
            case "GET /usageplans" -> "{\"item\":[{\"id\":\"plan-default\"}]}";
            case "DELETE /usageplans/plan-default/keys/k1" -> "";
            case "POST /usageplans/plan-large/keys" -> "{\"id\":\"k1\",\"type\":\"API_KEY\"}";
            default -> throw new AssertionError("unexpected " + route(request));
        }).ensureInPlan("acme", "plan-large");

        assertThat(key.id()).isEqualTo("k1");
        assertThat(requests).extracting(request -> request.getClass().getSimpleName()).containsExactly(
                "GetApiKeysRequest", "GetUsagePlansRequest", "DeleteUsagePlanKeyRequest", "CreateUsagePlanKeyRequest");
        DeleteUsagePlanKeyRequest leave = (DeleteUsagePlanKeyRequest) requests.get(2);
        assertThat(leave.usagePlanId()).isEqualTo("plan-default");
        assertThat(leave.keyId()).isEqualTo("k1");
    }

    @Test
    void aKeyAlreadyInThePlanIsLeftAsItIs() {
        keys(request -> switch (route(request)) {
            case "GET /apikeys" -> "{\"item\":[{\"id\":\"k1\",\"name\":\"scim-scim-table-acme\",\"value\":\"v1\"}]}";
            case "GET /usageplans" -> "{\"item\":[{\"id\":\"plan-default\"}]}";
            default -> throw new AssertionError("unexpected " + route(request));
        }).ensureInPlan("acme", "plan-default");

        assertThat(requests).hasSize(2);
    }

    @Test
    void removingDeletesTheKeyWhichLeavesItsPlan() {
        boolean removed = keys(request -> switch (route(request)) {
            case "GET /apikeys" -> "{\"item\":[{\"id\":\"k1\",\"name\":\"scim-scim-table-acme\",\"value\":\"v1\"}]}";
            case "DELETE /apikeys/k1" -> "";
            default -> throw new AssertionError("unexpected " + route(request));
        }).remove("acme");

        assertThat(removed).isTrue();
        assertThat(((DeleteApiKeyRequest) requests.get(1)).apiKey()).isEqualTo("k1");
    }

    @Test
    void removingATenantWithoutAKeyCallsNothingElse() {
        boolean removed = keys(request -> switch (route(request)) {
            case "GET /apikeys" -> "{\"item\":[]}";
            default -> throw new AssertionError("unexpected " + route(request));
        }).remove("acme");

        assertThat(removed).isFalse();
        assertThat(requests).hasSize(1);
    }
}
