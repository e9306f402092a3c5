package dev.scimaws.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scimaws.scim.StoreException;
import dev.scimaws.testing.ScriptedDynamoDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class DynamoCallsTest {

    private static final Pattern TOKEN = Pattern.compile("\"ClientRequestToken\":\"([^\"]+)\"");

    private static DynamoDbClient client(ScriptedDynamoDb script) {
        return DynamoCalls.translating(script.client(DynamoCalls.overrideConfiguration()));
    }

    @Test
    void aTransactionRetriedAfterALateAnswerCarriesTheSameClientRequestToken() {
        AtomicInteger attempt = new AtomicInteger();
        ScriptedDynamoDb script = new ScriptedDynamoDb(operation -> attempt.incrementAndGet() == 1
                // the first attempt succeeds in the table but answers after the attempt timeout
                ? new ScriptedDynamoDb.Slow(DynamoCalls.ATTEMPT_TIMEOUT.toMillis() + 300, ScriptedDynamoDb.empty(operation))
                : ScriptedDynamoDb.empty(operation));
        Map<String, AttributeValue> item = Map.of("PK", AttributeValue.fromS("a"), "SK", AttributeValue.fromS("b"));

        client(script).transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName("t").item(item)).build()));

        List<String> tokens = script.attempts().stream().map(a -> {
            Matcher matcher = TOKEN.matcher(a.body());
            return matcher.find() ? matcher.group(1) : null;
        }).toList();
        assertThat(tokens).hasSize(2).doesNotContainNull();
        assertThat(tokens.get(1)).as("the replay is recognised by DynamoDB, not applied twice").isEqualTo(tokens.get(0));
    }

    @Test
    void throttlingIsRetriedWithBackoffThenBecomesThrottled() {
        ScriptedDynamoDb script = new ScriptedDynamoDb(operation -> ScriptedDynamoDb.error(400, "ThrottlingException"));

        assertThatThrownBy(() -> client(script).getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a")))))
                .isInstanceOf(StoreException.Throttled.class);
        assertThat(script.attempts("GetItem")).isEqualTo(DynamoCalls.MAX_ATTEMPTS);
    }

    @Test
    void aFailedConditionStaysTheStoresToInterpret() {
        ScriptedDynamoDb script = new ScriptedDynamoDb(operation -> ScriptedDynamoDb.error(400, "ConditionalCheckFailedException"));

        assertThatThrownBy(() -> client(script).putItem(b -> b.tableName("t").item(Map.of("PK", AttributeValue.fromS("a")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(script.attempts("PutItem")).isEqualTo(1);
    }

    @Test
    void noCallStartsOnceTheRequestBudgetIsSpent() {
        ScriptedDynamoDb script = new ScriptedDynamoDb(ScriptedDynamoDb::empty);
        DynamoDbClient dynamo = client(script);

        try (var budget = DynamoCalls.startRequest(Duration.ZERO, Optional.empty())) {
            assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a")))))
                    .isInstanceOf(StoreException.Unavailable.class);
        }
        assertThat(script.attempts()).isEmpty();

        dynamo.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a"))));
        assertThat(script.attempts()).as("the budget ends with its request").hasSize(1);
    }

    @Test
    void theBudgetLeavesTheFunctionTimeToAnswer() {
        ScriptedDynamoDb script = new ScriptedDynamoDb(ScriptedDynamoDb::empty);
        DynamoDbClient dynamo = client(script);
        // 4 s left in the function: less than one call timeout plus a second to answer, so no call may start
        try (var budget = DynamoCalls.startRequest(DynamoCalls.REQUEST_BUDGET, Optional.of(Duration.ofSeconds(4)))) {
            assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a")))))
                    .isInstanceOf(StoreException.Unavailable.class);
        }
        try (var budget = DynamoCalls.startRequest(DynamoCalls.REQUEST_BUDGET, Optional.of(Duration.ofSeconds(20)))) {
            dynamo.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a"))));
        }
        assertThat(script.attempts()).hasSize(1);
    }

    @Test
    void eachSdkFailureTranslatesToItsDomainError() {
        assertThat(DynamoCalls.translate(ApiCallTimeoutException.create(4000))).containsInstanceOf(StoreException.Unavailable.class);
        assertThat(DynamoCalls.translate(ApiCallAttemptTimeoutException.create(1500))).containsInstanceOf(StoreException.Unavailable.class);
        assertThat(DynamoCalls.translate(SdkClientException.create("Unable to execute HTTP request", new java.net.ConnectException("refused"))))
                .containsInstanceOf(StoreException.Unavailable.class);
        assertThat(DynamoCalls.translate(SdkClientException.create("Unable to load region")))
                .as("a client failure without IO is a misconfiguration: a 500").isEmpty();
        assertThat(DynamoCalls.translate(ProvisionedThroughputExceededException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .statusCode(400).build())).containsInstanceOf(StoreException.Throttled.class);
        assertThat(DynamoCalls.translate(TransactionInProgressException.builder().statusCode(400).build()))
                .containsInstanceOf(StoreException.Unavailable.class);
        assertThat(DynamoCalls.translate(DynamoDbException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build())
                .statusCode(400).build())).isEmpty();
        assertThat(DynamoCalls.translate(TransactionCanceledException.builder()
                .cancellationReasons(CancellationReason.builder().code("ConditionalCheckFailed").build(),
                        CancellationReason.builder().code("TransactionConflict").build())
                .statusCode(400).build())).as("a failed condition is the store's to answer").isEmpty();
        assertThat(DynamoCalls.translate(new IllegalStateException("a bug"))).isEmpty();
    }

    @Test
    void theWorstCaseStaysWellUnderApiGatewaysLimit() {
        assertThat(DynamoCalls.WORST_CASE).isLessThan(Duration.ofSeconds(15));
        assertThat(DynamoCalls.ATTEMPT_TIMEOUT.multipliedBy(2)).isLessThanOrEqualTo(DynamoCalls.CALL_TIMEOUT);
    }
}
