package dev.scimaws.infra;

import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.apigateway.Method;
import software.constructs.IConstruct;

/**
 * The findings of cdk-nag's AwsSolutions pack this stack accepts, each on the construct it concerns, with
 * the rule and the reason a reviewer needs. CdkNagTest runs the pack over the synthesized stack and fails on
 * any finding not acknowledged here, so a new one cannot slip in unnoticed. Acknowledgments are CDK's own
 * ({@link Validations}), so the stack needs no cdk-nag dependency to carry them.
 */
final class NagAcknowledgments {

    static final String LATEST_RUNTIME = "AwsSolutions-L1";
    static final String REQUEST_VALIDATION = "AwsSolutions-APIG2";
    static final String WAF = "AwsSolutions-APIG3";
    static final String EXECUTION_LOGS = "AwsSolutions-APIG6";
    static final String COGNITO_AUTHORIZER = "AwsSolutions-COG4";
    static final String NO_AUTHORIZATION = "AwsSolutions-APIG4";
    static final String MANAGED_POLICY = "AwsSolutions-IAM4";
    static final String DEAD_LETTER_QUEUE = "AwsSolutions-SQS3";
    static final String TOPIC_KMS = "AwsSolutions-SNS2";
    static final String API_GATEWAY_LOGS_POLICY =
            MANAGED_POLICY + "[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]";

    private NagAcknowledgments() {}

    static void acknowledge(ScimStack stack) {
        String java21 = "Java 21 is the LTS runtime the jar is compiled for and on which SnapStart priming and the"
                + " cold-start figures were measured (docs/performance.md); moving to a newer Java runtime is a"
                + " deliberate, measured change, not a default.";
        for (FunctionKind kind : FunctionKind.values()) {
            acknowledge(stack.function(kind).function(), LATEST_RUNTIME, java21);
        }
        acknowledge(stack.events().function(), LATEST_RUNTIME, java21);
        ScimApi api = stack.api();
        acknowledge(api.api(), REQUEST_VALIDATION, "Every handler validates the whole request against the SCIM schemas"
                + " and answers RFC 7644 error JSON (400 invalidSyntax/invalidValue); an API Gateway validator would answer"
                + " before them with a body SCIM clients do not understand. The token authorizer's validationRegex"
                + " already rejects malformed Authorization headers.");
        acknowledge(api.api().getDeploymentStage(), WAF, "The only clients are identity providers with a per-tenant"
                + " bearer token; the stage is throttled (throttleRateLimit/throttleBurstLimit) and unknown tokens are"
                + " refused by the authorizer with the answer cached. A WAF web ACL (about $5 a month plus requests) can"
                + " be associated by the platform team where its policy requires one.");
        acknowledge(api.api().getDeploymentStage(), EXECUTION_LOGS, "Every request is logged as one JSON access-log line"
                + " (status, latencies, authorizer status, error type) into a log group with a retention; execution logs"
                + " would go to a group API Gateway creates without retention and may carry request data (user names).");
        api.tokenMethod().ifPresent(token -> {
            String reason = "The OAuth 2.0 token endpoint is how a client obtains a token (RFC 6749 client credentials"
                    + " grant), so it cannot sit behind the token authorizer: it authenticates the client id and secret"
                    + " itself (stored only hashed) and answers 401 invalid_client; the stage throttling applies.";
            acknowledge(token, NO_AUTHORIZATION, reason);
            acknowledge(token, COGNITO_AUTHORIZER, reason);
        });
        for (Method method : api.api().getMethods()) {
            if (api.tokenMethod().filter(token -> token == method).isPresent()) {
                continue;
            }
            acknowledge(method, COGNITO_AUTHORIZER, "SCIM clients (Okta, Entra ID) authenticate with a static bearer"
                    + " token they cannot obtain from a Cognito user pool; every method is behind the TOKEN authorizer,"
                    + " which checks the token's SHA-256 against the table (revocation, expiry) and names the tenant.");
        }
        acknowledge(stack.purgeFailures(), DEAD_LETTER_QUEUE, "This queue is itself the dead-letter queue and"
                + " on-failure destination of the scheduled purge; its messages are kept 14 days and alarmed on.");
        acknowledge(stack.events().failures(), DEAD_LETTER_QUEUE, "This queue is itself the on-failure destination"
                + " of the provisioning events' stream mapping (batches that failed after the bounded retries); its"
                + " messages are kept 14 days and alarmed on (EventsFailuresQueued).");
        acknowledge(stack.alarms().topic(), TOPIC_KMS, "CloudWatch alarms cannot publish to a topic encrypted with"
                + " the AWS-managed SNS key, and the messages are alarm state changes (names, thresholds), no tenant"
                + " data; the topic refuses non-TLS publishers (enforceSsl).");
        IConstruct cloudWatchRole = api.api().getNode().tryFindChild("CloudWatchRole");
        if (cloudWatchRole != null) {
            acknowledge(cloudWatchRole, API_GATEWAY_LOGS_POLICY, "The account-level role API Gateway needs to write"
                    + " access logs; AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it (log groups"
                    + " are not known in advance). apiGatewayCloudWatchRole=false leaves it out where the account has one.");
        }
    }

    static void acknowledge(IConstruct construct, String rule, String reason) {
        if (rule.contains("::")) {
            // A finding naming an ARN (IAM4[Policy::arn:...]) cannot pass acknowledge(): CDK reserves "::" for its
            // "prefix::rule" form. cdk-nag reads the same metadata entry acknowledge() writes: id -> reason.
            construct.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(rule, reason));
            return;
        }
        Validations.of(construct).acknowledge(Acknowledgment.builder().id(rule).reason(reason).build());
    }
}
