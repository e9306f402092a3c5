package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import dev.scimaws.scim.Actor;
import dev.scimaws.scim.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Membership items, one per (group, user): {@code PK = T#t#G#<groupId>}, {@code SK = M#<userId>},
 * {@code GSI3PK = T#t#MEMBER#<userId>}, {@code GSI3SK = <groupId>} (the {@code byMember} index, keys only,
 * gives a user's groups) and the member's {@code display} as read when the item was written. Writes are
 * plain puts and deletes by key: idempotent, never conditional, never reading the other members.
 */
final class Memberships {

    static final String DISPLAY = "display";

    private final DynamoDbClient dynamo;
    private final String table;

    Memberships(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Puts and deletes together: ceil((a + r) / 25) BatchWriteItem calls. Keys must be distinct. */
    void change(String tenant, String groupId, Collection<ResourceRef> toAdd, Collection<String> toRemove) {
        List<WriteRequest> writes = new ArrayList<>(toAdd.size() + toRemove.size());
        for (String userId : toRemove) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(Keys.membership(tenant, groupId, userId)).build()).build());
        }
        for (ResourceRef member : toAdd) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(tenant, groupId, member)).build()).build());
        }
        Batches.write(dynamo, table, writes);
    }

    /** The membership item of {@code member} in the group. */
    static Map<String, AttributeValue> item(String tenant, String groupId, ResourceRef member) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.membership(tenant, groupId, member.id()));
        item.put(TableDefinition.BY_MEMBER.partitionKey(), s(Keys.memberPartition(tenant, member.id())));
        item.put(TableDefinition.BY_MEMBER.sortKey(), s(groupId));
        if (member.display() != null) {
            item.put(DISPLAY, s(member.display()));
        }
        Actor.current().ifPresent(tokenId -> item.put(DynamoResourceStore.MODIFIED_BY, s(tokenId)));
        return item;
    }

    /** One strongly consistent Query on the group's partition, paged by 1 MB (a few thousand members a page). */
    List<ResourceRef> ofGroup(String tenant, String groupId) {
        return ofGroup(tenant, groupId, Integer.MAX_VALUE);
    }

    /** As {@link #ofGroup(String, String)}, reading at most {@code limit} members ({@code Limit} on the Query). */
    List<ResourceRef> ofGroup(String tenant, String groupId, int limit) {
        List<ResourceRef> members = new ArrayList<>();
        QueryRequest.Builder query = groupPartitionQuery(tenant, groupId).projectionExpression("#sk, #display")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY, "#sk", TableDefinition.SORT_KEY,
                        "#display", DISPLAY));
        Map<String, AttributeValue> next = null;
        do {
            if (limit < Integer.MAX_VALUE) {
                query.limit(limit - members.size());
            }
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                AttributeValue display = item.get(DISPLAY);
                members.add(new ResourceRef(item.get(TableDefinition.SORT_KEY).s().substring(Keys.MEMBER_PREFIX.length()),
                        display == null ? null : display.s()));
            }
            next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (next != null && members.size() < limit);
        return members;
    }

    /** The ids of the user's groups, from the {@code byMember} index (eventually consistent). */
    List<String> groupIdsOf(String tenant, String userId) {
        List<String> groupIds = new ArrayList<>();
        query(memberIndexQuery(tenant, userId),
                item -> groupIds.add(item.get(TableDefinition.BY_MEMBER.sortKey()).s()));
        return groupIds;
    }

    /** Every membership of a deleted group. */
    void deleteAllOfGroup(String tenant, String groupId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        query(groupPartitionQuery(tenant, groupId).projectionExpression("#pk, #sk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY, "#sk", TableDefinition.SORT_KEY)),
                item -> keys.add(keyOf(item)));
        deleteKeys(keys);
    }

    /**
     * Sets {@code display} on each of the user's memberships: one Query of {@code byMember} and one UpdateItem
     * per group the user is in (O(k) in the user's groups, never in a group's size). Conditional on the item
     * still existing, so a membership removed meanwhile is not brought back.
     */
    void refreshDisplay(String tenant, String userId, String display) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        query(memberIndexQuery(tenant, userId), item -> keys.add(keyOf(item)));
        for (Map<String, AttributeValue> key : keys) {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression(display == null ? "REMOVE #display" : "SET #display = :display")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#display", DISPLAY, "#pk", TableDefinition.PARTITION_KEY))
                        .expressionAttributeValues(display == null ? null : Map.of(":display", s(display))));
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException removedMeanwhile) {
                // the member left the group since the index was read: nothing to refresh
            }
        }
    }

    /** Every membership of a deleted user. */
    void deleteAllOfUser(String tenant, String userId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        query(memberIndexQuery(tenant, userId), item -> keys.add(keyOf(item)));
        deleteKeys(keys);
    }

    private void deleteKeys(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> writes = new ArrayList<>(keys.size());
        keys.forEach(key -> writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build()));
        Batches.write(dynamo, table, writes);
    }

    private QueryRequest.Builder groupPartitionQuery(String tenant, String groupId) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :member)")
                .expressionAttributeValues(Map.of(":pk", s(ResourceKind.GROUP.partitionKey(tenant, groupId)),
                        ":member", s(Keys.MEMBER_PREFIX)));
    }

    private QueryRequest.Builder memberIndexQuery(String tenant, String userId) {
        return QueryRequest.builder().tableName(table).indexName(TableDefinition.BY_MEMBER.name())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.BY_MEMBER.partitionKey()))
                .expressionAttributeValues(Map.of(":pk", s(Keys.memberPartition(tenant, userId))));
    }

    private void query(QueryRequest.Builder query, Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> next = null;
        do {
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            response.items().forEach(sink);
            next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (next != null);
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Keys.key(item.get(TableDefinition.PARTITION_KEY).s(), item.get(TableDefinition.SORT_KEY).s());
    }
}
