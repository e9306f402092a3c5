package dev.scimaws.admin;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiKey;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;

/**
 * {@link TenantApiKeys} in API Gateway. A tenant's key is named {@code scim-<table>-<tenant>}: the table
 * name is unique per deployment, so two deployments in one account never share a key.
 *
 * <p>The {@code apigateway} SDK module is a {@code provided} dependency: on the token command's classpath,
 * not in the Lambda jar (it would add about 3 MB to every function for a command no function runs). This
 * class is only loaded by {@link TokenAdmin}.
 */
public final class ApiGatewayTenantKeys implements TenantApiKeys {

    private static final String API_KEY_TYPE = "API_KEY";

    private final ApiGatewayClient apiGateway;
    private final String namePrefix;

    public ApiGatewayTenantKeys(ApiGatewayClient apiGateway, String tableName) {
        this.apiGateway = apiGateway;
        this.namePrefix = "scim-" + tableName + "-";
    }

    /** Region and credentials from the SDK's default chains, like every client of the command. */
    public static ApiGatewayTenantKeys fromEnvironment(String tableName) {
        return new ApiGatewayTenantKeys(ApiGatewayClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                tableName);
    }

    @Override
    public TenantApiKeys.Key ensureInPlan(String tenant, String usagePlanId) {
        ApiKey key = find(tenant).orElseGet(() -> {
            var created = apiGateway.createApiKey(b -> b.name(keyName(tenant))
                    .description("SCIM tenant " + tenant + ": its usage plan limits the tenant's requests")
                    .enabled(true));
            return ApiKey.builder().id(created.id()).value(created.value()).name(created.name()).build();
        });
        List<UsagePlan> plans = apiGateway.getUsagePlansPaginator(b -> b.keyId(key.id())).items().stream().toList();
        for (UsagePlan plan : plans) {
            if (!plan.id().equals(usagePlanId)) {
                apiGateway.deleteUsagePlanKey(b -> b.usagePlanId(plan.id()).keyId(key.id()));
            }
        }
        if (plans.stream().noneMatch(plan -> plan.id().equals(usagePlanId))) {
            apiGateway.createUsagePlanKey(b -> b.usagePlanId(usagePlanId).keyId(key.id()).keyType(API_KEY_TYPE));
        }
        return new TenantApiKeys.Key(key.id(), key.value());
    }

    @Override
    public boolean remove(String tenant) {
        Optional<ApiKey> key = find(tenant);
        key.ifPresent(found -> apiGateway.deleteApiKey(b -> b.apiKey(found.id())));
        return key.isPresent();
    }

    /** The name query is a prefix match: the exact name decides. */
    private Optional<ApiKey> find(String tenant) {
        String name = keyName(tenant);
        return apiGateway.getApiKeysPaginator(b -> b.nameQuery(name).includeValues(true)).items().stream()
                .filter(key -> name.equals(key.name()))
                .findFirst();
    }

    String keyName(String tenant) {
        return namePrefix + tenant;
    }
}
