package dev.scimaws.store;

import dev.scimaws.scim.Json;
import dev.scimaws.scim.ResourceRef;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.scim.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Users in the single table, with their group memberships read through the {@code byMember} index. */
public final class DynamoUserStore extends DynamoResourceStore implements UserStore {

    private final Memberships memberships;

    public DynamoUserStore(DynamoDbClient dynamo, String table, Clock clock) {
        super(dynamo, table, ResourceKind.USER, clock);
        this.memberships = new Memberships(dynamo, table);
    }

    /**
     * One Query on {@code byMember} (keys only), then one BatchGetItem per 100 groups for their current
     * displayName (the index carries only keys, and a group rename must show at once). Memberships whose
     * group is gone (deleted concurrently with a member change) are left out.
     */
    @Override
    public List<ResourceRef> groupsOf(String tenant, String userId) {
        List<String> groupIds = new ArrayList<>(new LinkedHashSet<>(memberships.groupIdsOf(tenant, userId)));
        if (groupIds.isEmpty()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>(groupIds.size());
        groupIds.forEach(id -> keys.add(ResourceKind.GROUP.key(tenant, id)));
        Map<String, String> names = new HashMap<>();
        for (Map<String, AttributeValue> item : Batches.get(dynamo, table, keys, false, "#id, #doc",
                Map.of("#id", "id", "#doc", DOC))) {
            var displayName = Json.parseStored(item.get(DOC).s()).get(ResourceKind.GROUP.uniqueAttribute);
            names.put(item.get("id").s(), displayName == null ? null : displayName.asText());
        }
        List<ResourceRef> groups = new ArrayList<>(names.size());
        for (String id : groupIds) {
            if (names.containsKey(id)) {
                groups.add(new ResourceRef(id, names.get(id)));
            }
        }
        return groups;
    }

    /**
     * The user and its userName lock in one conditional transaction, then its memberships (found through
     * the index, deleted 25 per BatchWriteItem). A membership written in the instant before the delete may
     * not be in the index yet and then stays behind; readers skip memberships of users that are gone only
     * through {@code groupsOf}, so such an item shows in the group's member list until it is removed.
     */
    @Override
    public void delete(String tenant, StoredResource user) {
        super.delete(tenant, user);
        memberships.deleteAllOfUser(tenant, user.id());
    }
}
