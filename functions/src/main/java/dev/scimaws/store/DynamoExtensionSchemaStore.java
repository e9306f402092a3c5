package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import dev.scimaws.scim.ExtensionSchemaStore;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimTime;
import dev.scimaws.scim.schema.InvalidSchemaException;
import dev.scimaws.scim.schema.Schema;
import dev.scimaws.scim.schema.SchemaDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A tenant's extension schemas: one item per schema in the tenant's schema partition,
 * {@code PK = T#<tenant>#SCHEMAS}, {@code SK = X#<lower-cased URN>}, holding the RFC 7643 schema
 * document as JSON ({@link Schema#toJson()}). One Query reads them all.
 */
public final class DynamoExtensionSchemaStore implements ExtensionSchemaStore {

    private static final String DOC = "doc";
    private static final String URN = "urn";
    private static final String UPDATED = "updated";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoExtensionSchemaStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Strongly consistent, so a declaration is visible to the next read. Ten documents of at most 32 KB
     * fit one page; the loop is for correctness only.
     * @throws IllegalStateException when a stored document no longer parses (edited by hand): failing
     *     loudly beats validating the tenant's users against a partial schema set
     */
    @Override
    public List<Schema> load(String tenant) {
        List<Schema> schemas = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", s(Keys.extensionSchemas(tenant))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                schemas.add(parse(tenant, item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return schemas;
    }

    @Override
    public void put(String tenant, Schema schema) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.extensionSchema(tenant, schema.id()));
        item.put(URN, s(schema.id()));
        item.put(DOC, s(Json.write(schema.toJson())));
        item.put(UPDATED, s(ScimTime.format(clock.instant())));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public boolean remove(String tenant, String urn) {
        Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
                .key(Keys.extensionSchema(tenant, urn)).returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static Schema parse(String tenant, Map<String, AttributeValue> item) {
        try {
            return SchemaDocument.parse(item.get(DOC).s());
        } catch (InvalidSchemaException | RuntimeException e) {
            throw new IllegalStateException("Tenant " + tenant + ": the stored extension schema "
                    + item.get(TableDefinition.SORT_KEY).s() + " does not parse: " + e.getMessage(), e);
        }
    }
}
