package dev.scimaws.infra;

import dev.scimaws.handler.KeepWarm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The whole service in one stack: the table, one function per handler, the REST API in front of the
 * SCIM handlers, the purge schedule, and the outputs a platform team needs next. Environment-agnostic
 * (no account or region lookups), so {@code cdk synth} needs no AWS credentials.
 */
public final class ScimStack extends Stack {

    /** Name of the single table (read by every handler). */
    public static final String TABLE_ENV = "SCIM_TABLE";
    /** Days a deactivated user is kept before the purge deletes it. */
    public static final String PURGE_RETENTION_DAYS_ENV = "SCIM_PURGE_RETENTION_DAYS";

    public static final String OUTPUT_BASE_URL = "ScimBaseUrl";
    public static final String OUTPUT_EXECUTE_API_URL = "ExecuteApiBaseUrl";
    public static final String OUTPUT_TABLE_NAME = "TableName";
    public static final String OUTPUT_TOKEN_COMMAND = "CreateTokenCommand";
    public static final String OUTPUT_DOMAIN_TARGET = "CustomDomainTarget";
    /** Followed by the plan's name, capitalised: {@code UsagePlanDefault}, {@code UsagePlanLarge}. */
    public static final String OUTPUT_USAGE_PLAN_PREFIX = "UsagePlan";

    private final Table table;
    private final Map<FunctionKind, ScimFunction> functions = new EnumMap<>(FunctionKind.class);
    private final ScimApi api;
    private final ScimEvents events;
    private final Rule purgeSchedule;
    private final Rule keepWarmSchedule;
    private final Queue purgeFailures;
    private final ScimAlarms alarms;

    public ScimStack(Construct scope, String id, StackProps props, ScimSettings settings) {
        super(scope, id, props);

        Code code = Code.fromAsset(requireJar(settings.functionsJar()).toString());
        table = new ScimTable(this, "Data", settings).table();

        for (FunctionKind kind : FunctionKind.values()) {
            Map<String, String> environment = new HashMap<>();
            environment.put(TABLE_ENV, table.getTableName());
            if (kind == FunctionKind.PURGE) {
                environment.put(PURGE_RETENTION_DAYS_ENV, Integer.toString(settings.purgeRetentionDays()));
            }
            functions.put(kind, new ScimFunction(this, functionId(kind), kind, code, table, environment, settings));
        }

        api = new ScimApi(this, "Scim", settings, function(FunctionKind.USERS), function(FunctionKind.GROUPS),
                function(FunctionKind.DISCOVERY), function(FunctionKind.AUTHORIZER));
        api.addTokenEndpoint(function(FunctionKind.OAUTH_TOKEN));

        events = new ScimEvents(this, "Events", code, table, settings, EventsOptions.fromContext(getNode()::tryGetContext));

        // A scheduled purge that EventBridge could not deliver, or that failed after Lambda's retries, lands here.
        purgeFailures = Queue.Builder.create(this, "PurgeFailures")
                .enforceSsl(true)
                .encryption(QueueEncryption.SQS_MANAGED)
                .retentionPeriod(Duration.days(14))
                .build();
        purgeSchedule = Rule.Builder.create(this, "PurgeSchedule")
                .description("Deletes users deactivated for longer than " + settings.purgeRetentionDays() + " days")
                .schedule(Schedule.expression(settings.purgeSchedule()))
                .targets(List.of(new LambdaFunction(function(FunctionKind.PURGE).function(),
                        LambdaFunctionProps.builder().retryAttempts(2).deadLetterQueue(purgeFailures).build())))
                .build();
        function(FunctionKind.PURGE).function().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .onFailure(new SqsDestination(purgeFailures))
                .build());

        keepWarmSchedule = settings.keepWarm() ? keepWarm(settings.keepWarmMinutes()) : null;
        alarms = new ScimAlarms(this, "Alarms", AlarmSettings.fromContext(getNode()::tryGetContext), this);
        alarms.alarmOnQueue(purgeFailures, "PurgeFailuresQueued", "the purge's failure queue");
        alarms.alarmOnQueue(events.failures(), "EventsFailuresQueued", "the provisioning events' failure queue");
        alarms.alarmOnStreamConsumer(events.function(), "EventsHandler", "Events");
        NagAcknowledgments.acknowledge(this);

        CfnOutput.Builder.create(this, OUTPUT_BASE_URL)
                .description("SCIM base URL: paste into the identity provider (Okta: SCIM connector base URL)")
                .value(api.baseUrl())
                .build();
        CfnOutput.Builder.create(this, OUTPUT_TABLE_NAME)
                .description("The DynamoDB table")
                .value(table.getTableName())
                .build();
        CfnOutput.Builder.create(this, OUTPUT_TOKEN_COMMAND)
                .description("Run from the repository root, with AWS credentials, choosing the tenant name, to create a bearer token")
                .value(tokenCommand(table.getTableName(),
                        api.usagePlans().get(UsageLimits.DEFAULT_PLAN_NAME).getUsagePlanId()))
                .build();
        api.usagePlans().forEach((name, plan) -> CfnOutput.Builder.create(this, usagePlanOutput(name))
                .description("Usage plan '" + name + "': TokenAdmin create/quota --usage-plan takes this id")
                .value(plan.getUsagePlanId())
                .build());
        api.domain().ifPresent(domain -> {
            CfnOutput.Builder.create(this, OUTPUT_DOMAIN_TARGET)
                    .description("Point a CNAME (or Route 53 alias) for " + settings.domainName().orElseThrow() + " here")
                    .value(domain.getDomainNameAliasDomainName())
                    .build();
            CfnOutput.Builder.create(this, OUTPUT_EXECUTE_API_URL)
                    .description("The same API on its execute-api host, for testing before DNS is in place")
                    .value(api.executeApiBaseUrl())
                    .build();
        });
    }

    /**
     * One rule pinging the {@code live} alias of every request-path function, so one environment of each
     * stays initialised between bursts. A ping that fails or arrives late is worthless: neither EventBridge
     * (here) nor Lambda's asynchronous invocation (on the alias, see {@link ScimFunction}) retries a
     * failed one, and one that could not run is dropped after a minute.
     */
    private Rule keepWarm(int minutes) {
        List<IRuleTarget> targets = functions.values().stream()
                .filter(function -> function.kind().requestPath())
                .map(function -> (IRuleTarget) new LambdaFunction(function.invokeTarget(), LambdaFunctionProps.builder()
                        .event(RuleTargetInput.fromObject(function.kind() == FunctionKind.AUTHORIZER
                                ? KeepWarm.AUTHORIZER_PING : KeepWarm.SCIM_PING))
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .build()))
                .toList();
        return Rule.Builder.create(this, "KeepWarm")
                .description("Keeps one execution environment of each request-path function warm (no DynamoDB call)")
                .schedule(Schedule.rate(Duration.minutes(minutes)))
                .targets(targets)
                .build();
    }

    /**
     * The token admin command, with the region, table and default usage plan of this deployment filled in. It
     * runs what the build before {@code cdk deploy} packaged (no compilation, no test code), forked on the JDK
     * 21+ the build selects, so it works whatever {@code java} is on the path.
     */
    static String tokenCommand(String tableName, String usagePlanId) {
        return "AWS_REGION=" + Aws.REGION + " ./mvnw -q -pl functions validate exec:exec@tokens"
                + " -Dexec.args=\"create --tenant <tenant> --table " + tableName + " --usage-plan " + usagePlanId + "\"";
    }

    /** {@code UsagePlanDefault}, {@code UsagePlanLarge}, {@code UsagePlanTeamA} for {@code team-a}. */
    static String usagePlanOutput(String planName) {
        StringBuilder id = new StringBuilder(OUTPUT_USAGE_PLAN_PREFIX);
        for (String word : planName.split("-")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }

    public Table table() {
        return table;
    }

    public ScimFunction function(FunctionKind kind) {
        return functions.get(kind);
    }

    public ScimApi api() {
        return api;
    }

    /** The change feed: stream, events function, bus, archive, failure queue. */
    public ScimEvents events() {
        return events;
    }

    public Rule purgeSchedule() {
        return purgeSchedule;
    }

    /** Scheduled purge invocations that could not be delivered or failed (EventBridge DLQ and Lambda on-failure). */
    public Queue purgeFailures() {
        return purgeFailures;
    }

    public ScimAlarms alarms() {
        return alarms;
    }

    /** Empty when {@code keepWarmMinutes} is 0. */
    public Optional<Rule> keepWarmSchedule() {
        return Optional.ofNullable(keepWarmSchedule);
    }

    /** Construct id of a function, e.g. {@code UsersHandler}. */
    static String functionId(FunctionKind kind) {
        return kind.handlerClass();
    }

    private static Path requireJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The Lambda jar is missing: " + jar.toAbsolutePath().normalize()
                    + ". Build it first: run ./mvnw -B package -DskipTests from the repository root.");
        }
        return jar;
    }
}
