package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import dev.scimaws.auth.TokenRecord;
import dev.scimaws.auth.TokenStore;
import dev.scimaws.scim.ScimTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Token items: {@code PK = K#<sha256>}, listed per tenant through the {@code byType} index. */
public final class DynamoTokenStore implements TokenStore {

    /** Fixed-width times ({@link ScimTime}), so the last-use condition compares them as strings. */
    private static final String EXPIRES = "expires";
    private static final String LAST_USED = "lastUsed";
    /** The tenant's API key value, on each token item, so the authorizer's one GetItem finds it. */
    static final String API_KEY = "apiKey";
    /** On an OAuth access token: the client it was granted to (the actor its requests are recorded as). */
    static final String CLIENT_ID = "clientId";

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
        if (token.expiresAt() != null) {
            item.put(EXPIRES, s(ScimTime.format(token.expiresAt())));
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
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toRecord(item));
    }

    @Override
    public List<TokenRecord> listByTenant(String tenant) {
        return TypeIndex.all(dynamo, table, tenant, "TOKEN").stream().map(DynamoTokenStore::toRecord).toList();
    }

    @Override
    public boolean revoke(String tenant, String hash, Instant at) {
        return updatedIf(b -> b.tableName(table).key(Keys.token(hash))
                .updateExpression("SET #revoked = :at")
                .conditionExpression("#tenant = :tenant")
                .expressionAttributeNames(Map.of("#revoked", "revokedAt", "#tenant", "tenant"))
                .expressionAttributeValues(Map.of(":at", s(at.toString()), ":tenant", s(tenant))));
    }

    @Override
    public boolean setApiKey(String tenant, String hash, String apiKey) {
        return setApiKey(dynamo, table, Keys.token(hash), tenant, apiKey);
    }

    /** Sets (null: removes) {@code apiKey} on a token or OAuth client item of {@code tenant}; false when it is not the tenant's. */
    static boolean setApiKey(DynamoDbClient dynamo, String table, Map<String, AttributeValue> key, String tenant, String apiKey) {
        return updatedIf(dynamo, b -> {
            b.tableName(table).key(key).conditionExpression("#tenant = :tenant");
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
    }

    /** One UpdateItem, conditioned on the item existing and its last use being missing or stale. */
    @Override
    public boolean recordUse(String hash, Instant at, Instant staleBefore) {
        return updatedIf(b -> b.tableName(table).key(Keys.token(hash))
                .updateExpression("SET #used = :at")
                .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#used) OR #used < :stale)")
                .expressionAttributeNames(Map.of("#used", LAST_USED, "#pk", TableDefinition.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":at", s(ScimTime.format(at)), ":stale", s(ScimTime.format(staleBefore)))));
    }

    private boolean updatedIf(Consumer<UpdateItemRequest.Builder> update) {
        return updatedIf(dynamo, update);
    }

    /** One conditional UpdateItem; false when its condition failed. */
    private static boolean updatedIf(DynamoDbClient dynamo, Consumer<UpdateItemRequest.Builder> update) {
        try {
            dynamo.updateItem(update);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static TokenRecord toRecord(Map<String, AttributeValue> item) {
        String hash = item.get(TableDefinition.PARTITION_KEY).s().substring(Keys.TOKEN_PREFIX.length());
        return new TokenRecord(hash, item.get("tenant").s(), item.get("label").s(),
                Instant.parse(item.get("created").s()), instant(item, "revokedAt"), string(item, API_KEY),
                instant(item, EXPIRES), instant(item, LAST_USED), string(item, CLIENT_ID));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }
}
