package dev.scimaws.store;

import dev.scimaws.scim.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * How the functions' DynamoDB calls behave under overload and faults, in one place.
 *
 * <ul>
 *   <li>Every attempt is cut at {@link #ATTEMPT_TIMEOUT}, every call (attempts, backoffs) at {@link #CALL_TIMEOUT}.</li>
 *   <li>At most {@link #MAX_ATTEMPTS} attempts per call with full-jitter exponential backoff; throttling backs off
 *       longer than other transient errors. The SDK retries a TransactWriteItems with the same client request
 *       token, so an attempt that succeeded but answered too late is not applied twice: DynamoDB answers the
 *       replay with success.</li>
 *   <li>A request (one SCIM call) starts no DynamoDB call after its {@linkplain #startRequest budget} is spent, so
 *       a request that makes several calls still answers in about budget + one call timeout, well under the
 *       function timeout and API Gateway's 29 s.</li>
 *   <li>What is still failing after that becomes a domain error ({@link #translate}): {@link StoreException.Throttled}
 *       (SCIM 429) or {@link StoreException.Unavailable} (503). Conditional-check failures and cancelled
 *       transactions are left to the stores, which know what the condition meant.</li>
 * </ul>
 */
public final class DynamoCalls {

    /** One HTTP attempt; DynamoDB answers single-item calls in milliseconds, 1 MB pages in well under a second. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
    /** One SDK call, retries and backoffs included. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    public static final int MAX_ATTEMPTS = 4;
    /** After this much time in one request no new DynamoDB call starts. */
    public static final Duration REQUEST_BUDGET = Duration.ofSeconds(8);
    /** The worst case for a request's DynamoDB work: the budget plus the one call that may still be running. */
    public static final Duration WORST_CASE = REQUEST_BUDGET.plus(CALL_TIMEOUT);

    private static final Set<String> THROTTLING_CODES = Set.of("ThrottlingException", "Throttling",
            "ProvisionedThroughputExceededException", "RequestLimitExceeded", "TooManyRequestsException");
    private static final Set<String> THROTTLING_REASONS = Set.of("ThrottlingError", "ProvisionedThroughputExceeded");
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private DynamoCalls() {}

    /** Timeouts and retries for a function's DynamoDB client (see also {@link #translating}). */
    public static ClientOverrideConfiguration overrideConfiguration() {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .retryStrategy(retryStrategy())
                .build();
    }

    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofMillis(400)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofMillis(1000)))
                .build();
    }

    /**
     * Starts the time budget of one request on this thread: at most {@code budget}, and never more than
     * {@code remaining} (the function's time left, when known) minus one call timeout and a second to answer.
     * Closing it ends the budget.
     */
    public static Budget startRequest(Duration budget, Optional<Duration> remaining) {
        Duration allowed = remaining.map(left -> left.minus(CALL_TIMEOUT).minusSeconds(1))
                .filter(left -> left.compareTo(budget) < 0)
                .orElse(budget);
        DEADLINE.set(System.nanoTime() + Math.max(0, allowed.toNanos()));
        return DEADLINE::remove;
    }

    /** The end of a request's budget; closing never fails. */
    public interface Budget extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The domain error for a failure of DynamoDB or of the way to it, or empty when it is not transient (a
     * validation error, a missing table, access denied: a bug or a misconfiguration, which stays a 500).
     */
    public static Optional<StoreException.Retryable> translate(Throwable failure) {
        if (failure instanceof StoreException.Retryable retryable) {
            return Optional.of(retryable);
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return Optional.of(new StoreException.Unavailable("DynamoDB did not answer within " + CALL_TIMEOUT.toMillis() + " ms"));
        }
        if (failure instanceof TransactionInProgressException) {
            return Optional.of(new StoreException.Unavailable("A transaction with the same token is still in progress"));
        }
        if (failure instanceof TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
            return reasons.stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))
                    ? Optional.empty() : Optional.of(cancelled(reasons));
        }
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            if (THROTTLING_CODES.contains(code) || service.statusCode() == 429) {
                return Optional.of(new StoreException.Throttled("DynamoDB throttled the call (" + code + ")"));
            }
            if (service.statusCode() >= 500) {
                return Optional.of(new StoreException.Unavailable("DynamoDB failed the call (" + code + ", "
                        + service.statusCode() + ")"));
            }
            return Optional.empty();
        }
        if (failure instanceof SdkClientException && causedByIo(failure)) {
            return Optional.of(new StoreException.Unavailable("No answer from DynamoDB: " + failure.getMessage()));
        }
        return Optional.empty();
    }

    /**
     * A transaction still cancelled after the store's own retries, with no failed condition: throttled items
     * make it a 429, anything else (conflicts with other transactions) a 503.
     */
    static StoreException.Retryable cancelled(List<CancellationReason> reasons) {
        if (reasons.stream().anyMatch(reason -> THROTTLING_REASONS.contains(reason.code()))) {
            return new StoreException.Throttled("DynamoDB throttled the transaction");
        }
        return new StoreException.Unavailable("The transaction kept conflicting with other writes");
    }

    private static boolean causedByIo(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code client} with its failures translated ({@link #translate}) and no call started once the request's
     * budget is spent. A decorator rather than an SDK interceptor: the SDK only lets an interceptor replace an
     * exception with a subtype of it, and the domain errors are not SDK exceptions.
     */
    public static DynamoDbClient translating(DynamoDbClient client) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Translating(" + client + ")";
                };
            }
            Long deadline = DEADLINE.get();
            if (deadline != null && System.nanoTime() - deadline > 0) {
                throw new StoreException.Unavailable("The request's time budget for DynamoDB is spent");
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                // Cancelled transactions go back to the store: their reasons say which condition failed.
                if (failure instanceof TransactionCanceledException) {
                    throw failure;
                }
                throw translate(failure).<Throwable>map(retryable -> retryable).orElse(failure);
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoCalls.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }
}
