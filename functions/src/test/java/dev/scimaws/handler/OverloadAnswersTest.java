package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimErrors;
import dev.scimaws.store.DynamoCalls;
import dev.scimaws.testing.ScriptedDynamoDb;
import dev.scimaws.testing.ScriptedDynamoDb.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way DynamoDB (or the way to it) can fail, through the production client configuration and the Users
 * handler, to the SCIM answer: overload is a 429 or 503 with {@code Retry-After}, a failed condition keeps its
 * conflict answer, and a bug stays a 500. The script fails one operation; every other call finds nothing.
 */
class OverloadAnswersTest {

    private static final String CREATE = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"userName\":\"ada@example.com\"}";
    private static final String CONFLICT_REASONS = ",\"CancellationReasons\":[{\"Code\":\"None\"},"
            + "{\"Code\":\"TransactionConflict\",\"Message\":\"Transaction is ongoing for the item\"}]";
    private static final String THROTTLED_REASONS = ",\"CancellationReasons\":[{\"Code\":\"ThrottlingError\"},"
            + "{\"Code\":\"None\"}]";
    private static final String LOCK_TAKEN_REASONS = ",\"CancellationReasons\":[{\"Code\":\"None\"},"
            + "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"}]";

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("ThrottlingException", "GetItem", ScriptedDynamoDb.error(400, "ThrottlingException"), 429),
                Arguments.of("ProvisionedThroughputExceededException", "GetItem",
                        ScriptedDynamoDb.error(400, "ProvisionedThroughputExceededException"), 429),
                Arguments.of("RequestLimitExceeded", "GetItem", ScriptedDynamoDb.error(400, "RequestLimitExceeded"), 429),
                Arguments.of("TransactionCanceled: TransactionConflict", "TransactWriteItems",
                        new ScriptedDynamoDb.Error(400, "TransactionCanceledException", CONFLICT_REASONS), 503),
                Arguments.of("TransactionCanceled: ThrottlingError", "TransactWriteItems",
                        new ScriptedDynamoDb.Error(400, "TransactionCanceledException", THROTTLED_REASONS), 429),
                Arguments.of("TransactionInProgressException", "TransactWriteItems",
                        ScriptedDynamoDb.error(400, "TransactionInProgressException"), 503),
                Arguments.of("InternalServerError", "GetItem", ScriptedDynamoDb.error(500, "InternalServerError"), 503),
                Arguments.of("ServiceUnavailable", "GetItem", ScriptedDynamoDb.error(503, "ServiceUnavailable"), 503),
                Arguments.of("attempt timeout", "GetItem",
                        new ScriptedDynamoDb.Slow(DynamoCalls.ATTEMPT_TIMEOUT.toMillis() + 500, ScriptedDynamoDb.empty("GetItem")), 503),
                Arguments.of("broken connection", "GetItem", new ScriptedDynamoDb.Broken(), 503),
                Arguments.of("ValidationException (a bug, not overload)", "GetItem",
                        ScriptedDynamoDb.error(400, "ValidationException"), 500),
                Arguments.of("lock taken (a real conflict)", "TransactWriteItems",
                        new ScriptedDynamoDb.Error(400, "TransactionCanceledException", LOCK_TAKEN_REASONS), 409));
    }

    /** The proxy event API Gateway sends after the authorizer let tenant acme in. */
    private static APIGatewayProxyRequestEvent event(String method, String id) {
        String path = "/scim/v2/Users" + (id == null ? "" : "/" + id);
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext().withPath(path).withRequestId("req-1");
        context.setAuthorizer(Map.of(TokenAuthorizerHandler.TENANT_CONTEXT_KEY, "acme"));
        return new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(path)
                .withPathParameters(id == null ? null : Map.of("id", id))
                .withHeaders(Map.of("Host", "scim.example.com", "Content-Type", "application/scim+json"))
                .withBody(CREATE)
                .withRequestContext(context);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("failures")
    void eachFailureBecomesItsScimAnswer(String kind, String failingOperation, Reply reply, int status) throws Exception {
        ScriptedDynamoDb dynamo = new ScriptedDynamoDb(operation ->
                operation.equals(failingOperation) ? reply : ScriptedDynamoDb.empty(operation));
        UsersHandler handler = new UsersHandler(new Wiring(DynamoCalls.translating(dynamo.client(DynamoCalls.overrideConfiguration())), "t", Clock.systemUTC()));
        // GetItem fails the lookup of the user to replace; TransactWriteItems fails the create
        var event = failingOperation.equals("GetItem")
                ? event("PUT", "4b1c7c55-0000-4000-8000-000000000001")
                : event("POST", null);

        long started = System.nanoTime();
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.getStatusCode()).as(kind).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.get("schemas").get(0).textValue()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        assertThat(body.get("status").textValue()).isEqualTo(Integer.toString(status));
        assertThat(body.get("detail").textValue()).doesNotContain("Exception").doesNotContain("dynamodb");
        if (status == 429 || status == 503) {
            assertThat(response.getHeaders()).containsEntry("Retry-After", Integer.toString(ScimErrors.RETRY_AFTER_SECONDS));
            assertThat(dynamo.attempts(failingOperation)).as("retried before answering").isGreaterThan(1);
        } else {
            assertThat(response.getHeaders()).doesNotContainKey("Retry-After");
        }
        assertThat(took).isLessThan(DynamoCalls.WORST_CASE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenEndpointFailures")
    void theTokenEndpointAnswersOverloadWithRetryAfterNotA500(String kind, Reply reply, int status) throws Exception {
        ScriptedDynamoDb dynamo = new ScriptedDynamoDb(operation -> operation.equals("GetItem") ? reply : ScriptedDynamoDb.empty(operation));
        OAuthTokenHandler handler = new OAuthTokenHandler(new Wiring(
                DynamoCalls.translating(dynamo.client(DynamoCalls.overrideConfiguration())), "t", Clock.systemUTC()));

        APIGatewayProxyResponseEvent response = handler.handleRequest(OAuthTokenHandler.event(
                "grant_type=client_credentials&client_id=scimaws-client-x&client_secret=s", null), null);

        assertThat(response.getStatusCode()).as(kind).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Retry-After", Integer.toString(ScimErrors.RETRY_AFTER_SECONDS))
                .containsEntry("Cache-Control", "no-store");
        assertThat(Json.MAPPER.readTree(response.getBody()).get("error").textValue()).isEqualTo("temporarily_unavailable");
        assertThat(response.getBody()).doesNotContain("Exception");
        assertThat(dynamo.attempts("GetItem")).as("retried before answering").isGreaterThan(1);
    }

    static Stream<Arguments> tokenEndpointFailures() {
        return Stream.of(
                Arguments.of("ThrottlingException", ScriptedDynamoDb.error(400, "ThrottlingException"), 429),
                Arguments.of("InternalServerError", ScriptedDynamoDb.error(500, "InternalServerError"), 503));
    }
}
