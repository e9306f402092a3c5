package dev.scimaws.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem and BatchGetItem within the service limits (25 writes, 100 keys per call), looping on
 * {@code UnprocessedItems} / {@code UnprocessedKeys} with jittered exponential back-off, as DynamoDB asks.
 * Callers pass distinct keys: a batch with a key twice is rejected.
 */
final class Batches {

    static final int WRITE_LIMIT = 25;
    static final int GET_LIMIT = 100;
    /** With the back-off below, about 6 s of retrying before giving up: throttling that long is an error. */
    private static final int ATTEMPTS = 10;
    private static final long BASE_BACK_OFF_MILLIS = 10;
    private static final long MAX_BACK_OFF_MILLIS = 1_000;

    private Batches() {}

    static void write(DynamoDbClient dynamo, String table, List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += WRITE_LIMIT) {
            Map<String, List<WriteRequest>> pending =
                    Map.of(table, List.copyOf(writes.subList(from, Math.min(writes.size(), from + WRITE_LIMIT))));
            for (int attempt = 1; ; attempt++) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
                if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
                    break;
                }
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("BatchWriteItem left items unprocessed after " + ATTEMPTS + " attempts");
                }
                pending = response.unprocessedItems();
                backOff(attempt);
            }
        }
    }

    /**
     * The items found for {@code keys} (in no particular order), reading only {@code projection}.
     * @param names the expression attribute names the projection uses
     */
    static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys,
                                                 boolean consistent, String projection, Map<String, String> names) {
        List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += GET_LIMIT) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + GET_LIMIT)))
                    .consistentRead(consistent)
                    .projectionExpression(projection)
                    .expressionAttributeNames(names)
                    .build());
            for (int attempt = 1; ; attempt++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) {
                    break;
                }
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("BatchGetItem left keys unprocessed after " + ATTEMPTS + " attempts");
                }
                pending = response.unprocessedKeys();
                backOff(attempt);
            }
        }
        return found;
    }

    /** "Full jitter": a random wait up to an exponentially growing, capped bound. */
    private static void backOff(int attempt) {
        long bound = Math.min(MAX_BACK_OFF_MILLIS, BASE_BACK_OFF_MILLIS << Math.min(attempt, 16));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
