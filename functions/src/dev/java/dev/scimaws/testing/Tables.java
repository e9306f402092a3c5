package dev.scimaws.testing;

import dev.scimaws.store.TableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Creates the single table from {@link TableDefinition}, as the CDK stack will: the one place that does. */
public final class Tables {

    private Tables() {}

    /**
     * Creates the table as deployed (on-demand, every index, its stream with new and old images, TTL where the
     * engine has it) and waits until it is ACTIVE.
     */
    public static void create(DynamoDbClient dynamo, String name) {
        create(dynamo, name, true);
    }

    /**
     * The same table without its stream, for tests that do not read events. Dynoxide 1.2.1 keeps every
     * stream record and each write costs more as they pile up (measured: 20,000 single-item puts in
     * batches of 25 take 1.8 s without a stream, 17.6 s with one, the last 5,000 of them 7 s), so a seeded
     * tenant of tens of thousands of items is only practical without it.
     */
    public static void createWithoutStream(DynamoDbClient dynamo, String name) {
        create(dynamo, name, false);
    }

    private static void create(DynamoDbClient dynamo, String name, boolean stream) {
        Set<String> keyAttributes = new LinkedHashSet<>(List.of(TableDefinition.PARTITION_KEY, TableDefinition.SORT_KEY));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableDefinition.Index index : TableDefinition.INDEXES) {
            keyAttributes.add(index.partitionKey());
            keyAttributes.add(index.sortKey());
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keys(index.partitionKey(), index.sortKey()))
                    .projection(Projection.builder().projectionType(index.projection() == TableDefinition.Projection.ALL
                            ? ProjectionType.ALL : ProjectionType.KEYS_ONLY).build())
                    .build());
        }
        dynamo.createTable(b -> {
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys(TableDefinition.PARTITION_KEY, TableDefinition.SORT_KEY))
                .attributeDefinitions(keyAttributes.stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a).attributeType(ScalarAttributeType.S).build())
                        .toList())
                .globalSecondaryIndexes(indexes);
            if (stream) {
                b.streamSpecification(s -> s.streamEnabled(true).streamViewType(TableDefinition.STREAM_VIEW_TYPE));
            }
        });
        awaitActive(dynamo, name);
        enableTimeToLive(dynamo, name);
    }

    /**
     * Creates the table unless it exists (the local API's file persistence), then checks that an
     * existing table has every index the code needs.
     */
    public static void createIfAbsent(DynamoDbClient dynamo, String name) {
        try {
            dynamo.describeTable(b -> b.tableName(name));
        } catch (ResourceNotFoundException absent) {
            try {
                create(dynamo, name);
                return;
            } catch (ResourceInUseException createdMeanwhile) {
                // someone else created it between our describe and create
            }
        }
        TableDescription table = awaitActive(dynamo, name);
        Set<String> present = table.hasGlobalSecondaryIndexes()
                ? table.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet())
                : Set.of();
        List<String> missing = TableDefinition.INDEXES.stream().map(TableDefinition.Index::name).filter(n -> !present.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Table " + name + " exists but lacks the indexes " + missing
                    + " (it was made by an older version). Delete it, or the local data file, and start again.");
        }
    }

    private static TableDescription awaitActive(DynamoDbClient dynamo, String name) {
        return dynamo.waiter().waitUntilTableExists(b -> b.tableName(name)).matched().response()
                .map(r -> r.table())
                .orElseThrow(() -> new IllegalStateException("Table " + name + " did not become ACTIVE"));
    }

    private static void enableTimeToLive(DynamoDbClient dynamo, String name) {
        try {
            dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(
                    t -> t.attributeName(TableDefinition.TIME_TO_LIVE_ATTRIBUTE).enabled(true)));
        } catch (SdkException e) {
            // Not every engine implements TTL; the code never relies on expiry happening on time anyway.
        }
    }

    private static List<KeySchemaElement> keys(String partitionKey, String sortKey) {
        return List.of(
                KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
    }
}
