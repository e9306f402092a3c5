package dev.scimaws.infra;

import static dev.scimaws.infra.Synth.getAtt;
import static dev.scimaws.infra.Synth.list;
import static dev.scimaws.infra.Synth.map;
import static dev.scimaws.infra.Synth.props;
import static dev.scimaws.infra.Synth.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A test stack: every setting given as {@code -c} context strings, the data protection off, a
 * customer-managed key and a custom domain. Synthesized once.
 */
class ScimStackVariantsTest {

    private static final String DOMAIN = "scim.example.org";
    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:111122223333:certificate/0b1c2d3e";

    /** The functions this variant gives provisioned concurrency, and how much. */
    private static final Map<FunctionKind, Integer> PROVISIONED = Map.of(FunctionKind.USERS, 2, FunctionKind.AUTHORIZER, 1);

    @TempDir
    static Path workDir;

    static Synth synth;
    static Template template;

    @BeforeAll
    static void synthesize() {
        Map<String, Object> context = new HashMap<>(Map.ofEntries(
                Map.entry(ScimSettings.STACK_NAME, "ScimTest"),
                Map.entry(ScimSettings.PROTECT_DATA, "false"),
                Map.entry(ScimSettings.TABLE_ENCRYPTION, "customer-managed"),
                Map.entry(ScimSettings.DOMAIN_NAME, DOMAIN),
                Map.entry(ScimSettings.CERTIFICATE_ARN, CERTIFICATE),
                Map.entry("usersMemoryMb", "2048"),
                Map.entry(ScimSettings.KEEP_WARM_MINUTES, "0"),
                Map.entry("purgeTimeoutSeconds", "600"),
                Map.entry(ScimSettings.LOG_RETENTION_DAYS, "7"),
                Map.entry(ScimSettings.AUTHORIZER_CACHE_TTL, "0"),
                Map.entry(ScimSettings.THROTTLE_RATE, "10"),
                Map.entry(ScimSettings.THROTTLE_BURST, "20"),
                Map.entry(ScimSettings.API_GATEWAY_CLOUDWATCH_ROLE, "false"),
                Map.entry(ScimSettings.PURGE_SCHEDULE, "cron(0 3 * * ? *)"),
                Map.entry(ScimSettings.PURGE_RETENTION_DAYS, "7")));
        PROVISIONED.forEach((kind, count) ->
                context.put(kind.contextName() + ScimSettings.PROVISIONED_CONCURRENCY_SUFFIX, count.toString()));
        synth = Synth.of(workDir, context);
        template = synth.template();
    }

    @Test
    void withoutDataProtectionTheTableAndLogsGoWithTheStack() {
        assertThat(synth.stack().getStackName()).isEqualTo("ScimTest");
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "DeletionPolicy", "Delete",
                "UpdateReplacePolicy", "Delete",
                "Properties", Match.objectLike(Map.of(
                        "DeletionProtectionEnabled", false,
                        // recovery stays on: it costs storage only and a test stack may need it too
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))))));
        assertThat(synth.ofType("AWS::Logs::LogGroup").values()).allSatisfy(logGroup -> {
            assertThat(logGroup.get("DeletionPolicy")).isEqualTo("Delete");
            assertThat(((Number) props(logGroup).get("RetentionInDays")).intValue()).isEqualTo(7);
        });
    }

    @Test
    void customerManagedKeyEncryptsTheTableAndEachFunctionMayUseItOnlyThroughDynamoDb() {
        String keyId = synth.ofType("AWS::KMS::Key").keySet().iterator().next();
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("SSESpecification", Map.of(
                "SSEEnabled", true,
                "SSEType", "KMS",
                "KMSMasterKeyId", getAtt(keyId, "Arn"))));

        Set<String> reader = Set.of("kms:Decrypt");
        Set<String> writer = Set.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo");
        Map<FunctionKind, Set<String>> expected = Map.of(
                FunctionKind.USERS, writer,
                FunctionKind.GROUPS, writer,
                FunctionKind.PURGE, writer,
                FunctionKind.DISCOVERY, reader,
                FunctionKind.AUTHORIZER, writer /* the last-use record */,
                FunctionKind.OAUTH_TOKEN, writer);
        for (FunctionKind kind : FunctionKind.values()) {
            Map<String, Object> statement = keyStatementOf(kind, getAtt(keyId, "Arn"));
            assertThat(new TreeSet<>(list(statement.get("Action")).stream().map(Object::toString).toList()))
                    .as(kind.name()).isEqualTo(new TreeSet<>(expected.get(kind)));
            assertThat(map(map(statement.get("Condition")).get("StringEquals")).get("kms:ViaService").toString())
                    .as(kind.name()).contains("dynamodb.").contains("AWS::Region");
        }
    }

    @Test
    void customDomainKeepsTheScimV2BasePath() {
        String restApiId = synth.ofType("AWS::ApiGateway::RestApi").keySet().iterator().next();
        String stageId = synth.ofType("AWS::ApiGateway::Stage").keySet().iterator().next();
        Capture domain = new Capture();
        template.hasResourceProperties("AWS::ApiGateway::DomainName", Map.of(
                "DomainName", DOMAIN,
                "RegionalCertificateArn", CERTIFICATE,
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")),
                "SecurityPolicy", "TLS_1_2"));
        template.hasResourceProperties("AWS::ApiGateway::BasePathMapping", Map.of(
                "BasePath", ScimApi.STAGE,
                "DomainName", Map.of("Ref", domain),
                "RestApiId", ref(restApiId),
                "Stage", ref(stageId)));
        assertThat(synth.resources().get(domain.asString()).get("Type")).isEqualTo("AWS::ApiGateway::DomainName");

        Map<String, Map<String, Object>> outputs = template.findOutputs("*");
        assertThat(map(outputs.get(ScimStack.OUTPUT_BASE_URL)).get("Value")).isEqualTo("https://" + DOMAIN + "/scim/v2");
        assertThat(map(outputs.get(ScimStack.OUTPUT_DOMAIN_TARGET)).get("Value"))
                .isEqualTo(getAtt(domain.asString(), "RegionalDomainName"));
        assertThat(outputs).containsKey(ScimStack.OUTPUT_EXECUTE_API_URL);
    }

    @Test
    void contextValuesReachTheTemplate() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FunctionKind.USERS.handler(), "MemorySize", 2048));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FunctionKind.PURGE.handler(), "Timeout", 600,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(ScimStack.PURGE_RETENTION_DAYS_ENV, "7")))));
        template.hasResourceProperties("AWS::ApiGateway::Authorizer", Map.of("AuthorizerResultTtlInSeconds", 0));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("MethodSettings", List.of(Match.objectLike(Map.of(
                "ThrottlingRateLimit", 10, "ThrottlingBurstLimit", 20)))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "cron(0 3 * * ? *)"));
        template.resourceCountIs("AWS::Events::Rule", 1); // keepWarmMinutes=0: the purge schedule only
        template.resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    void provisionedConcurrencyIsSetOnTheLiveAliasOfTheFunctionsThatAskForIt() {
        Map<String, Integer> expected = new HashMap<>();
        PROVISIONED.forEach((kind, count) -> expected.put(synth.functionId(kind), count));
        Map<String, Integer> actual = new HashMap<>();
        synth.ofType("AWS::Lambda::Alias").values().forEach(alias -> {
            Map<String, Object> p = props(alias);
            if (p.containsKey("ProvisionedConcurrencyConfig")) {
                String function = (String) map(p.get("FunctionName")).get("Ref");
                actual.put(function, ((Number) map(p.get("ProvisionedConcurrencyConfig"))
                        .get("ProvisionedConcurrentExecutions")).intValue());
            }
        });
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void snapStartIsOffExactlyWhereProvisionedConcurrencyIsSetBecauseLambdaRefusesBoth() {
        for (FunctionKind kind : FunctionKind.values()) {
            if (!kind.requestPath()) {
                continue;
            }
            Map<String, Object> function = props(synth.resources().get(synth.functionId(kind)));
            if (PROVISIONED.containsKey(kind)) {
                assertThat(function).as(kind.name()).doesNotContainKey("SnapStart");
            } else {
                assertThat(function.get("SnapStart")).as(kind.name()).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            }
        }
    }

    @Test
    void aMissingJarFailsTheSynthWithTheBuildCommand() {
        App app = new App(AppProps.builder()
                .outdir(workDir.resolve("missing-jar.out").toString())
                .context(Map.of(ScimSettings.FUNCTIONS_JAR, workDir.resolve("nowhere/functions.jar").toString()))
                .build());
        assertThatThrownBy(() -> ScimApp.createStack(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nowhere/functions.jar")
                .hasMessageContaining("./mvnw -B package -DskipTests");
    }

    private Map<String, Object> keyStatementOf(FunctionKind kind, Object keyArn) {
        Map<String, Object> function = synth.resources().get(synth.functionId(kind));
        Object role = list(map(props(function).get("Role")).get("Fn::GetAtt")).get(0);
        return synth.ofType("AWS::IAM::Policy").values().stream()
                .filter(policy -> list(props(policy).get("Roles")).contains(ref(role.toString())))
                .flatMap(policy -> list(map(props(policy).get("PolicyDocument")).get("Statement")).stream())
                .map(Synth::map)
                .filter(statement -> list(statement.get("Resource")).contains(keyArn))
                .reduce((a, b) -> {
                    throw new AssertionError("two key statements for " + kind);
                })
                .orElseThrow(() -> new AssertionError("no key statement for " + kind));
    }
}
