package dev.scimaws.store;

import static dev.scimaws.store.Attributes.n;
import static dev.scimaws.store.Attributes.s;

import dev.scimaws.events.TableItem.Deletion;
import dev.scimaws.scim.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A short-lived item ({@code SK = DEL}) in a deleted resource's own partition, put in the same transaction
 * as the deletion: a stream REMOVE record carries only the old image, so this is how the events function
 * learns who deleted the resource and whether it was a DELETE request or the purge. It is in no index and
 * no read path asks for it; TTL removes it after a day (a stream keeps records for 24 hours).
 */
final class Tombstones {

    static final String SORT_KEY = "DEL";
    static final String REASON = "reason";
    static final String DELETED_AT = "deletedAt";
    private static final Duration LIFETIME = Duration.ofDays(1);

    private Tombstones() {}

    static TransactWriteItem put(String table, ResourceKind kind, String tenant, String id, Deletion reason, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.key(kind.partitionKey(tenant, id), SORT_KEY));
        item.put("tenant", s(tenant));
        item.put("id", s(id));
        item.put(REASON, s(reason.value()));
        item.put(DELETED_AT, s(now.toString()));
        Actor.current().ifPresent(tokenId -> item.put(DynamoResourceStore.MODIFIED_BY, s(tokenId)));
        item.put(TableDefinition.TIME_TO_LIVE_ATTRIBUTE, n(now.plus(LIFETIME).getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }
}
