package dev.scimaws.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One handler of functions.jar as a Lambda function: Java 21 on arm64, JSON logs into its own log
 * group with a retention, its own role with exactly the table actions of its {@link FunctionKind} (no
 * managed policies), and for the functions on the request path (SCIM handlers and authorizer) a
 * {@code live} alias on the current version with either SnapStart (the default) or provisioned
 * concurrency (Lambda does not allow both).
 */
public final class ScimFunction extends Construct {

    /** The alias API Gateway invokes; SnapStart only applies to published versions, never to $LATEST. */
    public static final String LIVE_ALIAS = "live";

    private final FunctionKind kind;
    private final Function function;
    private final LogGroup logGroup;
    private final Alias alias;

    public ScimFunction(Construct scope, String id, FunctionKind kind, Code code, ITable table,
            Map<String, String> environment, ScimSettings settings) {
        super(scope, id);
        this.kind = kind;

        logGroup = LogGroups.create(this, "Logs", settings);

        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs " + kind.handlerClass() + ": its log group and its table actions, nothing else")
                .build();
        LogGroups.allowWriting(role, logGroup);
        allowTable(role, table);

        Function.Builder builder = Function.Builder.create(this, "Function")
                .description("SCIM on AWS: " + kind.handlerClass())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(kind.handler())
                .code(code)
                .memorySize(settings.memoryMb(kind))
                .timeout(Duration.seconds(settings.timeoutSeconds(kind)))
                .environment(environment)
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                // INFO, not WARN: the platform's start and report records (Duration, Init and Restore
                // Duration) are INFO, and they are how operators check cold starts (docs/performance.md).
                .systemLogLevelV2(SystemLogLevel.INFO);
        // Lambda refuses SnapStart together with provisioned concurrency. Provisioned environments are
        // initialised (and primed, see Priming) before any request, so they do not need the snapshot.
        int provisioned = settings.provisionedConcurrency(kind); // ScimSettings: 0 off the request path
        boolean snapStart = kind.requestPath() && provisioned == 0;
        if (kind.requestPath()) {
            // The alias moves to the new version before CloudFormation cleans up, so the old version
            // can go: retained versions would pile up one jar per deployment.
            builder.currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build());
        }
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        int reserved = settings.usageLimits().reservedConcurrency(kind);
        if (reserved > 0) {
            // A share of the account's concurrency kept for this function, and its ceiling: neither starves the other.
            builder.reservedConcurrentExecutions(reserved);
        }
        function = builder.build();
        if (snapStart) {
            // CDK warns on every SnapStart function that only published versions are snapshotted: the
            // live alias below publishes currentVersion, and API Gateway only ever invokes the alias.
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "published through currentVersion and the live alias");
        }
        // The function (and so every version, whose SnapStart init runs the priming hooks' DynamoDB
        // call) depends on the role and its policy: the CDK adds the dependency on the whole role
        // construct, DefaultPolicy included.

        if (kind.requestPath()) {
            Alias.Builder aliasBuilder = Alias.Builder.create(this, "Live")
                    .aliasName(LIVE_ALIAS)
                    .version(function.getCurrentVersion());
            if (provisioned > 0) {
                aliasBuilder.provisionedConcurrentExecutions(provisioned);
            }
            alias = aliasBuilder.build();
            // Only the keep-warm schedule invokes the alias asynchronously, and a ping that fails or
            // arrives late is worthless: no retry of a failed one (Lambda's default is two), and one
            // Lambda could not run yet (throttled) is dropped after a minute instead of six hours.
            alias.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                    .retryAttempts(0)
                    .maxEventAge(Duration.minutes(1))
                    .build());
        } else {
            alias = null;
        }
    }

    /**
     * Every key the call touches must match one of the patterns. ForAllValues is the documented form for
     * LeadingKeys; every granted action names its keys (no Scan is granted), so the condition always applies.
     */
    static Map<String, Object> leadingKeys(List<String> patterns) {
        return Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", patterns));
    }

    public FunctionKind kind() {
        return kind;
    }

    public Function function() {
        return function;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public Optional<Alias> alias() {
        return Optional.ofNullable(alias);
    }

    /** What callers invoke: the {@code live} alias where there is one, otherwise the function. */
    public IFunction invokeTarget() {
        return alias != null ? alias : function;
    }

    private void allowTable(Role role, ITable table) {
        if (!kind.tableActions().isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(kind.tableActions().stream().sorted().toList())
                    .resources(List.of(table.getTableArn()))
                    .conditions(leadingKeys(kind.tableLeadingKeys()))
                    .build());
        }
        // One statement per index: the condition differs between indexes (the purge's DEACTIVATED partition).
        kind.indexLeadingKeys().forEach((index, keys) -> role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(kind.indexActions().stream().sorted().toList())
                .resources(List.of(table.getTableArn() + "/index/" + index))
                .conditions(leadingKeys(keys))
                .build()));
        if (table.getEncryptionKey() != null) {
            // A customer-managed key: DynamoDB uses it on the caller's behalf, only through DynamoDB in
            // this region. The same actions CDK's table grants give, spelled out without wildcards.
            List<String> keyActions = kind.writes()
                    ? List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo")
                    : List.of("kms:Decrypt");
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(keyActions)
                    .resources(List.of(table.getEncryptionKey().getKeyArn()))
                    .conditions(Map.of("StringEquals",
                            Map.of("kms:ViaService", "dynamodb." + Aws.REGION + ".amazonaws.com")))
                    .build());
        }
    }
}
