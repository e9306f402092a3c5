package dev.scimaws.infra;

import static dev.scimaws.infra.Synth.getAtt;
import static dev.scimaws.infra.Synth.list;
import static dev.scimaws.infra.Synth.map;
import static dev.scimaws.infra.Synth.props;
import static dev.scimaws.infra.Synth.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.store.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack as {@code cdk deploy} without any {@code -c} value deploys it. Synthesized once. */
class ScimStackTest {

    private static final Set<FunctionKind> SCIM_HANDLERS = EnumSet.of(FunctionKind.USERS, FunctionKind.GROUPS,
            FunctionKind.DISCOVERY);
    /** What API Gateway calls while a client waits: the SCIM handlers and the authorizer. */
    private static final Set<FunctionKind> REQUEST_PATH = EnumSet.of(FunctionKind.USERS, FunctionKind.GROUPS,
            FunctionKind.DISCOVERY, FunctionKind.AUTHORIZER, FunctionKind.OAUTH_TOKEN);

    /** The repository's events/ folder (tests run in infra/). */
    private static final Path EVENTS = Path.of("..", "events");

    @TempDir
    static Path workDir;

    static Synth synth;
    static Template template;

    @BeforeAll
    static void synthesize() {
        synth = Synth.of(workDir, Map.of());
        template = synth.template();
    }

    @Test
    void hasOneOfEachPieceAndAFunctionPerHandler() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::Lambda::Function", FunctionKind.values().length + 1); // + events (ScimEventsTest)
        template.resourceCountIs("AWS::Lambda::Version", REQUEST_PATH.size());
        template.resourceCountIs("AWS::Lambda::Alias", REQUEST_PATH.size());
        template.resourceCountIs("AWS::IAM::Role", FunctionKind.values().length + 2); // + API Gateway's CloudWatch role, events
        template.resourceCountIs("AWS::IAM::Policy", FunctionKind.values().length + 1); // + events
        template.resourceCountIs("AWS::Logs::LogGroup", FunctionKind.values().length + 2); // + access logs, events
        template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
        template.resourceCountIs("AWS::ApiGateway::Stage", 1);
        template.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
        template.resourceCountIs("AWS::ApiGateway::Method", 12); // ANY on each of the eleven resources, POST oauth/token
        template.resourceCountIs("AWS::ApiGateway::GatewayResponse", ScimApi.GATEWAY_ERRORS.size());
        template.resourceCountIs("AWS::ApiGateway::Account", 1);
        template.resourceCountIs("AWS::Events::Rule", 2); // purge, keep-warm
        template.resourceCountIs("AWS::KMS::Key", 0);
        template.resourceCountIs("AWS::ApiGateway::DomainName", 0);
        assertThat(synth.ofType("AWS::Lambda::Function").keySet())
                .containsAll(EnumSet.allOf(FunctionKind.class).stream().map(synth::functionId).toList());
    }

    @Test
    void tableHasExactlyTheKeysIndexesAndTimeToLiveOfTableDefinition() {
        Map<String, Object> table = props(synth.ofType("AWS::DynamoDB::Table").values().iterator().next());

        assertThat(table.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", TableDefinition.PARTITION_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", TableDefinition.SORT_KEY, "KeyType", "RANGE")));
        assertThat(table.get("TimeToLiveSpecification"))
                .isEqualTo(Map.of("AttributeName", TableDefinition.TIME_TO_LIVE_ATTRIBUTE, "Enabled", true));

        Map<String, Map<String, Object>> indexes = new HashMap<>();
        list(table.get("GlobalSecondaryIndexes")).forEach(index -> indexes.put((String) map(index).get("IndexName"), map(index)));
        assertThat(indexes).hasSameSizeAs(TableDefinition.INDEXES);
        Set<String> keyAttributes = new HashSet<>(Set.of(TableDefinition.PARTITION_KEY, TableDefinition.SORT_KEY));
        for (TableDefinition.Index expected : TableDefinition.INDEXES) {
            Map<String, Object> index = indexes.get(expected.name());
            assertThat(index).as("index %s", expected.name()).isNotNull();
            assertThat(index.get("KeySchema")).as("keys of %s", expected.name()).isEqualTo(List.of(
                    Map.of("AttributeName", expected.partitionKey(), "KeyType", "HASH"),
                    Map.of("AttributeName", expected.sortKey(), "KeyType", "RANGE")));
            assertThat(map(index.get("Projection")))
                    .as("projection of %s", expected.name())
                    .isEqualTo(Map.of("ProjectionType", expected.projection().name()));
            keyAttributes.add(expected.partitionKey());
            keyAttributes.add(expected.sortKey());
        }

        Map<Object, Object> attributeTypes = new HashMap<>();
        list(table.get("AttributeDefinitions")).forEach(a -> attributeTypes.put(map(a).get("AttributeName"), map(a).get("AttributeType")));
        assertThat(attributeTypes.keySet()).isEqualTo(keyAttributes);
        assertThat(new HashSet<>(attributeTypes.values())).containsExactly("S");
    }

    @Test
    void tableIsOnDemandWithRecoveryAndProtectedFromDeletionByDefault() {
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BillingMode", "PAY_PER_REQUEST",
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true,
                        // AWS-owned key: server-side encryption without KMS
                        "SSESpecification", Map.of("SSEEnabled", false))))));
    }

    @Test
    void everyFunctionRunsItsHandlerFromTheJarOnJava21Arm64WithJsonLogs() {
        String tableId = tableId();
        Map<String, Map<String, Object>> logGroups = synth.ofType("AWS::Logs::LogGroup");
        for (FunctionKind kind : FunctionKind.values()) {
            Map<String, Object> function = props(synth.resources().get(synth.functionId(kind)));
            assertThat(function.get("Runtime")).as(kind.name()).isEqualTo("java21");
            assertThat(function.get("Architectures")).as(kind.name()).isEqualTo(List.of("arm64"));
            assertThat(function.get("Handler")).isEqualTo("dev.scimaws.handler." + kind.handlerClass() + "::handleRequest");
            assertThat(((Number) function.get("MemorySize")).intValue()).isEqualTo(kind.defaultMemoryMb());
            assertThat(((Number) function.get("Timeout")).intValue()).isEqualTo(kind.defaultTimeoutSeconds());
            assertThat(map(function.get("Code")).get("S3Key").toString()).as("code asset of %s", kind).endsWith(".jar");
            assertThat(map(map(function.get("Environment")).get("Variables")))
                    .containsEntry(ScimStack.TABLE_ENV, ref(tableId));

            Map<String, Object> logging = map(function.get("LoggingConfig"));
            assertThat(logging).containsEntry("LogFormat", "JSON");
            // The platform's report records (Restore/Init Duration) are INFO; WARN would drop them.
            assertThat(logging).as(kind.name()).containsEntry("SystemLogLevel", "INFO");
            String logGroupId = (String) map(logging.get("LogGroup")).get("Ref");
            assertThat(((Number) props(logGroups.get(logGroupId)).get("RetentionInDays")).intValue())
                    .isEqualTo(ScimSettings.DEFAULT_LOG_RETENTION_DAYS);
        }
        // The authorizer is the smallest function.
        int authorizerMemory = FunctionKind.AUTHORIZER.defaultMemoryMb();
        assertThat(EnumSet.allOf(FunctionKind.class)).allSatisfy(kind -> assertThat(kind.defaultMemoryMb()).isGreaterThanOrEqualTo(authorizerMemory));
    }

    @Test
    void requestPathFunctionsRunSnapStartBehindALiveAliasAndThePurgeDoesNot() {
        for (FunctionKind kind : FunctionKind.values()) {
            String functionId = synth.functionId(kind);
            Map<String, Object> function = props(synth.resources().get(functionId));
            if (REQUEST_PATH.contains(kind)) {
                assertThat(function.get("SnapStart")).as(kind.name()).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
                Capture version = new Capture();
                template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                        "FunctionName", ref(functionId),
                        "Name", ScimFunction.LIVE_ALIAS,
                        "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version"))));
                assertThat(props(synth.resources().get(version.asString())).get("FunctionName")).isEqualTo(ref(functionId));
                assertThat(props(synth.resources().get(aliasId(kind)))).as(kind.name())
                        .doesNotContainKey("ProvisionedConcurrencyConfig");
            } else {
                assertThat(function).as(kind.name()).doesNotContainKey("SnapStart");
                assertThat(template.findResources("AWS::Lambda::Alias", Map.of("Properties",
                        Map.of("FunctionName", ref(functionId))))).as(kind.name()).isEmpty();
            }
        }
    }

    @Test
    void routesGoThroughTheTokenAuthorizerToTheLiveAliases() {
        Map<String, FunctionKind> expected = new LinkedHashMap<>();
        for (String resource : List.of("Users", "Groups")) {
            FunctionKind kind = resource.equals("Users") ? FunctionKind.USERS : FunctionKind.GROUPS;
            // ANY: the handler answers methods it does not serve with a SCIM 405.
            expected.put("ANY /v2/" + resource, kind);
            expected.put("ANY /v2/" + resource + "/{id}", kind);
        }
        for (String path : List.of("ServiceProviderConfig", "ResourceTypes", "ResourceTypes/{id}", "Schemas", "Schemas/{id}", "Me", "Bulk")) {
            expected.put("ANY /v2/" + path, FunctionKind.DISCOVERY);
        }

        String authorizerId = synth.ofType("AWS::ApiGateway::Authorizer").keySet().iterator().next();
        Map<String, String> paths = resourcePaths();
        Map<String, FunctionKind> actual = new LinkedHashMap<>();
        Map<String, Object> tokenEndpoint = new LinkedHashMap<>();
        synth.ofType("AWS::ApiGateway::Method").forEach((id, method) -> {
            Map<String, Object> p = props(method);
            String route = p.get("HttpMethod") + " " + paths.get((String) map(p.get("ResourceId")).get("Ref"));
            if (route.equals("POST /v2/oauth/token")) {
                tokenEndpoint.putAll(p);
                return;
            }
            assertThat(p.get("AuthorizationType")).as(route).isEqualTo("CUSTOM");
            assertThat(p.get("AuthorizerId")).as(route).isEqualTo(ref(authorizerId));
            assertThat(map(p.get("Integration")).get("Type")).as(route).isEqualTo("AWS_PROXY");
            integrationTarget(p).ifPresent(kind -> actual.put(route, kind));
        });
        assertThat(actual).isEqualTo(expected);
        // The OAuth token endpoint is how a client gets a token: no authorizer, its own function's alias.
        assertThat(tokenEndpoint.get("AuthorizationType")).isEqualTo("NONE");
        assertThat(tokenEndpoint).doesNotContainKey("AuthorizerId");
        List<Object> tokenUri = list(list(map(map(tokenEndpoint.get("Integration")).get("Uri")).get("Fn::Join")).get(1));
        assertThat(tokenUri).contains(ref(aliasId(FunctionKind.OAUTH_TOKEN)));

        // Each method may invoke its alias, and only that.
        for (FunctionKind kind : SCIM_HANDLERS) {
            long methods = expected.values().stream().filter(kind::equals).count();
            assertThat(template.findResources("AWS::Lambda::Permission", Map.of("Properties", Map.of(
                    "FunctionName", ref(aliasId(kind)),
                    "Principal", "apigateway.amazonaws.com",
                    "Action", "lambda:InvokeFunction")))).as(kind.name()).hasSize((int) methods);
        }
    }

    @Test
    void sampleEventsCarryTheRouteTemplatesAndStageOfTheRealApi() throws Exception {
        Map<String, FunctionKind> folders = Map.of(
                "users", FunctionKind.USERS, "groups", FunctionKind.GROUPS, "discovery", FunctionKind.DISCOVERY);
        Map<String, FunctionKind> routes = routeTargets();
        ObjectMapper json = new ObjectMapper();
        int samples = 0;
        for (Map.Entry<String, FunctionKind> folder : folders.entrySet()) {
            try (var files = Files.list(EVENTS.resolve(folder.getKey()))) {
                for (Path sample : files.filter(file -> file.toString().endsWith(".json")).toList()) {
                    JsonNode event = json.readTree(sample.toFile());
                    String resource = event.path("resource").asText();
                    assertThat(routes.get(resource)).as(sample + " resource " + resource).isEqualTo(folder.getValue());
                    assertThat(event.path("requestContext").path("resourcePath").asText()).as(sample.toString()).isEqualTo(resource);
                    assertThat(event.path("requestContext").path("stage").asText()).as(sample.toString()).isEqualTo(ScimApi.STAGE);
                    samples++;
                }
            }
        }
        assertThat(samples).isGreaterThan(10);
        try (var files = Files.list(EVENTS.resolve("authorizer"))) {
            for (Path sample : files.toList()) {
                // arn:aws:execute-api:region:account:api/stage/METHOD/resource-path
                String methodArn = json.readTree(sample.toFile()).path("methodArn").asText();
                String[] parts = methodArn.split(":", 6)[5].split("/", 4);
                assertThat(parts[1]).as(sample.toString()).isEqualTo(ScimApi.STAGE);
                assertThat(routes).as(sample.toString()).containsKey("/" + parts[3]);
            }
        }
    }

    /** Each API path that has a method, and the function its integration invokes. */
    private Map<String, FunctionKind> routeTargets() {
        Map<String, String> paths = resourcePaths();
        Map<String, FunctionKind> targets = new HashMap<>();
        synth.ofType("AWS::ApiGateway::Method").values().forEach(method -> {
            Map<String, Object> p = props(method);
            integrationTarget(p).ifPresent(kind -> targets.put(paths.get((String) map(p.get("ResourceId")).get("Ref")), kind));
        });
        return targets;
    }

    /** The SCIM handler whose live alias a method's proxy integration invokes. */
    private Optional<FunctionKind> integrationTarget(Map<String, Object> methodProps) {
        List<Object> uri = list(list(map(map(methodProps.get("Integration")).get("Uri")).get("Fn::Join")).get(1));
        return SCIM_HANDLERS.stream().filter(kind -> uri.contains(ref(aliasId(kind)))).findFirst();
    }

    @Test
    void authorizerReadsTheBearerTokenAndCachesTheAnswer() {
        Capture uri = new Capture();
        Capture regex = new Capture();
        template.hasResourceProperties("AWS::ApiGateway::Authorizer", Map.of(
                "Type", "TOKEN",
                "IdentitySource", "method.request.header.Authorization",
                "IdentityValidationExpression", regex,
                "AuthorizerResultTtlInSeconds", ScimSettings.DEFAULT_AUTHORIZER_CACHE_TTL,
                "AuthorizerUri", uri));
        // The alias, so API Gateway gets the SnapStart version; and the gateway may invoke exactly that.
        assertThat(uri.asObject().toString()).contains(aliasId(FunctionKind.AUTHORIZER));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", ref(aliasId(FunctionKind.AUTHORIZER)),
                "Principal", "apigateway.amazonaws.com",
                "Action", "lambda:InvokeFunction"));
        assertThat(template.findResources("AWS::Lambda::Permission", Map.of("Properties", Map.of(
                "FunctionName", getAtt(synth.functionId(FunctionKind.AUTHORIZER), "Arn"))))).isEmpty();

        Pattern pattern = Pattern.compile(regex.asString());
        assertThat(pattern.matcher("Bearer scimaws_Zm9vYmFyLV9iYXo").matches()).isTrue();
        assertThat(pattern.matcher("bearer abc.def~ghi+jk/l==").matches()).isTrue();
        assertThat(pattern.matcher("Basic dXNlcjpwYXNz").matches()).isFalse();
        assertThat(pattern.matcher("Bearer ").matches()).isFalse();
        assertThat(pattern.matcher("Bearer two tokens").matches()).isFalse();
    }

    @Test
    void gatewayErrorsAreScimJsonWithTheScimContentType() throws Exception {
        Map<String, String> statusByType = new HashMap<>();
        for (Map<String, Object> response : synth.ofType("AWS::ApiGateway::GatewayResponse").values()) {
            Map<String, Object> p = props(response);
            String type = (String) p.get("ResponseType");
            String status = (String) p.get("StatusCode");
            statusByType.put(type, status);
            Map<String, Object> headers = map(p.get("ResponseParameters"));
            assertThat(headers).as(type).containsEntry("gatewayresponse.header.Content-Type", "'application/scim+json'");
            if (type.equals("UNAUTHORIZED")) {
                assertThat(headers).containsEntry("gatewayresponse.header.WWW-Authenticate", "'Bearer'");
            } else {
                // besides Content-Type, at most Retry-After (UsageLimitsStackTest pins where)
                assertThat(headers).as(type).hasSizeLessThanOrEqualTo(2);
            }
            Map<String, Object> templates = map(p.get("ResponseTemplates"));
            assertThat(templates).as(type).containsOnlyKeys("application/json");
            // $context.error.messageString is substituted by API Gateway with a quoted JSON string
            String body = templates.get("application/json").toString().replace("$context.error.messageString", "\"message\"");
            JsonNode error = Synth.JSON.readTree(body);
            assertThat(error.get("schemas").toString()).as(type).isEqualTo("[\"urn:ietf:params:scim:api:messages:2.0:Error\"]");
            assertThat(error.get("status").asText()).as(type).isEqualTo(status);
            assertThat(error.get("detail").asText()).as(type).isNotBlank();
        }
        assertThat(statusByType).containsAllEntriesOf(Map.of(
                "UNAUTHORIZED", "401",
                "ACCESS_DENIED", "403",
                "MISSING_AUTHENTICATION_TOKEN", "404",
                "THROTTLED", "429",
                "DEFAULT_4XX", "400",
                "DEFAULT_5XX", "503"));
    }

    @Test
    void eachFunctionMayCallExactlyItsTableActionsAndWriteOnlyItsOwnLogs() {
        Map<FunctionKind, Set<String>> tableActions = Map.of(
                FunctionKind.USERS, Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                        "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"),
                FunctionKind.GROUPS, Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                        "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"),
                FunctionKind.DISCOVERY, Set.of("dynamodb:Query"),
                FunctionKind.AUTHORIZER, Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                FunctionKind.OAUTH_TOKEN, Set.of("dynamodb:GetItem", "dynamodb:PutItem"),
                FunctionKind.PURGE, Set.of("dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "dynamodb:BatchWriteItem"));
        Map<FunctionKind, Set<String>> readIndexes = Map.of(
                FunctionKind.USERS, Set.of("byType", "byExternalId", "byMember"),
                FunctionKind.GROUPS, Set.of("byType", "byExternalId", "byMember"),
                FunctionKind.PURGE, Set.of("deactivated", "byMember"));

        Object table = getAtt(tableId(), "Arn");
        for (FunctionKind kind : FunctionKind.values()) {
            Map<String, Object> function = synth.resources().get(synth.functionId(kind));
            String logGroupId = (String) map(map(props(function).get("LoggingConfig")).get("LogGroup")).get("Ref");

            Map<Object, Set<String>> expected = new HashMap<>();
            expected.put(table, tableActions.get(kind));
            readIndexes.getOrDefault(kind, Set.of()).forEach(index -> expected.put(indexArn(index), Set.of("dynamodb:Query")));
            expected.put(getAtt(logGroupId, "Arn"), Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
            if (kind == FunctionKind.PURGE) { // its on-failure destination
                expected.put(getAtt(purgeFailuresId(), "Arn"), Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"));
            }
            assertThat(grantsOf(function)).as(kind.name()).isEqualTo(expected);
        }
    }

    /**
     * Every table and index grant carries a LeadingKeys condition: SCIM functions and the purge on tenant
     * items only, the authorizer and the OAuth token endpoint on token (and client) items only, and only the purge on the DEACTIVATED index partition.
     * The events function gets no table grant at all.
     */
    @Test
    void leadingKeysKeepEachFunctionOnItsOwnItems() {
        Object table = getAtt(tableId(), "Arn");
        List<String> tenant = List.of("T#*");
        Map<FunctionKind, Map<Object, List<String>>> expected = Map.of(
                FunctionKind.USERS, Map.of(table, tenant, indexArn("byType"), tenant, indexArn("byExternalId"), tenant,
                        indexArn("byMember"), tenant),
                FunctionKind.GROUPS, Map.of(table, tenant, indexArn("byType"), tenant, indexArn("byExternalId"), tenant,
                        indexArn("byMember"), tenant),
                FunctionKind.DISCOVERY, Map.of(table, tenant),
                FunctionKind.AUTHORIZER, Map.of(table, List.of("K#*")),
                FunctionKind.OAUTH_TOKEN, Map.of(table, List.of("K#*")),
                FunctionKind.PURGE, Map.of(table, tenant, indexArn("byMember"), tenant, indexArn("deactivated"), List.of("DEACTIVATED")));
        for (FunctionKind kind : FunctionKind.values()) {
            Map<Object, List<String>> leadingKeys = new HashMap<>();
            for (Object statement : statementsOf(synth.resources().get(synth.functionId(kind)))) {
                Map<String, Object> grant = map(statement);
                if (!list(grant.get("Action")).stream().allMatch(action -> action.toString().startsWith("dynamodb:"))) {
                    assertThat(list(grant.get("Action"))).as(kind.name()).noneMatch(action -> action.toString().startsWith("dynamodb:"));
                    continue;
                }
                assertThat(grant).as(kind.name() + ": a table grant without a LeadingKeys condition").containsKey("Condition");
                Map<String, Object> condition = map(grant.get("Condition"));
                assertThat(condition).as(kind.name()).containsOnlyKeys("ForAllValues:StringLike");
                Map<String, Object> keys = map(condition.get("ForAllValues:StringLike"));
                assertThat(keys).containsOnlyKeys("dynamodb:LeadingKeys");
                for (Object resource : list(grant.get("Resource"))) {
                    leadingKeys.put(resource, list(keys.get("dynamodb:LeadingKeys")).stream().map(Object::toString).toList());
                }
            }
            assertThat(leadingKeys).as(kind.name()).isEqualTo(expected.get(kind));
        }

        // The events function reads only the table's stream, which has no item-level LeadingKeys condition: no
        // statement of its role may name the table or an index (ScimEventsTest pins its exact actions).
        Map<String, Object> events = synth.ofType("AWS::Lambda::Function").values().stream()
                .filter(function -> ScimEvents.HANDLER.equals(props(function).get("Handler"))).findFirst().orElseThrow();
        Object stream = getAtt(tableId(), "StreamArn");
        for (Object statement : statementsOf(events)) {
            Map<String, Object> grant = map(statement);
            if (list(grant.get("Action")).stream().anyMatch(action -> action.toString().startsWith("dynamodb:"))) {
                assertThat(list(grant.get("Resource"))).as("events: dynamodb actions on the stream only").containsOnly(stream);
            }
        }
    }

    @Test
    void noPolicyAllowsWildcardActionsOrEveryResource() {
        for (Map.Entry<String, Map<String, Object>> policy : synth.ofType("AWS::IAM::Policy").entrySet()) {
            for (Object statement : list(map(props(policy.getValue()).get("PolicyDocument")).get("Statement"))) {
                assertThat(map(statement).get("Effect")).isEqualTo("Allow");
                assertThat(list(map(statement).get("Action"))).as(policy.getKey())
                        .allSatisfy(action -> assertThat(action.toString()).doesNotContain("*"));
                assertThat(list(map(statement).get("Resource"))).as(policy.getKey())
                        .allSatisfy(resource -> assertThat(resource).isNotEqualTo("*"));
            }
        }
        for (FunctionKind kind : FunctionKind.values()) {
            String roleId = roleIdOf(synth.resources().get(synth.functionId(kind)));
            assertThat(props(synth.resources().get(roleId))).as(kind.name()).doesNotContainKey("ManagedPolicyArns");
        }
    }

    @Test
    void functionsAreCreatedAfterTheirPermissionsSoSnapStartPrimingCanReadTheTable() {
        for (FunctionKind kind : FunctionKind.values()) {
            Map<String, Object> function = synth.resources().get(synth.functionId(kind));
            assertThat(list(function.get("DependsOn"))).as(kind.name()).containsAll(policiesOf(roleIdOf(function)));
        }
    }

    @Test
    void stageIsNamedForTheBasePathThrottledAndAccessLogged() {
        Capture logGroup = new Capture();
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", ScimApi.STAGE,
                "MethodSettings", List.of(Match.objectLike(Map.of(
                        "HttpMethod", "*",
                        "ResourcePath", "/*",
                        "ThrottlingRateLimit", ScimSettings.DEFAULT_THROTTLE_RATE,
                        "ThrottlingBurstLimit", ScimSettings.DEFAULT_THROTTLE_BURST))),
                "AccessLogSetting", Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(logGroup, "Arn")),
                        "Format", Match.stringLikeRegexp("\\$context\\.requestId"))));
        assertThat(((Number) props(synth.resources().get(logGroup.asString())).get("RetentionInDays")).intValue())
                .isEqualTo(ScimSettings.DEFAULT_LOG_RETENTION_DAYS);
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
    }

    @Test
    void purgeRunsOnTheScheduleWithTheRetentionInItsEnvironment() {
        String purgeId = synth.functionId(FunctionKind.PURGE);
        Capture rule = new Capture();
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", ScimSettings.DEFAULT_PURGE_SCHEDULE,
                "Targets", List.of(Match.objectLike(Map.of("Arn", getAtt(purgeId, "Arn"))))));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", getAtt(purgeId, "Arn"),
                "Principal", "events.amazonaws.com",
                "SourceArn", getAtt(ruleId(), "Arn")));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", FunctionKind.PURGE.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        ScimStack.PURGE_RETENTION_DAYS_ENV, String.valueOf(ScimSettings.DEFAULT_PURGE_RETENTION_DAYS)))))));
    }

    @Test
    void keepWarmPingsTheLiveAliasOfEveryRequestPathFunctionWithThePayloadItRecognises() throws Exception {
        String ruleId = ruleIdWithSchedule("rate(1 minute)"); // the default, keepWarmMinutes=1
        List<Object> targets = list(props(synth.resources().get(ruleId)).get("Targets"));
        ObjectMapper json = new ObjectMapper();
        Map<FunctionKind, JsonNode> inputs = new HashMap<>();
        for (Object target : targets) {
            Map<String, Object> t = map(target);
            FunctionKind kind = REQUEST_PATH.stream().filter(k -> ref(aliasId(k)).equals(t.get("Arn"))).findFirst()
                    .orElseThrow(() -> new AssertionError("keep-warm target is not a live alias: " + t.get("Arn")));
            inputs.put(kind, json.readTree((String) t.get("Input")));
            assertThat(map(t.get("RetryPolicy")).get("MaximumRetryAttempts")).isEqualTo(0);
            template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "FunctionName", ref(aliasId(kind)),
                    "Principal", "events.amazonaws.com",
                    "SourceArn", getAtt(ruleId, "Arn")));
        }
        assertThat(inputs).containsOnlyKeys(REQUEST_PATH);
        // Lambda retries asynchronous invocations on its own (twice, for up to six hours) unless told not to.
        Map<String, Map<String, Object>> asyncConfigs = synth.ofType("AWS::Lambda::EventInvokeConfig");
        assertThat(asyncConfigs).hasSize(REQUEST_PATH.size() + 1); // + the purge's on-failure destination
        for (FunctionKind kind : REQUEST_PATH) {
            Map<String, Object> config = asyncConfigs.values().stream().map(Synth::props)
                    .filter(p -> ref(synth.functionId(kind)).equals(p.get("FunctionName")))
                    .findFirst().orElseThrow(() -> new AssertionError("no async invoke config for " + kind));
            assertThat(config.get("MaximumRetryAttempts")).as(kind.name()).isEqualTo(0);
            assertThat(config.get("MaximumEventAgeInSeconds")).as(kind.name()).isEqualTo(60);
            // The qualifier is the alias (taken apart from its ARN), not $LATEST or a version.
            assertThat(json.writeValueAsString(config.get("Qualifier"))).as(kind.name()).contains(aliasId(kind));
        }
        // The very files the handlers' KeepWarmTest loads and answers without a DynamoDB call.
        JsonNode scimPing = json.readTree(EVENTS.resolve("keep-warm/scim.json").toFile());
        JsonNode authorizerPing = json.readTree(EVENTS.resolve("keep-warm/authorizer.json").toFile());
        for (FunctionKind kind : SCIM_HANDLERS) {
            assertThat(inputs.get(kind)).as(kind.name()).isEqualTo(scimPing);
        }
        assertThat(inputs.get(FunctionKind.AUTHORIZER)).isEqualTo(authorizerPing);
    }

    @Test
    void outputsTellWhereToPointTheIdentityProviderAndHowToCreateAToken() {
        Map<String, Map<String, Object>> outputs = template.findOutputs("*");
        assertThat(outputs).containsKeys(ScimStack.OUTPUT_BASE_URL, ScimStack.OUTPUT_TABLE_NAME, ScimStack.OUTPUT_TOKEN_COMMAND)
                .doesNotContainKey(ScimStack.OUTPUT_DOMAIN_TARGET);

        List<Object> baseUrl = joinParts(outputs.get(ScimStack.OUTPUT_BASE_URL));
        String stageId = synth.ofType("AWS::ApiGateway::Stage").keySet().iterator().next();
        assertThat(baseUrl.get(0)).isEqualTo("https://");
        assertThat(baseUrl).contains(ref(stageId)); // the stage named "scim"
        assertThat(baseUrl.get(baseUrl.size() - 1)).isEqualTo("/v2");

        assertThat(map(outputs.get(ScimStack.OUTPUT_TABLE_NAME)).get("Value")).isEqualTo(ref(tableId()));

        List<Object> command = joinParts(outputs.get(ScimStack.OUTPUT_TOKEN_COMMAND));
        assertThat(command).containsExactly(
                "AWS_REGION=", ref("AWS::Region"),
                " ./mvnw -q -pl functions validate exec:exec@tokens -Dexec.args=\"create --tenant <tenant> --table ",
                ref(tableId()), " --usage-plan ", ref(synth.ofType("AWS::ApiGateway::UsagePlan").keySet().iterator().next()), "\"");
    }

    // --- reading the template ---

    private String tableId() {
        return synth.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    }

    private String purgeFailuresId() {
        return synth.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("PurgeFailures")).findFirst().orElseThrow();
    }

    private String ruleId() {
        return ruleIdWithSchedule(ScimSettings.DEFAULT_PURGE_SCHEDULE);
    }

    private String ruleIdWithSchedule(String expression) {
        return synth.ofType("AWS::Events::Rule").entrySet().stream()
                .filter(e -> expression.equals(props(e.getValue()).get("ScheduleExpression")))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no rule with " + expression));
    }

    private String aliasId(FunctionKind kind) {
        return synth.ofType("AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> ref(synth.functionId(kind)).equals(props(e.getValue()).get("FunctionName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** Resource logical id -> full path such as {@code /v2/Users/{id}}. */
    private Map<String, String> resourcePaths() {
        Map<String, Map<String, Object>> resources = synth.ofType("AWS::ApiGateway::Resource");
        Map<String, String> paths = new HashMap<>();
        for (String id : resources.keySet()) {
            StringBuilder path = new StringBuilder();
            String current = id;
            while (current != null) {
                Map<String, Object> p = props(resources.get(current));
                path.insert(0, "/" + p.get("PathPart"));
                Object parent = map(p.get("ParentId")).get("Ref");
                current = parent == null ? null : parent.toString();
            }
            paths.put(id, path.toString());
        }
        return paths;
    }

    private static String roleIdOf(Map<String, Object> function) {
        return (String) list(map(props(function).get("Role")).get("Fn::GetAtt")).get(0);
    }

    private Set<String> policiesOf(String roleId) {
        Set<String> ids = new TreeSet<>();
        synth.ofType("AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(props(policy).get("Roles")).contains(ref(roleId))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Everything the function's role may do: resource -> actions, merged over all its statements. */
    private Map<Object, Set<String>> grantsOf(Map<String, Object> function) {
        Map<Object, Set<String>> grants = new HashMap<>();
        for (Object statement : statementsOf(function)) {
            for (Object resource : list(map(statement).get("Resource"))) {
                Set<String> actions = grants.computeIfAbsent(resource, r -> new TreeSet<>());
                list(map(statement).get("Action")).forEach(action -> actions.add(action.toString()));
            }
        }
        return grants;
    }

    private List<Object> statementsOf(Map<String, Object> function) {
        List<Object> statements = new java.util.ArrayList<>();
        for (String policyId : policiesOf(roleIdOf(function))) {
            statements.addAll(list(map(props(synth.resources().get(policyId)).get("PolicyDocument")).get("Statement")));
        }
        return statements;
    }

    private Object indexArn(String index) {
        return Map.of("Fn::Join", List.of("", List.of(getAtt(tableId(), "Arn"), "/index/" + index)));
    }

    private static List<Object> joinParts(Object output) {
        return list(list(map(map(output).get("Value")).get("Fn::Join")).get(1));
    }
}
