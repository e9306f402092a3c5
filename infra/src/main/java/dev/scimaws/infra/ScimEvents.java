package dev.scimaws.infra;

import dev.scimaws.events.EventsSettings;
import dev.scimaws.events.ProvisioningEvent;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.Archive;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The change feed (docs/events.md): the table's stream -> the events function -> a custom EventBridge bus
 * with an archive for replay. Failing batches are split (bisect) and retried a bounded number of times;
 * what still fails goes to an encrypted SQS queue, so no event is silently lost and the stream moves on.
 *
 * <p>The function is not on a request path (nobody waits for it): no SnapStart, no alias, no keep-warm.
 * Its role reads the stream and puts events on this bus, nothing else (and sends to the failure queue,
 * which Lambda does with the function's role).
 */
public final class ScimEvents extends Construct {

    public static final String HANDLER = "dev.scimaws.handler.EventsHandler::handleRequest";
    public static final String OUTPUT_BUS_NAME = "EventBusName";
    public static final String OUTPUT_BUS_ARN = "EventBusArn";
    public static final String OUTPUT_FAILURE_QUEUE = "EventsFailureQueueUrl";
    static final int BATCH_SIZE = 100;
    static final int TIMEOUT_SECONDS = 60;

    private final EventBus bus;
    private final Archive archive;
    private final Queue failures;
    private final Function function;

    public ScimEvents(Construct scope, String id, Code code, ITable table, ScimSettings settings, EventsOptions options) {
        super(scope, id);
        RemovalPolicy removal = settings.protectData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        bus = EventBus.Builder.create(this, "Bus")
                .eventBusName(settings.stackName() + "-provisioning")
                .description("SCIM provisioning events: users, groups and memberships as they change")
                .build();
        archive = Archive.Builder.create(this, "Archive")
                .sourceEventBus(bus)
                .description("Every provisioning event, for replay (docs/events.md)")
                .eventPattern(EventPattern.builder().source(List.of(ProvisioningEvent.SOURCE)).build())
                .retention(Duration.days(options.archiveRetentionDays()))
                .build();
        failures = Queue.Builder.create(this, "Failures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(removal)
                .build();

        LogGroup logGroup = LogGroups.create(this, "Logs", settings);
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs EventsHandler: its log group, the table's stream, PutEvents on the provisioning bus")
                .build();
        LogGroups.allowWriting(role, logGroup);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                // the four actions Lambda's stream polling uses, on this table's stream only (the DynamoDB guide's
                // example scopes ListStreams to the stream too; AWS's managed policy grants them on "*")
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams"))
                .resources(List.of(table.getTableStreamArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .build());
        if (table.getEncryptionKey() != null) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(table.getEncryptionKey().getKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "dynamodb." + Aws.REGION + ".amazonaws.com")))
                    .build());
        }

        function = Function.Builder.create(this, "Function")
                .description("SCIM on AWS: EventsHandler (table stream -> provisioning events)")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(code)
                .memorySize(options.memoryMb())
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .environment(Map.of(
                        EventsSettings.BUS_ENV, bus.getEventBusName(),
                        EventsSettings.FULL_RESOURCE_ENV, Boolean.toString(options.fullResource())))
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.INFO)
                .build();
        // the mapping itself rather than DynamoEventSource, whose automatic grant adds ListStreams on "*"
        EventSourceMapping.Builder.create(this, "StreamMapping")
                .target(function)
                .eventSourceArn(table.getTableStreamArn())
                // from the oldest record still in the stream: a new deployment or a paused mapping loses nothing
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(options.retryAttempts())
                .maxRecordAge(Duration.seconds(options.maxRecordAgeSeconds()))
                // one batch per shard at a time: events of one resource keep their order
                .parallelizationFactor(1)
                .onFailure(new SqsDlq(failures))
                .build();

        // at stack level, so the output keys stay as named (a nested construct would suffix them)
        CfnOutput.Builder.create(Stack.of(this), OUTPUT_BUS_NAME)
                .description("The EventBridge bus provisioning events go to (rules for consumers go here, docs/events.md)")
                .value(bus.getEventBusName())
                .build();
        CfnOutput.Builder.create(Stack.of(this), OUTPUT_BUS_ARN)
                .description("ARN of the provisioning-events bus (for rules and cross-account bus policies)")
                .value(bus.getEventBusArn())
                .build();
        CfnOutput.Builder.create(Stack.of(this), OUTPUT_FAILURE_QUEUE)
                .description("Stream batches whose events could not be published after the retries (docs/events.md: replay)")
                .value(failures.getQueueUrl())
                .build();
    }

    public EventBus bus() {
        return bus;
    }

    public Archive archive() {
        return archive;
    }

    public Queue failures() {
        return failures;
    }

    public Function function() {
        return function;
    }
}
