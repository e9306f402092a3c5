package dev.scimaws.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts the store's retry paths to work on a real engine: another writer acting just before a chosen call
 * (a real version conflict), a call failing with a given exception (a transaction conflict, a timeout),
 * or a batch call leaving half its items unprocessed as DynamoDB does under load. One fault armed at a time.
 */
public final class Interference implements ExecutionInterceptor {

    private static final ExecutionAttribute<Object> HELD = new ExecutionAttribute<>("interference.held");

    private volatile String operation;
    private volatile int nth;
    private volatile int times;
    private volatile Runnable before;
    private volatile Supplier<RuntimeException> failure;
    private volatile boolean holdHalf;
    private volatile java.util.Set<String> laggingIndexes = java.util.Set.of();
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger fired = new AtomicInteger();

    /** Runs {@code action} once, just before the {@code nth} call (1-based) of {@code operation} is sent. */
    public Interference runBefore(String operation, int nth, Runnable action) {
        return arm(operation, nth, 1, action, null, false);
    }

    /** The calls {@code nth} to {@code nth + times - 1} of {@code operation} fail with {@code error}. */
    public Interference fail(String operation, int nth, int times, Supplier<RuntimeException> error) {
        return arm(operation, nth, times, null, error, false);
    }

    /** The first {@code times} calls of BatchWriteItem or BatchGetItem process only half their items. */
    public Interference leaveHalfUnprocessed(String operation, int times) {
        return arm(operation, 1, times, null, null, true);
    }

    /**
     * Until {@link #clear}, Queries on these indexes answer as a secondary index that has not caught up
     * yet: no items. DynamoDB's global secondary indexes are eventually consistent; the engine's are not.
     */
    public Interference lagIndexes(String... indexNames) {
        arm(null, 1, 0, null, null, false);
        laggingIndexes = java.util.Set.of(indexNames);
        return this;
    }

    /** A cancellation for a conflict with another transaction (nobody's condition failed) on {@code actions} items. */
    public static TransactionCanceledException transactionConflict(int actions) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (int i = 0; i < actions; i++) {
            reasons.add(CancellationReason.builder().code(i == 0 ? "TransactionConflict" : "None").build());
        }
        return (TransactionCanceledException) TransactionCanceledException.builder()
                .message("Transaction cancelled (injected conflict)").cancellationReasons(reasons).statusCode(400).build();
    }

    /** How many calls the armed fault affected. */
    public int fired() {
        return fired.get();
    }

    public void clear() {
        operation = null;
        laggingIndexes = java.util.Set.of();
    }

    private synchronized Interference arm(String operation, int nth, int times, Runnable before,
                                          Supplier<RuntimeException> failure, boolean holdHalf) {
        seen.set(0);
        fired.set(0);
        this.nth = nth;
        this.times = times;
        this.before = before;
        this.failure = failure;
        this.holdHalf = holdHalf;
        this.laggingIndexes = java.util.Set.of();
        this.operation = operation;
        return this;
    }

    private boolean hits(ExecutionAttributes attributes) {
        String armed = operation;
        if (armed == null || !armed.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return false;
        }
        int call = seen.incrementAndGet();
        return call >= nth && call < nth + times;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (holdHalf || !hits(attributes)) {
            return;
        }
        fired.incrementAndGet();
        if (before != null) {
            before.run();
        } else if (failure != null) {
            throw failure.get();
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!holdHalf || !hits(attributes)) {
            return context.request();
        }
        if (context.request() instanceof BatchWriteItemRequest write) {
            Map<String, List<WriteRequest>> sent = new HashMap<>();
            Map<String, List<WriteRequest>> held = new HashMap<>();
            write.requestItems().forEach((table, writes) -> split(writes, table, sent, held));
            if (held.isEmpty()) {
                return write;
            }
            fired.incrementAndGet();
            attributes.putAttribute(HELD, held);
            return write.toBuilder().requestItems(sent).build();
        }
        if (context.request() instanceof BatchGetItemRequest get) {
            Map<String, KeysAndAttributes> sent = new HashMap<>();
            Map<String, KeysAndAttributes> held = new HashMap<>();
            get.requestItems().forEach((table, keys) -> {
                Map<String, List<Map<String, AttributeValue>>> kept = new HashMap<>();
                Map<String, List<Map<String, AttributeValue>>> back = new HashMap<>();
                split(keys.keys(), table, kept, back);
                sent.put(table, keys.toBuilder().keys(kept.get(table)).build());
                if (back.containsKey(table)) {
                    held.put(table, keys.toBuilder().keys(back.get(table)).build());
                }
            });
            if (held.isEmpty()) {
                return get;
            }
            fired.incrementAndGet();
            attributes.putAttribute(HELD, held);
            return get.toBuilder().requestItems(sent).build();
        }
        return context.request();
    }

    /** The first half (rounded up) is sent, the rest held back; a single item is always sent. */
    private static <T> void split(List<T> all, String table, Map<String, List<T>> sent, Map<String, List<T>> held) {
        int keep = (all.size() + 1) / 2;
        sent.put(table, new ArrayList<>(all.subList(0, keep)));
        if (keep < all.size()) {
            held.put(table, new ArrayList<>(all.subList(keep, all.size())));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.request() instanceof QueryRequest query && query.indexName() != null && laggingIndexes.contains(query.indexName())
                && context.response() instanceof QueryResponse response) {
            fired.incrementAndGet();
            return response.toBuilder().items(List.of()).count(0).scannedCount(0).lastEvaluatedKey(null).build();
        }
        Object held = attributes.getAttribute(HELD);
        if (held == null) {
            return context.response();
        }
        if (context.response() instanceof BatchWriteItemResponse write) {
            Map<String, List<WriteRequest>> unprocessed = new HashMap<>(write.unprocessedItems());
            ((Map<String, List<WriteRequest>>) held).forEach((table, writes) ->
                    unprocessed.merge(table, writes, (a, b) -> { List<WriteRequest> all = new ArrayList<>(a); all.addAll(b); return all; }));
            return write.toBuilder().unprocessedItems(unprocessed).build();
        }
        if (context.response() instanceof BatchGetItemResponse get) {
            Map<String, KeysAndAttributes> unprocessed = new HashMap<>(get.unprocessedKeys());
            unprocessed.putAll((Map<String, KeysAndAttributes>) held);
            return get.toBuilder().unprocessedKeys(unprocessed).build();
        }
        return context.response();
    }
}
