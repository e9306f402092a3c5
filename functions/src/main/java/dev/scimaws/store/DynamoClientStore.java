package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import dev.scimaws.auth.ClientStore;
import dev.scimaws.auth.OAuthClient;
import dev.scimaws.scim.ScimTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * OAuth client items ({@code PK = K#C#<clientId>}, beside the token items, listed per tenant through
 * {@code byType}) and the access tokens granted to them: token items ({@code K#<sha256>}) as the authorizer
 * reads them (their {@code expires} decides validity in {@code Tokens.activeRecord}), plus {@code expiresAt}
 * (epoch seconds), the table's TTL, which deletes them later.
 */
public final class DynamoClientStore implements ClientStore {

    private static final String CLIENT_TYPE = "OAUTH_CLIENT";
    /** The tenant's API key value, on client items and copied onto their access tokens (as on static token items). */
    private static final String API_KEY = DynamoTokenStore.API_KEY;
    /**
     * Static tokens' expiry attribute (fixed-width ISO instant): the token record's validity check reads it;
     * {@code expiresAt} (epoch seconds) is the table's TTL, which deletes the item later.
     */
    private static final String EXPIRES = "expires";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoClientStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String clientId) {
        return Keys.key(Keys.TOKEN_PREFIX + "C#" + clientId, "C");
    }

    @Override
    public void save(OAuthClient client) {
        Map<String, AttributeValue> item = new HashMap<>(key(client.clientId()));
        item.put("clientId", s(client.clientId()));
        item.put("tenant", s(client.tenant()));
        item.put("label", s(client.label()));
        item.put("secretHash", s(client.secretHash()));
        item.put("created", s(client.createdAt().toString()));
        if (client.apiKey() != null) {
            item.put(API_KEY, s(client.apiKey()));
        }
        item.put(TableDefinition.BY_TYPE.partitionKey(), s(Keys.tenantTypePartition(client.tenant(), CLIENT_TYPE)));
        item.put(TableDefinition.BY_TYPE.sortKey(), s(ScimTime.format(client.createdAt()) + "#" + client.clientId()));
        dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY)));
    }

    /** Strongly consistent: a client created a moment ago can ask for a token at once. */
    @Override
    public Optional<OAuthClient> find(String clientId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(clientId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toClient(item));
    }

    @Override
    public List<OAuthClient> listByTenant(String tenant) {
        return TypeIndex.all(dynamo, table, tenant, CLIENT_TYPE).stream().map(DynamoClientStore::toClient).toList();
    }

    @Override
    public boolean revoke(String tenant, String clientId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(clientId))
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
    public void saveAccessToken(String hash, String tenant, String clientId, String apiKey, Instant createdAt,
                                Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.token(hash));
        item.put("tenant", s(tenant));
        item.put("label", s("oauth " + clientId));
        item.put("created", s(createdAt.toString()));
        item.put(DynamoTokenStore.CLIENT_ID, s(clientId));
        if (apiKey != null) {
            item.put(API_KEY, s(apiKey));
        }
        item.put(EXPIRES, s(ScimTime.format(expiresAt)));
        item.put(TableDefinition.TIME_TO_LIVE_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY)));
    }

    @Override
    public boolean setApiKey(String tenant, String clientId, String apiKey) {
        return DynamoTokenStore.setApiKey(dynamo, table, key(clientId), tenant, apiKey);
    }

    private static OAuthClient toClient(Map<String, AttributeValue> item) {
        AttributeValue revoked = item.get("revokedAt");
        AttributeValue apiKey = item.get(API_KEY);
        return new OAuthClient(item.get("clientId").s(), item.get("tenant").s(), item.get("label").s(),
                item.get("secretHash").s(), Instant.parse(item.get("created").s()),
                revoked == null ? null : Instant.parse(revoked.s()), apiKey == null ? null : apiKey.s());
    }
}
