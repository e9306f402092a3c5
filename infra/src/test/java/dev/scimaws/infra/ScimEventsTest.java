package dev.scimaws.infra;

import static dev.scimaws.infra.Synth.list;
import static dev.scimaws.infra.Synth.map;
import static dev.scimaws.infra.Synth.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scimaws.events.EventsSettings;
import dev.scimaws.store.TableDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/** The change feed as deployed: stream, events function, bus, archive, failure queue and the events function's rights. */
class ScimEventsTest {

    @TempDir
    static Path workDir;

    static Synth synth;

    @BeforeAll
    static void synthesize() {
        synth = Synth.of(workDir, Map.of());
    }

    private static String only(Synth synth, String type) {
        Map<String, Map<String, Object>> found = synth.ofType(type);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The events' failure queue (the stack also has the purge's). */
    private static String failureQueue(Synth synth) {
        List<String> found = synth.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("EventsFailures")).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static String eventsFunctionId(Synth synth) {
        return synth.ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> ScimEvents.HANDLER.equals(props(e.getValue()).get("Handler")))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no events function"));
    }

    @Test
    void tableStreamsNewAndOldImages() {
        Map<String, Object> table = props(synth.ofType("AWS::DynamoDB::Table").values().iterator().next());
        assertThat(table.get("StreamSpecification")).isEqualTo(Map.of("StreamViewType", TableDefinition.STREAM_VIEW_TYPE));
        assertThat(TableDefinition.STREAM_VIEW_TYPE).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void streamMappingReportsItemFailuresBisectsRetriesBoundedAndSendsTheRestToTheQueue() {
        String queue = failureQueue(synth);
        String function = eventsFunctionId(synth);
        Map<String, Object> mapping = props(synth.resources().get(only(synth, "AWS::Lambda::EventSourceMapping")));
        assertThat(mapping.get("FunctionName")).isEqualTo(Synth.ref(function));
        assertThat(mapping.get("EventSourceArn")).isEqualTo(Synth.getAtt(tableId(), "StreamArn"));
        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(mapping.get("BisectBatchOnFunctionError")).isEqualTo(true);
        assertThat(((Number) mapping.get("MaximumRetryAttempts")).intValue()).isEqualTo(EventsOptions.DEFAULT_RETRY_ATTEMPTS);
        assertThat(((Number) mapping.get("MaximumRecordAgeInSeconds")).intValue()).isEqualTo(EventsOptions.DEFAULT_MAX_RECORD_AGE_SECONDS);
        assertThat(((Number) mapping.get("ParallelizationFactor")).intValue()).isEqualTo(1);
        assertThat(mapping.get("StartingPosition")).isEqualTo("TRIM_HORIZON");
        assertThat(map(map(mapping.get("DestinationConfig")).get("OnFailure")).get("Destination"))
                .isEqualTo(Synth.getAtt(queue, "Arn"));
    }

    @Test
    void failureQueueIsEncryptedAndRefusesPlainHttp() {
        String queueId = failureQueue(synth);
        Map<String, Object> queue = props(synth.resources().get(queueId));
        assertThat(queue.get("SqsManagedSseEnabled")).isEqualTo(true);
        synth.template().hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                "Queues", List.of(Synth.ref(queueId)),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void busAndArchiveWithTheDefaultRetentionAndTheBusInTheOutputs() {
        String bus = only(synth, "AWS::Events::EventBus");
        Map<String, Object> archive = props(synth.resources().get(only(synth, "AWS::Events::Archive")));
        assertThat(archive.get("SourceArn")).isEqualTo(Synth.getAtt(bus, "Arn"));
        assertThat(((Number) archive.get("RetentionDays")).intValue()).isEqualTo(EventsOptions.DEFAULT_ARCHIVE_RETENTION_DAYS);
        assertThat(archive.get("EventPattern")).isEqualTo(Map.of("source", List.of("scim-aws")));
        synth.template().hasOutput(ScimEvents.OUTPUT_BUS_NAME, Match.objectLike(Map.of("Value", Synth.ref(bus))));
        synth.template().hasOutput(ScimEvents.OUTPUT_BUS_ARN, Match.objectLike(Map.of("Value", Synth.getAtt(bus, "Arn"))));
        synth.template().hasOutput(ScimEvents.OUTPUT_FAILURE_QUEUE, Match.anyValue());
    }

    @Test
    void eventsFunctionIsJava21WithoutSnapStartAndKeepsTheFullResourceOffByDefault() {
        Map<String, Object> function = props(synth.resources().get(eventsFunctionId(synth)));
        assertThat(function.get("Runtime")).isEqualTo("java21");
        assertThat(function).doesNotContainKey("SnapStart");
        Map<String, Object> variables = map(map(function.get("Environment")).get("Variables"));
        assertThat(variables).containsEntry(EventsSettings.BUS_ENV, Synth.ref(only(synth, "AWS::Events::EventBus")))
                .containsEntry(EventsSettings.FULL_RESOURCE_ENV, "false");
    }

    @Test
    void eventsRoleReadsTheStreamAndPutsOnTheBusOnly() {
        String function = eventsFunctionId(synth);
        Object role = map(props(synth.resources().get(function)).get("Role")).get("Fn::GetAtt");
        String roleId = (String) list(role).get(0);
        List<Map<String, Object>> statements = new ArrayList<>();
        synth.ofType("AWS::IAM::Policy").values().stream()
                .filter(policy -> list(props(policy).get("Roles")).contains(Synth.ref(roleId)))
                .forEach(policy -> list(map(props(policy).get("PolicyDocument")).get("Statement"))
                        .forEach(statement -> statements.add(map(statement))));
        Map<Object, Object> resourceByAction = new java.util.HashMap<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            for (Object action : list(statement.get("Action"))) {
                assertThat(resourceByAction.put(action, statement.get("Resource"))).as("%s granted once", action).isNull();
            }
        }
        String queue = failureQueue(synth);
        assertThat(resourceByAction).containsOnlyKeys(
                "logs:CreateLogStream", "logs:PutLogEvents",
                "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
                "events:PutEvents",
                "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
        assertThat(resourceByAction.get("dynamodb:GetRecords")).isEqualTo(Synth.getAtt(tableId(), "StreamArn"));
        assertThat(resourceByAction.get("dynamodb:ListStreams")).isEqualTo(Synth.getAtt(tableId(), "StreamArn"));
        assertThat(resourceByAction.get("events:PutEvents")).isEqualTo(Synth.getAtt(only(synth, "AWS::Events::EventBus"), "Arn"));
        assertThat(resourceByAction.get("sqs:SendMessage")).isEqualTo(Synth.getAtt(queue, "Arn"));
        assertThat(resourceByAction.keySet()).noneMatch(action -> action.toString().matches("dynamodb:(Get|Put|Update|Delete|Batch|Query|Scan).*Item.*|dynamodb:Query|dynamodb:Scan"));
    }

    @Test
    void fullResourceAndRetentionAreSettings(@TempDir Path optedDir) {
        Synth opted = Synth.of(optedDir, Map.of(EventsOptions.FULL_RESOURCE, "true",
                EventsOptions.ARCHIVE_RETENTION_DAYS, "7", EventsOptions.RETRY_ATTEMPTS, "2"));
        Map<String, Object> function = props(opted.resources().get(eventsFunctionId(opted)));
        assertThat(map(map(function.get("Environment")).get("Variables"))).containsEntry(EventsSettings.FULL_RESOURCE_ENV, "true");
        assertThat(((Number) props(opted.resources().get(only(opted, "AWS::Events::Archive"))).get("RetentionDays")).intValue()).isEqualTo(7);
        assertThat(((Number) props(opted.resources().get(only(opted, "AWS::Lambda::EventSourceMapping")))
                .get("MaximumRetryAttempts")).intValue()).isEqualTo(2);
    }

    @Test
    void unboundedRetriesAreRefused() {
        assertThatThrownBy(() -> EventsOptions.fromContext(Map.<String, Object>of(EventsOptions.RETRY_ATTEMPTS, "-1")::get))
                .hasMessageContaining(EventsOptions.RETRY_ATTEMPTS);
    }

    private static String tableId() {
        return synth.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    }
}
