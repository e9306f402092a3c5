package dev.scimaws.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * What tells a platform team the service is in trouble: CloudWatch alarms on the gateway, the functions,
 * the table and the purge, all sent to one SNS topic (with an optional e-mail subscription), and one
 * dashboard with the same metrics. docs/operations.md says what each alarm means and what to check first.
 * Metrics the services do not publish (401s, authorizer failures, purge outcomes) come from metric filters
 * on the API's JSON access log and on the purge's summary line.
 */
public final class ScimAlarms extends Construct {

    /** API Gateway access-log answers that are the authorizer failing, not refusing: clients see a 503. */
    static final List<String> AUTHORIZER_FAILURES = List.of("AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR");
    /** Operations the functions call; DynamoDB reports throttled requests per operation. */
    static final List<String> TABLE_OPERATIONS = List.of("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem",
            "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private static final Duration FIVE_MINUTES = Duration.minutes(5);
    private static final Duration ONE_DAY = Duration.days(1);
    /** How far behind its stream a consumer may read before {@link #alarmOnStreamConsumer} alarms. */
    static final Duration STREAM_BEHIND = Duration.minutes(10);

    private final Topic topic;
    private final String namespace;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();
    private final Dashboard dashboard;

    public ScimAlarms(Construct scope, String id, AlarmSettings settings, ScimStack stack) {
        super(scope, id);
        namespace = "ScimAws/" + stack.getStackName();
        topic = Topic.Builder.create(this, "Topic")
                .displayName("SCIM on AWS alarms (" + stack.getStackName() + ")")
                .enforceSsl(true)
                .build();
        settings.email().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));

        ScimApi api = stack.api();
        Map<String, String> apiDimensions = Map.of("ApiName", api.api().getRestApiName(), "Stage", ScimApi.STAGE);
        Metric requests = metric("AWS/ApiGateway", "Count", apiDimensions, "SampleCount", FIVE_MINUTES);
        Metric serverErrors = metric("AWS/ApiGateway", "5XXError", apiDimensions, "Average", FIVE_MINUTES);
        Metric latency = metric("AWS/ApiGateway", "Latency", apiDimensions, "p99", FIVE_MINUTES);
        alarm("ServerErrors", "SCIM answers 5xx to more than " + settings.serverErrorPercent() + " % of requests",
                serverErrors, settings.serverErrorPercent() / 100, 1, 1);
        alarm("LatencyP99", "p99 latency at the gateway above " + settings.latencyP99Ms() + " ms (Okta's limit is 600 ms)",
                latency, settings.latencyP99Ms(), 3, 2);

        Metric unauthorized = countFromLog("Unauthorized", api.accessLogs(), "{ $.status = \"401\" }", "1", FIVE_MINUTES);
        alarm("UnauthorizedBurst", "At least " + settings.unauthorizedPer5Minutes()
                + " answers 401 in 5 minutes: someone trying tokens, or an identity provider still sending a revoked or expired one",
                unauthorized, settings.unauthorizedPer5Minutes() - 0.5, 1, 1);
        Metric authorizerFailures = countFromLog("AuthorizerFailures", api.accessLogs(), "{ " + String.join(" || ",
                AUTHORIZER_FAILURES.stream().map(type -> "$.errorType = \"" + type + "\"").toList()) + " }", "1", FIVE_MINUTES);
        alarm("AuthorizerFailures", "The token authorizer failed (timeout, crash, bad answer): clients got a 503",
                authorizerFailures, 0.5, 1, 1);

        List<IMetric> functionErrors = new ArrayList<>();
        List<IMetric> functionThrottles = new ArrayList<>();
        for (FunctionKind kind : FunctionKind.values()) {
            ScimFunction function = stack.function(kind);
            Map<String, String> dimensions = Map.of("FunctionName", function.function().getFunctionName());
            Metric errors = metric("AWS/Lambda", "Errors", dimensions, "Sum", FIVE_MINUTES);
            Metric throttles = metric("AWS/Lambda", "Throttles", dimensions, "Sum", FIVE_MINUTES);
            // The authorizer refuses a token by failing with "Unauthorized" (API Gateway's contract), so its
            // Errors metric counts refusals: its real failures are the AuthorizerFailures alarm above.
            if (kind != FunctionKind.AUTHORIZER) {
                alarm(kind.handlerClass() + "Errors", kind.handlerClass() + " failed (crash, timeout, out of memory)", errors, 0.5, 1, 1);
                functionErrors.add(errors);
            }
            alarm(kind.handlerClass() + "Throttles", kind.handlerClass() + " was throttled (concurrency limit)", throttles, 0.5, 1, 1);
            functionThrottles.add(throttles);
        }

        MathExpression tableThrottles = tableThrottles(stack.table());
        alarm("TableThrottles", "DynamoDB throttled at least " + settings.dynamoThrottlesPer5Minutes() + " requests in 5 minutes",
                tableThrottles, settings.dynamoThrottlesPer5Minutes() - 0.5, 1, 1);

        ILogGroup purgeLogs = stack.function(FunctionKind.PURGE).logGroup();
        Metric purgeFailed = countFromLog("PurgeFailedUsers", purgeLogs,
                "{ $.message = \"purge summary\" && $.totals.failed > 0 }", "$.totals.failed", ONE_DAY);
        alarm("PurgeFailedUsers", "The purge failed to delete users (they stay candidates; see its ERROR lines)",
                purgeFailed, 0.5, 1, 1);
        Metric purgeStoppedEarly = countFromLog("PurgeStoppedEarly", purgeLogs,
                "{ $.message = \"purge summary\" && $.stoppedEarly IS TRUE }", "1", ONE_DAY);
        alarm("PurgeStoppedEarly", "The purge stopped before finishing its backlog " + settings.purgeStoppedEarlyRuns()
                + " days in a row: raise its timeout or run it more often", purgeStoppedEarly, 0.5,
                settings.purgeStoppedEarlyRuns(), settings.purgeStoppedEarlyRuns());

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(stack.getStackName() + "-scim")
                .widgets(List.of(
                        List.<IWidget>of(
                                graph("Requests and 5xx rate", List.of(requests), List.of(serverErrors), null),
                                graph("p99 latency (ms)", List.of(latency), List.of(), settings.latencyP99Ms()),
                                graph("401 answers and authorizer failures", List.of(unauthorized, authorizerFailures), List.of(), null)),
                        List.<IWidget>of(
                                graph("Function errors", functionErrors, List.of(), null),
                                graph("Function throttles", functionThrottles, List.of(), null),
                                graph("DynamoDB throttled requests", List.of(tableThrottles), List.of(), null)),
                        List.<IWidget>of(
                                graph("Purge: users failed, runs stopped early", List.of(purgeFailed, purgeStoppedEarly), List.of(), null),
                                AlarmStatusWidget.Builder.create().title("Alarms").width(16).height(6)
                                        .alarms(List.copyOf(alarms.values())).build())))
                .build();
    }

    /**
     * An alarm on the messages waiting in a failure queue (a dead-letter queue, an on-failure destination):
     * each one is work that did not happen. Alarms added here are not on the dashboard's alarm widget.
     */
    public Alarm alarmOnQueue(IQueue queue, String id, String what) {
        Metric visible = (Metric) queue.metricApproximateNumberOfMessagesVisible(
                software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().statistic("Maximum").period(FIVE_MINUTES).build());
        return alarm(id, "Messages in " + what + ": work that failed and waits for a look (and a redrive)", visible, 0.5, 1, 1);
    }

    /**
     * Alarms on a function fed by a stream (the provisioning events): {@code <name>Errors} when it fails
     * (crash, timeout; a batch it reports as failed is retried, then lands in its failure queue), and
     * {@code <id>IteratorAge} when it reads more than {@link #STREAM_BEHIND} behind the stream's newest
     * record in 2 of 3 five-minute periods: batches stuck in retries, or more writes than it keeps up with.
     * Alarms added here are not on the dashboard's alarm widget.
     */
    public void alarmOnStreamConsumer(IFunction function, String name, String id) {
        Map<String, String> dimensions = Map.of("FunctionName", function.getFunctionName());
        alarm(name + "Errors", name + " failed (crash, timeout, out of memory)",
                metric("AWS/Lambda", "Errors", dimensions, "Sum", FIVE_MINUTES), 0.5, 1, 1);
        alarm(id + "IteratorAge", name + " reads its stream more than " + STREAM_BEHIND.toMinutes()
                        + " minutes behind: failing batches being retried, or more writes than it keeps up with",
                metric("AWS/Lambda", "IteratorAge", dimensions, "Maximum", FIVE_MINUTES), STREAM_BEHIND.toMilliseconds().doubleValue(), 3, 2);
    }

    public Topic topic() {
        return topic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** Alarm construct id -> alarm, in creation order. */
    public Map<String, Alarm> alarms() {
        return Map.copyOf(alarms);
    }

    private Alarm alarm(String id, String description, IMetric metric, double threshold, int periods, int datapoints) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description + " (docs/operations.md#" + id.toLowerCase(java.util.Locale.ROOT) + ")")
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(datapoints)
                // No data is no traffic, no failure, or no purge run: never a reason to alarm.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.put(id, alarm);
        return alarm;
    }

    private static Metric metric(String namespace, String name, Map<String, String> dimensions, String statistic, Duration period) {
        return Metric.Builder.create().namespace(namespace).metricName(name).dimensionsMap(dimensions)
                .statistic(statistic).period(period).build();
    }

    /** A metric filter on a log group, and its metric summed over {@code period}. */
    private Metric countFromLog(String name, ILogGroup logs, String pattern, String value, Duration period) {
        MetricFilter.Builder.create(this, name + "Filter")
                .logGroup(logs)
                .filterPattern(FilterPattern.literal(pattern))
                .metricNamespace(namespace)
                .metricName(name)
                .metricValue(value)
                .build();
        return metric(namespace, name, Map.of(), "Sum", period);
    }

    private static MathExpression tableThrottles(ITable table) {
        Map<String, IMetric> perOperation = new LinkedHashMap<>();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < TABLE_OPERATIONS.size(); i++) {
            perOperation.put("op" + i, metric("AWS/DynamoDB", "ThrottledRequests",
                    Map.of("TableName", table.getTableName(), "Operation", TABLE_OPERATIONS.get(i)), "Sum", FIVE_MINUTES));
            terms.add("FILL(op" + i + ", 0)");
        }
        return MathExpression.Builder.create()
                .expression(String.join(" + ", terms))
                .usingMetrics(perOperation)
                .label("Throttled requests, all operations")
                .period(FIVE_MINUTES)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right, Integer limit) {
        GraphWidget.Builder builder = GraphWidget.Builder.create().title(title).width(8).height(6).left(left);
        if (!right.isEmpty()) {
            builder.right(right);
        }
        if (limit != null) {
            builder.leftAnnotations(List.of(HorizontalAnnotation.builder().value(limit).label("limit").build()));
        }
        return builder.build();
    }
}
