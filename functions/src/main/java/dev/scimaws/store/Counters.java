package dev.scimaws.store;

import static dev.scimaws.store.Attributes.n;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * How many users (or groups) a tenant has, kept with the data so {@code totalResults} never counts by
 * reading. Every create adds 1 and every delete (the purge's included) subtracts 1 on one of
 * {@value #SHARDS} shard items, chosen at random, inside the same TransactWriteItems as the resource: the
 * count cannot drift from the data, and concurrent writers spread over {@value #SHARDS} partitions instead
 * of one hot item. Reading is one strongly consistent BatchGetItem of the shards and the base.
 *
 * <p>Items: {@code PK = T#<tenant>#COUNT#<USER|GROUP>#<shard 0-15|BASE>}, {@code SK = COUNT}, number
 * attribute {@code count}. The base holds what existed before counting began: a tenant whose data predates
 * counters (no base item yet, but resources in the list index) is counted once by reading, and the base set
 * to that count minus the shards; writes that commit during that one count may be off by one each. A tenant
 * first counted while empty (Okta's connector test is its first request) gets a base of 0 and never reads.
 */
final class Counters {

    static final int SHARDS = 16;
    static final String SORT_KEY = "COUNT";
    private static final String COUNT = "count";
    private static final String BASE = "BASE";

    private final DynamoDbClient dynamo;
    private final String table;

    Counters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String partition(String tenant, ResourceKind kind, String shard) {
        return Keys.tenant(tenant) + "COUNT#" + kind.listType + "#" + shard;
    }

    private static Map<String, AttributeValue> key(String tenant, ResourceKind kind, String shard) {
        return Keys.key(partition(tenant, kind, shard), SORT_KEY);
    }

    /** Adds {@code delta} to a random shard, as part of the transaction that creates or deletes. */
    static TransactWriteItem change(String table, String tenant, ResourceKind kind, long delta) {
        String shard = Integer.toString(ThreadLocalRandom.current().nextInt(SHARDS));
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(tenant, kind, shard))
                .updateExpression("ADD #count :delta")
                .expressionAttributeNames(Map.of("#count", COUNT))
                .expressionAttributeValues(Map.of(":delta", n(delta)))).build();
    }

    /** The items a bulk load writes for {@code count} resources it loaded without counting them one by one. */
    static List<Map<String, AttributeValue>> seedItems(String tenant, ResourceKind kind, long count) {
        Map<String, AttributeValue> base = new HashMap<>(key(tenant, kind, BASE));
        base.put(COUNT, n(count));
        return List.of(base);
    }

    /**
     * The count: one BatchGetItem. Only once per tenant and type, when there is no base item yet: {@code
     * anyResource} (one Query of at most two items), {@code countByReading} if the tenant has resources from
     * before the counters (else 0), the shards again, and a conditional put of the base; later reads are one call.
     */
    long read(String tenant, ResourceKind kind, java.util.function.BooleanSupplier anyResource, LongSupplier countByReading) {
        Map<String, Long> values = values(tenant, kind);
        if (values.containsKey(BASE)) {
            return sum(values);
        }
        // An empty tenant (Okta's connector test comes first) starts counting at 0 without reading anything.
        // The index read is eventually consistent: a resource created just before may be missing from it but
        // is in the shards already. With no resource in the index there is none from before the counters, so
        // the base is 0 whatever the shards say (never minus the shards, which would stay off for good).
        boolean before = anyResource.getAsBoolean();
        long counted = before ? countByReading.getAsLong() : 0;
        Map<String, Long> shards = values(tenant, kind);
        shards.remove(BASE);
        long baseCount = before ? counted - sumSigned(shards) : 0;
        Map<String, AttributeValue> base = new HashMap<>(key(tenant, kind, BASE));
        base.put(COUNT, n(baseCount));
        try {
            dynamo.putItem(b -> b.tableName(table).item(base).conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY)));
        } catch (ConditionalCheckFailedException e) {
            return sum(values(tenant, kind)); // another reader set the base first
        }
        return Math.max(0, baseCount + sumSigned(shards));
    }

    private Map<String, Long> values(String tenant, ResourceKind kind) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(SHARDS + 1);
        for (int shard = 0; shard < SHARDS; shard++) {
            keys.add(key(tenant, kind, Integer.toString(shard)));
        }
        keys.add(key(tenant, kind, BASE));
        String prefix = partition(tenant, kind, "");
        Map<String, Long> values = new HashMap<>();
        for (Map<String, AttributeValue> item : Batches.get(dynamo, table, keys, true, "#pk, #count",
                Map.of("#pk", TableDefinition.PARTITION_KEY, "#count", COUNT))) {
            AttributeValue count = item.get(COUNT);
            values.put(item.get(TableDefinition.PARTITION_KEY).s().substring(prefix.length()),
                    count == null ? 0 : Long.parseLong(count.n()));
        }
        return values;
    }

    private static long sum(Map<String, Long> values) {
        return Math.max(0, sumSigned(values));
    }

    private static long sumSigned(Map<String, Long> values) {
        return values.values().stream().mapToLong(Long::longValue).sum();
    }
}
