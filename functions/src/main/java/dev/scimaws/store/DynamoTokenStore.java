package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import dev.scimaws.auth.TokenRecord;
import dev.scimaws.auth.TokenStore;
import dev.scimaws.scim.ScimTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Token items: {@code PK = K#<sha256>}, listed per tenant through the {@code byType} index. */
public final class DynamoTokenStore implements TokenStore {

    /** The tenant's API key value, on each token item, so the authorizer's one GetItem finds it. */
    private static final String API_KEY = "apiKey";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTokenStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(TokenRecord token) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.token(token.hash()));
        item.put("tenant", s(token.tenant()));
        item.put("label", s(token.label()));
        item.put("created", s(token.createdAt().toString()));
        if (token.apiKey() != null) {
            item.put(API_KEY, s(token.apiKey()));
        }
        item.put(TableDefinition.BY_TYPE.partitionKey(), s(Keys.tenantTypePartition(token.tenant(), "TOKEN")));
        item.put(TableDefinition.BY_TYPE.sortKey(), s(ScimTime.format(token.createdAt()) + "#" + token.hash()));
        dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY)));
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Keys.token(hash))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(item));
    }

    @Override
    public List<TokenRecord> listByTenant(String tenant) {
        List<TokenRecord> records = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .indexName(TableDefinition.BY_TYPE.name())
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.BY_TYPE.partitionKey()))
                    .expressionAttributeValues(Map.of(":pk", s(Keys.tenantTypePartition(tenant, "TOKEN"))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            page.items().forEach(item -> records.add(toRecord(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return records;
    }

    @Override
    public boolean revoke(String tenant, String hash, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Keys.token(hash))
                    .updateExpression("SET #revoked = :at")
                    .conditionExpression("#tenant = :tenant")
                    .expressionAttributeNames(Map.of("#revoked", "revokedAt", "#tenant", "tenant"))
                    .expressionAttributeValues(Map.of(":at", s(at.toString()), ":tenant", s(tenant))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean setApiKey(String tenant, String hash, String apiKey) {
        try {
            dynamo.updateItem(b -> {
                b.tableName(table).key(Keys.token(hash)).conditionExpression("#tenant = :tenant");
                if (apiKey == null) {
                    b.updateExpression("REMOVE #key")
                            .expressionAttributeNames(Map.of("#key", API_KEY, "#tenant", "tenant"))
                            .expressionAttributeValues(Map.of(":tenant", s(tenant)));
                } else {
                    b.updateExpression("SET #key = :key")
                            .expressionAttributeNames(Map.of("#key", API_KEY, "#tenant", "tenant"))
                            .expressionAttributeValues(Map.of(":key", s(apiKey), ":tenant", s(tenant)));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static TokenRecord toRecord(Map<String, AttributeValue> item) {
        String hash = item.get(TableDefinition.PARTITION_KEY).s().substring(Keys.TOKEN_PREFIX.length());
        AttributeValue revoked = item.get("revokedAt");
        AttributeValue apiKey = item.get(API_KEY);
        return new TokenRecord(hash, item.get("tenant").s(), item.get("label").s(),
                Instant.parse(item.get("created").s()), revoked == null ? null : Instant.parse(revoked.s()),
                apiKey == null ? null : apiKey.s());
    }
}
