package dev.scimaws.store;

import static dev.scimaws.store.Attributes.n;
import static dev.scimaws.store.Attributes.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.scim.Actor;
import dev.scimaws.scim.GroupStore;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ResourceRef;
import dev.scimaws.scim.StoreException;
import dev.scimaws.scim.StoredResource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Groups in the single table: the group item ({@code SK = G}: displayName, externalId, version; never the
 * members) with its displayName lock, and one membership item per member in the group's partition.
 */
public final class DynamoGroupStore extends DynamoResourceStore implements GroupStore {

    private final Memberships memberships;

    public DynamoGroupStore(DynamoDbClient dynamo, String table, Clock clock) {
        super(dynamo, table, ResourceKind.GROUP, clock);
        this.memberships = new Memberships(dynamo, table);
    }

    /** Strongly consistent BatchGetItem of the user items, 100 per call, reading only id and document. */
    @Override
    public Map<String, String> findUsers(String tenant, Collection<String> ids) {
        Map<String, String> users = new HashMap<>();
        for (Map<String, AttributeValue> item : read(ResourceKind.USER, tenant, ids, "#id, #doc",
                Map.of("#id", "id", "#doc", DOC))) {
            JsonNode doc = Json.parseStored(item.get(DOC).s());
            JsonNode display = doc.hasNonNull("displayName") ? doc.get("displayName") : doc.get("userName");
            users.put(item.get("id").s(), display == null ? null : display.asText());
        }
        return users;
    }

    @Override
    public Set<String> findGroups(String tenant, Collection<String> ids) {
        Set<String> groups = new HashSet<>();
        read(ResourceKind.GROUP, tenant, ids, "#id", Map.of("#id", "id")).forEach(item -> groups.add(item.get("id").s()));
        return groups;
    }

    private List<Map<String, AttributeValue>> read(ResourceKind kind, String tenant, Collection<String> ids,
                                                   String projection, Map<String, String> names) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(ids.size());
        new LinkedHashSet<>(ids).forEach(id -> keys.add(kind.key(tenant, id)));
        return Batches.get(dynamo, table, keys, true, projection, names);
    }

    @Override
    public void changeMembers(String tenant, String groupId, Collection<ResourceRef> toAdd, Collection<String> toRemove) {
        Map<String, ResourceRef> distinct = new HashMap<>();
        toAdd.forEach(member -> distinct.put(member.id(), member));
        Set<String> removed = new LinkedHashSet<>(toRemove);
        if (removed.stream().anyMatch(distinct::containsKey)) {
            throw new IllegalArgumentException("A member cannot be added and removed in one change");
        }
        memberships.change(tenant, groupId, distinct.values(), removed);
    }

    @Override
    public List<ResourceRef> members(String tenant, String groupId) {
        return memberships.ofGroup(tenant, groupId);
    }

    @Override
    public List<ResourceRef> members(String tenant, String groupId, int limit) {
        return memberships.ofGroup(tenant, groupId, limit);
    }

    /** One UpdateItem: {@code ADD ver 1, SET modified}, conditioned only on the group existing (and If-Match). */
    @Override
    public long touch(String tenant, String groupId, Instant now, Long expectedVersion) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", TableDefinition.PARTITION_KEY, "#ver", VERSION,
                "#modified", MODIFIED));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":now", s(now.toString())));
        String condition = "attribute_exists(#pk)";
        if (expectedVersion != null) {
            condition += " AND #ver = :expected";
            values.put(":expected", n(expectedVersion));
        }
        String finalCondition = condition;
        // who bumped the version, for the Group Members Changed event; an unknown writer clears the previous one
        names.put("#by", MODIFIED_BY);
        Optional<String> writer = Actor.current();
        writer.ifPresent(tokenId -> values.put(":by", s(tokenId)));
        String update = writer.isPresent() ? "SET #modified = :now, #by = :by ADD #ver :one" : "SET #modified = :now ADD #ver :one REMOVE #by";
        try {
            UpdateItemResponse response = dynamo.updateItem(b -> b.tableName(table).key(ResourceKind.GROUP.key(tenant, groupId))
                    .updateExpression(update)
                    .conditionExpression(finalCondition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_NEW));
            return Long.parseLong(response.attributes().get(VERSION).n());
        } catch (ConditionalCheckFailedException e) {
            if (expectedVersion != null && get(tenant, groupId).isPresent()) {
                throw new StoreException.VersionConflict("The group changed since version " + expectedVersion + ".");
            }
            throw new StoreException.NotFound("The group no longer exists.");
        }
    }

    /**
     * The group and its displayName lock in one conditional transaction, then every membership item
     * (one Query of the partition, 25 deletes per BatchWriteItem).
     */
    @Override
    public void delete(String tenant, StoredResource group) {
        super.delete(tenant, group);
        memberships.deleteAllOfGroup(tenant, group.id());
    }
}
