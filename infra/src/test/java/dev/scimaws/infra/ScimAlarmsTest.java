package dev.scimaws.infra;

import static dev.scimaws.infra.Synth.getAtt;
import static dev.scimaws.infra.Synth.list;
import static dev.scimaws.infra.Synth.map;
import static dev.scimaws.infra.Synth.props;
import static dev.scimaws.infra.Synth.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alarms, their topic and dashboard, and the purge's failure destinations, as synthesized. */
class ScimAlarmsTest {

    @TempDir
    static Path workDir;

    static Synth synth;

    @BeforeAll
    static void synthesize() {
        synth = Synth.of(workDir, Map.of());
    }

    /** id -> {namespace, metric, statistic, period, threshold, periods, datapoints}; FunctionKind alarms below. */
    private static final Map<String, List<Object>> ALARMS = Map.of(
            "ServerErrors", List.of("AWS/ApiGateway", "5XXError", "Average", 300, 0.01, 1, 1),
            "LatencyP99", List.of("AWS/ApiGateway", "Latency", "p99", 300, 600, 3, 2),
            "UnauthorizedBurst", List.of("ScimAws/ScimAws", "Unauthorized", "Sum", 300, 49.5, 1, 1),
            "AuthorizerFailures", List.of("ScimAws/ScimAws", "AuthorizerFailures", "Sum", 300, 0.5, 1, 1),
            "PurgeFailedUsers", List.of("ScimAws/ScimAws", "PurgeFailedUsers", "Sum", 86400, 0.5, 1, 1),
            "PurgeStoppedEarly", List.of("ScimAws/ScimAws", "PurgeStoppedEarly", "Sum", 86400, 0.5, 2, 2),
            "PurgeFailuresQueued", List.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 300, 0.5, 1, 1),
            "EventsFailuresQueued", List.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 300, 0.5, 1, 1),
            "EventsHandlerErrors", List.of("AWS/Lambda", "Errors", "Sum", 300, 0.5, 1, 1),
            "EventsIteratorAge", List.of("AWS/Lambda", "IteratorAge", "Maximum", 300, 600_000, 3, 2));

    @Test
    void everyAlarmHasItsMetricAndDefaultThresholdAndNotifiesTheTopic() {
        Map<String, Map<String, Object>> alarms = alarms(synth);
        String topic = synth.ofType("AWS::SNS::Topic").keySet().iterator().next();

        ALARMS.forEach((id, expected) -> {
            Map<String, Object> alarm = alarms.get(id);
            assertThat(alarm).as(id).isNotNull();
            assertThat(alarm.get("Namespace")).as(id).isEqualTo(expected.get(0));
            assertThat(alarm.get("MetricName")).as(id).isEqualTo(expected.get(1));
            String statistic = (String) expected.get(2);
            assertThat(alarm.get(statistic.startsWith("p") ? "ExtendedStatistic" : "Statistic")).as(id).isEqualTo(statistic);
            assertThat(((Number) alarm.get("Period")).intValue()).as(id).isEqualTo(expected.get(3));
            assertThat(((Number) alarm.get("Threshold")).doubleValue()).as(id).isEqualTo(((Number) expected.get(4)).doubleValue());
            assertThat(alarm.get("EvaluationPeriods")).as(id).isEqualTo(expected.get(5));
            assertThat(alarm.get("DatapointsToAlarm")).as(id).isEqualTo(expected.get(6));
        });
        for (FunctionKind kind : FunctionKind.values()) {
            Object function = ref(synth.functionId(kind));
            assertLambdaAlarm(alarms.get(kind.handlerClass() + "Throttles"), "Throttles", function);
            if (kind == FunctionKind.AUTHORIZER) {
                assertThat(alarms).as("its Errors count refused tokens").doesNotContainKey(kind.handlerClass() + "Errors");
            } else {
                assertLambdaAlarm(alarms.get(kind.handlerClass() + "Errors"), "Errors", function);
            }
        }
        Map<String, Object> table = alarms.get("TableThrottles");
        List<Object> queries = list(table.get("Metrics"));
        assertThat(queries.stream().map(q -> map(q).get("Expression")).filter(e -> e != null).toList())
                .containsExactly("FILL(op0, 0) + FILL(op1, 0) + FILL(op2, 0) + FILL(op3, 0) + FILL(op4, 0) + FILL(op5, 0)"
                        + " + FILL(op6, 0) + FILL(op7, 0)");
        Set<Object> operations = queries.stream().map(q -> map(q).get("MetricStat")).filter(s -> s != null)
                .map(s -> map(map(s).get("Metric")))
                .peek(metric -> assertThat(metric.get("MetricName")).isEqualTo("ThrottledRequests"))
                .flatMap(metric -> list(metric.get("Dimensions")).stream())
                .filter(d -> "Operation".equals(map(d).get("Name"))).map(d -> map(d).get("Value")).collect(Collectors.toSet());
        assertThat(operations).containsExactlyInAnyOrderElementsOf(ScimAlarms.TABLE_OPERATIONS);
        assertThat(((Number) table.get("Threshold")).doubleValue()).isEqualTo(AlarmSettings.DEFAULT_DYNAMO_THROTTLES_PER_5_MINUTES - 0.5);

        assertThat(alarms).hasSize(ALARMS.size() + 1 + 2 * FunctionKind.values().length - 1);
        alarms.forEach((id, alarm) -> {
            assertThat(alarm.get("AlarmActions")).as(id).isEqualTo(List.of(ref(topic)));
            assertThat(alarm.get("TreatMissingData")).as(id).isEqualTo("notBreaching");
            assertThat((String) alarm.get("AlarmDescription")).as(id).contains("docs/operations.md#" + id.toLowerCase());
        });
    }

    @Test
    void apiAlarmsWatchThisStageQueueAlarmsWatchTheirQueuesEventsAlarmsTheEventsFunction() {
        Map<String, Map<String, Object>> alarms = alarms(synth);
        String api = synth.ofType("AWS::ApiGateway::RestApi").keySet().iterator().next();
        for (String id : List.of("ServerErrors", "LatencyP99")) {
            assertThat(dimensions(alarms.get(id))).as(id).isEqualTo(Map.of("ApiName", ScimSettings.DEFAULT_STACK_NAME, "Stage", ScimApi.STAGE));
        }
        assertThat(props(synth.resources().get(api)).get("Name")).isEqualTo(ScimSettings.DEFAULT_STACK_NAME);
        assertThat(dimensions(alarms.get("PurgeFailuresQueued"))).isEqualTo(Map.of("QueueName", getAtt(queue("PurgeFailures"), "QueueName")));
        assertThat(dimensions(alarms.get("EventsFailuresQueued"))).isEqualTo(Map.of("QueueName", getAtt(queue("EventsFailures"), "QueueName")));
        String eventsFunction = synth.ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> ScimEvents.HANDLER.equals(props(e.getValue()).get("Handler"))).map(Map.Entry::getKey).findFirst().orElseThrow();
        for (String id : List.of("EventsHandlerErrors", "EventsIteratorAge")) {
            assertThat(dimensions(alarms.get(id))).as(id).isEqualTo(Map.of("FunctionName", ref(eventsFunction)));
        }
    }

    @Test
    void thresholdsAndTheEmailComeFromContext() throws Exception {
        Synth tuned = Synth.of(java.nio.file.Files.createTempDirectory(workDir, "tuned"), Map.of(
                AlarmSettings.EMAIL, "oncall@example.org",
                AlarmSettings.SERVER_ERROR_PERCENT, "5",
                AlarmSettings.LATENCY_P99_MS, 400,
                AlarmSettings.UNAUTHORIZED_PER_5_MINUTES, "10",
                AlarmSettings.DYNAMO_THROTTLES_PER_5_MINUTES, "20",
                AlarmSettings.PURGE_STOPPED_EARLY_RUNS, "3"));
        Map<String, Map<String, Object>> alarms = alarms(tuned);
        assertThat(alarms.get("ServerErrors").get("Threshold")).isEqualTo(0.05);
        assertThat(((Number) alarms.get("LatencyP99").get("Threshold")).intValue()).isEqualTo(400);
        assertThat(alarms.get("UnauthorizedBurst").get("Threshold")).isEqualTo(9.5);
        assertThat(alarms.get("TableThrottles").get("Threshold")).isEqualTo(19.5);
        assertThat(alarms.get("PurgeStoppedEarly")).containsEntry("EvaluationPeriods", 3).containsEntry("DatapointsToAlarm", 3);

        Map<String, Map<String, Object>> subscriptions = tuned.ofType("AWS::SNS::Subscription");
        assertThat(subscriptions).hasSize(1);
        Map<String, Object> subscription = props(subscriptions.values().iterator().next());
        assertThat(subscription).containsEntry("Protocol", "email").containsEntry("Endpoint", "oncall@example.org")
                .containsEntry("TopicArn", ref(tuned.ofType("AWS::SNS::Topic").keySet().iterator().next()));
        assertThat(synth.ofType("AWS::SNS::Subscription")).as("no address, no subscription").isEmpty();
    }

    @Test
    void badAlarmSettingsFailTheSynthNamingTheKey() {
        assertThatThrownBy(() -> AlarmSettings.fromContext(Map.<String, Object>of(AlarmSettings.EMAIL, "not-an-address")::get))
                .hasMessageContaining(AlarmSettings.EMAIL);
        assertThatThrownBy(() -> AlarmSettings.fromContext(Map.<String, Object>of(AlarmSettings.LATENCY_P99_MS, "0")::get))
                .hasMessageContaining(AlarmSettings.LATENCY_P99_MS);
        assertThatThrownBy(() -> AlarmSettings.fromContext(Map.<String, Object>of(AlarmSettings.SERVER_ERROR_PERCENT, "0")::get))
                .hasMessageContaining(AlarmSettings.SERVER_ERROR_PERCENT);
        assertThatThrownBy(() -> AlarmSettings.fromContext(Map.<String, Object>of(AlarmSettings.PURGE_STOPPED_EARLY_RUNS, "1.5")::get))
                .hasMessageContaining(AlarmSettings.PURGE_STOPPED_EARLY_RUNS);
        assertThat(AlarmSettings.defaults()).isEqualTo(new AlarmSettings(java.util.Optional.empty(), 1, 50, 600, 5, 2));
    }

    @Test
    void metricFiltersCountFromTheAccessLogAndThePurgeSummary() {
        String accessLogs = logGroupOfStage();
        String purgeLogs = (String) map(map(props(synth.resources().get(synth.functionId(FunctionKind.PURGE)))
                .get("LoggingConfig")).get("LogGroup")).get("Ref");
        Map<String, Map<String, Object>> filters = new LinkedHashMap<>();
        synth.ofType("AWS::Logs::MetricFilter").values().forEach(filter -> {
            Map<String, Object> p = props(filter);
            filters.put((String) map(list(p.get("MetricTransformations")).get(0)).get("MetricName"), p);
        });
        assertThat(filters).containsOnlyKeys("Unauthorized", "AuthorizerFailures", "PurgeFailedUsers", "PurgeStoppedEarly");
        assertFilter(filters.get("Unauthorized"), accessLogs, "{ $.status = \"401\" }", "1");
        assertFilter(filters.get("AuthorizerFailures"), accessLogs,
                "{ $.errorType = \"AUTHORIZER_FAILURE\" || $.errorType = \"AUTHORIZER_CONFIGURATION_ERROR\" }", "1");
        assertFilter(filters.get("PurgeFailedUsers"), purgeLogs,
                "{ $.message = \"purge summary\" && $.totals.failed > 0 }", "$.totals.failed");
        assertFilter(filters.get("PurgeStoppedEarly"), purgeLogs,
                "{ $.message = \"purge summary\" && $.stoppedEarly IS TRUE }", "1");
    }

    @Test
    void oneDashboardShowsTheAlarmedMetricsAndTheAlarms() throws Exception {
        Map<String, Map<String, Object>> dashboards = synth.ofType("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        Map<String, Object> dashboard = props(dashboards.values().iterator().next());
        assertThat(dashboard.get("DashboardName")).isEqualTo(ScimSettings.DEFAULT_STACK_NAME + "-scim");
        String body = Synth.JSON.writeValueAsString(dashboard.get("DashboardBody"));
        assertThat(body).contains("5XXError", "Latency", "p99", "Unauthorized", "AuthorizerFailures", "Errors", "Throttles",
                "ThrottledRequests", "PurgeFailedUsers", "PurgeStoppedEarly", "\\\"type\\\":\\\"alarm\\\"");
        for (FunctionKind kind : FunctionKind.values()) {
            assertThat(body).as(kind.name()).contains(synth.functionId(kind));
        }
    }

    @Test
    void aScheduledPurgeThatFailsOrCannotBeDeliveredLandsInTheFailureQueue() {
        String queue = queue("PurgeFailures");
        Map<String, Object> queueProps = props(synth.resources().get(queue));
        assertThat(queueProps).containsEntry("SqsManagedSseEnabled", true).containsEntry("MessageRetentionPeriod", 14 * 86400);

        String purge = synth.functionId(FunctionKind.PURGE);
        Map<String, Object> target = synth.ofType("AWS::Events::Rule").values().stream().map(Synth::props)
                .flatMap(p -> list(p.get("Targets")).stream()).map(Synth::map)
                .filter(t -> getAtt(purge, "Arn").equals(t.get("Arn"))).findFirst().orElseThrow();
        assertThat(target.get("DeadLetterConfig")).isEqualTo(Map.of("Arn", getAtt(queue, "Arn")));
        assertThat(target.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts", 2));

        Map<String, Object> asyncConfig = synth.ofType("AWS::Lambda::EventInvokeConfig").values().stream().map(Synth::props)
                .filter(p -> ref(purge).equals(p.get("FunctionName"))).findFirst().orElseThrow();
        assertThat(asyncConfig.get("DestinationConfig")).isEqualTo(Map.of("OnFailure", Map.of("Destination", getAtt(queue, "Arn"))));

        Map<String, Object> policy = synth.ofType("AWS::SQS::QueuePolicy").values().stream().map(Synth::props)
                .filter(p -> list(p.get("Queues")).contains(ref(queue))).findFirst().orElseThrow();
        String statements = policy.get("PolicyDocument").toString();
        assertThat(statements).contains("aws:SecureTransport").contains("events.amazonaws.com");
    }

    /** The one queue whose logical id starts with {@code prefix}. */
    private static String queue(String prefix) {
        List<String> found = synth.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith(prefix)).toList();
        assertThat(found).as(prefix).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Map<String, Object>> alarms(Synth synth) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        synth.stack().alarms().alarms().forEach((id, alarm) -> {
            String logicalId = synth.stack().resolve(((software.amazon.awscdk.CfnResource) alarm.getNode().getDefaultChild())
                    .getLogicalId()).toString();
            byId.put(id, props(synth.resources().get(logicalId)));
        });
        return byId;
    }

    private static void assertLambdaAlarm(Map<String, Object> alarm, String metric, Object function) {
        assertThat(alarm).as(metric + " of " + function).isNotNull();
        assertThat(alarm).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", metric)
                .containsEntry("Statistic", "Sum").containsEntry("Threshold", 0.5);
        assertThat(dimensions(alarm)).isEqualTo(Map.of("FunctionName", function));
    }

    private static Map<Object, Object> dimensions(Map<String, Object> alarm) {
        return list(alarm.get("Dimensions")).stream().map(Synth::map)
                .collect(Collectors.toMap(d -> d.get("Name"), d -> d.get("Value")));
    }

    private static String logGroupOfStage() {
        Map<String, Object> stage = props(synth.ofType("AWS::ApiGateway::Stage").values().iterator().next());
        return (String) list(map(map(stage.get("AccessLogSetting")).get("DestinationArn")).get("Fn::GetAtt")).get(0);
    }

    private static void assertFilter(Map<String, Object> filter, String logGroup, String pattern, String value) {
        assertThat(filter.get("LogGroupName")).isEqualTo(ref(logGroup));
        assertThat(filter.get("FilterPattern")).isEqualTo(pattern);
        Map<String, Object> transformation = map(list(filter.get("MetricTransformations")).get(0));
        assertThat(transformation).containsEntry("MetricNamespace", "ScimAws/" + ScimSettings.DEFAULT_STACK_NAME)
                .containsEntry("MetricValue", value);
    }
}
