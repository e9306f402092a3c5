package dev.scimaws.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** Log groups with the configured retention: created by the stack, so none is left with "never expire". */
final class LogGroups {

    private static final Map<Integer, RetentionDays> RETENTION = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS), Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS), Map.entry(1096, RetentionDays.THREE_YEARS),
            Map.entry(1827, RetentionDays.FIVE_YEARS), Map.entry(2192, RetentionDays.SIX_YEARS),
            Map.entry(2557, RetentionDays.SEVEN_YEARS), Map.entry(2922, RetentionDays.EIGHT_YEARS),
            Map.entry(3288, RetentionDays.NINE_YEARS), Map.entry(3653, RetentionDays.TEN_YEARS));

    private LogGroups() {}

    /**
     * Instead of AWSLambdaBasicExecutionRole (log actions with Resource "*"): the group exists, so only
     * streams and events in this one.
     */
    static void allowWriting(Role role, LogGroup group) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(group.getLogGroupArn()))
                .build());
    }

    /** Logs follow the data: kept on stack deletion when the data is protected, removed with a test stack. */
    static LogGroup create(Construct scope, String id, ScimSettings settings) {
        RetentionDays retention = RETENTION.get(settings.logRetentionDays());
        if (retention == null) {
            throw new IllegalArgumentException("unsupported log retention " + settings.logRetentionDays());
        }
        return LogGroup.Builder.create(scope, id)
                .retention(retention)
                .removalPolicy(settings.protectData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
    }
}
