package dev.scimaws.infra;

import static dev.scimaws.infra.Synth.map;
import static dev.scimaws.infra.Synth.props;
import static dev.scimaws.infra.Synth.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload in the template: API Gateway's own 429/503/504 answers carry {@code Retry-After} and a SCIM body,
 * per-tenant usage plans keyed by the authorizer's usage identifier, and reserved concurrency per function.
 */
class UsageLimitsStackTest {

    @TempDir
    Path workDir;

    private Synth synth(Map<String, Object> context) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "synth");
        return Synth.of(dir, context);
    }

    @Test
    void gatewayAnswersThatMeanRetryLaterCarryRetryAfterAndAScimBody() throws Exception {
        Map<String, Map<String, Object>> byType = new HashMap<>();
        for (Map<String, Object> response : synth(Map.of()).ofType("AWS::ApiGateway::GatewayResponse").values()) {
            byType.put((String) props(response).get("ResponseType"), props(response));
        }
        Map<String, String> retryLater = Map.of(
                "THROTTLED", "429", "QUOTA_EXCEEDED", "429",
                "AUTHORIZER_FAILURE", "503", "INTEGRATION_FAILURE", "503", "DEFAULT_5XX", "503",
                "INTEGRATION_TIMEOUT", "504");
        byType.forEach((type, response) -> {
            Map<String, Object> headers = map(response.get("ResponseParameters"));
            String status = (String) response.get("StatusCode");
            if (retryLater.containsKey(type)) {
                assertThat(status).as(type).isEqualTo(retryLater.get(type));
                String expected = type.equals("QUOTA_EXCEEDED") ? "'600'" : "'" + ScimApi.RETRY_AFTER_SECONDS + "'";
                assertThat(headers).as(type).containsEntry("gatewayresponse.header.Retry-After", expected);
            } else {
                assertThat(headers).as(type).doesNotContainKey("gatewayresponse.header.Retry-After");
                assertThat(status).as(type + ": only retryable answers are 429 or 503").isNotIn("429", "503", "504");
            }
        });
        assertThat(byType).containsKeys(retryLater.keySet().toArray(String[]::new));
        String body = map(byType.get("THROTTLED").get("ResponseTemplates")).get("application/json").toString();
        JsonNode error = Synth.JSON.readTree(body);
        assertThat(error.get("schemas").get(0).asText()).isEqualTo(ScimApi.ERROR_SCHEMA);
        assertThat(error.get("status").asText()).isEqualTo("429");
    }

    @Test
    void everyMethodBehindTheAuthorizerNeedsTheUsageIdentifierItReturns() throws Exception {
        Synth synth = synth(Map.of());
        assertThat(props(synth.ofType("AWS::ApiGateway::RestApi").values().iterator().next()))
                .containsEntry("ApiKeySourceType", "AUTHORIZER");
        Map<String, Map<String, Object>> methods = synth.ofType("AWS::ApiGateway::Method");
        Map<Boolean, List<Map<String, Object>>> byAuthorizer = methods.values().stream().map(Synth::props)
                .collect(Collectors.partitioningBy(method -> "CUSTOM".equals(method.get("AuthorizationType"))));
        assertThat(byAuthorizer.get(true)).hasSize(methods.size() - 1)
                .allSatisfy(method -> assertThat(method).containsEntry("ApiKeyRequired", true));
        // The OAuth token route is how a client gets a token: no authorizer, so no usage identifier to require.
        assertThat(byAuthorizer.get(false)).singleElement().satisfies(method -> assertThat(method)
                .containsEntry("HttpMethod", "POST").containsEntry("AuthorizationType", "NONE")
                .containsEntry("ApiKeyRequired", false));
    }

    @Test
    void byDefaultOnePlanHoldsEveryTenantAndNoConcurrencyIsReserved() throws Exception {
        Synth synth = synth(Map.of());
        Map<String, Map<String, Object>> plans = synth.ofType("AWS::ApiGateway::UsagePlan");
        assertThat(plans).hasSize(1);
        Map<String, Object> plan = props(plans.values().iterator().next());
        assertThat(plan.get("UsagePlanName")).isEqualTo("ScimAws-default");
        assertThat(map(plan.get("Throttle"))).isEqualTo(Map.of(
                "RateLimit", (int) UsageLimits.DEFAULT_TENANT_RATE, "BurstLimit", UsageLimits.DEFAULT_TENANT_BURST));
        assertThat(map(plan.get("Quota"))).isEqualTo(Map.of("Limit", UsageLimits.DEFAULT_TENANT_QUOTA_PER_DAY, "Period", "DAY"));
        Map<String, Object> stage = map(((List<?>) plan.get("ApiStages")).get(0));
        assertThat(stage.get("ApiId")).isEqualTo(ref(synth.ofType("AWS::ApiGateway::RestApi").keySet().iterator().next()));
        assertThat(stage.get("Stage")).isEqualTo(ref(synth.ofType("AWS::ApiGateway::Stage").keySet().iterator().next()));

        synth.ofType("AWS::Lambda::Function").forEach((id, function) ->
                assertThat(props(function)).as(id).doesNotContainKey("ReservedConcurrentExecutions"));
        assertThat(synth.template().findOutputs("*")).containsKey("UsagePlanDefault");
    }

    @Test
    void tiersAndReservedConcurrencyComeFromContext() throws Exception {
        Synth synth = synth(Map.of(
                UsageLimits.TENANT_RATE, "7",
                UsageLimits.TENANT_BURST, "14",
                UsageLimits.TENANT_QUOTA_PER_DAY, "0",
                UsageLimits.TIERS, "large=100/200/5000000,team-b=5/10/0",
                "usersReservedConcurrency", "50",
                "authorizerReservedConcurrency", "20",
                "oauthTokenReservedConcurrency", "5"));

        Map<String, Map<String, Object>> plansByName = new HashMap<>();
        synth.ofType("AWS::ApiGateway::UsagePlan").values()
                .forEach(plan -> plansByName.put((String) props(plan).get("UsagePlanName"), props(plan)));
        assertThat(plansByName).containsOnlyKeys("ScimAws-default", "ScimAws-large", "ScimAws-team-b");
        assertThat(map(plansByName.get("ScimAws-default").get("Throttle"))).isEqualTo(Map.of("RateLimit", 7, "BurstLimit", 14));
        assertThat(plansByName.get("ScimAws-default")).as("0: no daily quota").doesNotContainKey("Quota");
        assertThat(map(plansByName.get("ScimAws-large").get("Throttle"))).isEqualTo(Map.of("RateLimit", 100, "BurstLimit", 200));
        assertThat(map(plansByName.get("ScimAws-large").get("Quota"))).isEqualTo(Map.of("Limit", 5_000_000, "Period", "DAY"));
        assertThat(synth.template().findOutputs("*")).containsKeys("UsagePlanDefault", "UsagePlanLarge", "UsagePlanTeamB");

        assertThat(props(synth.resources().get(synth.functionId(FunctionKind.USERS))))
                .containsEntry("ReservedConcurrentExecutions", 50);
        assertThat(props(synth.resources().get(synth.functionId(FunctionKind.AUTHORIZER))))
                .containsEntry("ReservedConcurrentExecutions", 20);
        assertThat(props(synth.resources().get(synth.functionId(FunctionKind.OAUTH_TOKEN))))
                .containsEntry("ReservedConcurrentExecutions", 5);
        assertThat(props(synth.resources().get(synth.functionId(FunctionKind.GROUPS))))
                .doesNotContainKey("ReservedConcurrentExecutions");
    }

    @Test
    void limitsThatAwsWouldRejectMidDeploymentFailTheSynth() {
        assertThatThrownBy(() -> ScimSettings.fromContext(Map.<String, Object>of(
                "usersReservedConcurrency", "2", "usersProvisionedConcurrency", "3")::get))
                .hasMessageContaining("usersProvisionedConcurrency").hasMessageContaining("usersReservedConcurrency");
        assertThatThrownBy(() -> ScimSettings.fromContext(Map.<String, Object>of("groupsReservedConcurrency", "-1")::get))
                .hasMessageContaining("groupsReservedConcurrency");
        assertThatThrownBy(() -> ScimSettings.fromContext(Map.<String, Object>of(UsageLimits.TIERS, "large:100")::get))
                .hasMessageContaining("name=rate/burst/quotaPerDay");
        assertThatThrownBy(() -> ScimSettings.fromContext(Map.<String, Object>of(UsageLimits.TIERS, "default=1/1/0")::get))
                .hasMessageContaining("not 'default'");
        assertThatThrownBy(() -> ScimSettings.fromContext(Map.<String, Object>of(UsageLimits.TENANT_RATE, "0")::get))
                .hasMessageContaining("positive");
    }
}
