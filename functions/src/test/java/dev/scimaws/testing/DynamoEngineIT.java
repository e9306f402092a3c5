package dev.scimaws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.store.TableDefinition;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class DynamoEngineIT {

    private static DynamoEngine engine;
    private static String table;

    @BeforeAll
    static void createTable() {
        engine = DynamoEngine.get();
        table = engine.createTable("engine-it");
    }

    @Test
    void sharesOneEnginePerJvm() {
        assertThat(DynamoEngine.get()).isSameAs(engine);
        assertThat(engine.client().listTables().tableNames()).contains(table);
    }

    @Test
    void createsTheTableFromTheDefinition() {
        TableDescription description = engine.client().describeTable(b -> b.tableName(table)).table();

        assertThat(description.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(keys(description.keySchema()))
                .isEqualTo(Map.of(TableDefinition.PARTITION_KEY, KeyType.HASH, TableDefinition.SORT_KEY, KeyType.RANGE));
        Map<String, GlobalSecondaryIndexDescription> indexes = description.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName, i -> i));
        assertThat(indexes).hasSize(TableDefinition.INDEXES.size());
        for (TableDefinition.Index expected : TableDefinition.INDEXES) {
            GlobalSecondaryIndexDescription actual = indexes.get(expected.name());
            assertThat(actual).as(expected.name()).isNotNull();
            assertThat(keys(actual.keySchema())).as(expected.name())
                    .isEqualTo(Map.of(expected.partitionKey(), KeyType.HASH, expected.sortKey(), KeyType.RANGE));
            assertThat(actual.projection().projectionType()).as(expected.name())
                    .isEqualTo(expected.projection() == TableDefinition.Projection.ALL ? ProjectionType.ALL : ProjectionType.KEYS_ONLY);
        }
    }

    @Test
    void enablesTimeToLiveOnTheDefinedAttribute() {
        var ttl = engine.client().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();

        assertThat(ttl.timeToLiveStatusAsString()).isIn("ENABLED", "ENABLING");
        assertThat(ttl.attributeName()).isEqualTo(TableDefinition.TIME_TO_LIVE_ATTRIBUTE);
    }

    @Test
    void createIfAbsentAcceptsTheExistingTable() {
        Tables.createIfAbsent(engine.client(), table);

        assertThat(engine.client().listTables().tableNames()).containsOnlyOnce(table);
    }

    @Test
    void storesAndReadsAnItemAndCountsTheCalls() {
        CallCounter counter = new CallCounter();
        try (DynamoDbClient counted = engine.client(counter)) {
            Map<String, AttributeValue> key = Map.of(
                    TableDefinition.PARTITION_KEY, AttributeValue.fromS("T#it#U#1"),
                    TableDefinition.SORT_KEY, AttributeValue.fromS("U"));
            Map<String, AttributeValue> item = new java.util.HashMap<>(key);
            item.put("userName", AttributeValue.fromS("jane@example.com"));

            counted.putItem(b -> b.tableName(table).item(item));
            Map<String, AttributeValue> read = counted.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            counted.getItem(b -> b.tableName(table).key(key));

            assertThat(read).containsEntry("userName", AttributeValue.fromS("jane@example.com"));
            assertThat(counter.snapshot()).isEqualTo(Map.of("PutItem", 1L, "GetItem", 2L));
            assertThat(counter.count("GetItem")).isEqualTo(2);
            assertThat(counter.total()).isEqualTo(3);

            counter.reset();
            counted.query(b -> b.tableName(table).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("T#it#U#1"))));
            assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 1L));
        }
    }

    private static Map<String, KeyType> keys(java.util.List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> schema) {
        return schema.stream().collect(Collectors.toMap(k -> k.attributeName(), k -> k.keyType()));
    }
}
