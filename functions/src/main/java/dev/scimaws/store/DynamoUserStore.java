package dev.scimaws.store;

import dev.scimaws.scim.Json;
import dev.scimaws.scim.ResourceRef;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.scim.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Set;
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
        return groupsOf(tenant, List.of(userId)).get(userId);
    }

    /** One Query per user, and the names of all their groups together: one BatchGetItem per 100 distinct groups. */
    @Override
    public Map<String, List<ResourceRef>> groupsOf(String tenant, Collection<String> userIds) {
        Map<String, List<String>> groupIdsByUser = new LinkedHashMap<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (String userId : userIds) {
            List<String> groupIds = new ArrayList<>(new LinkedHashSet<>(memberships.groupIdsOf(tenant, userId)));
            groupIdsByUser.put(userId, groupIds);
            distinct.addAll(groupIds);
        }
        Map<String, String> names = new HashMap<>();
        if (!distinct.isEmpty()) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>(distinct.size());
            distinct.forEach(id -> keys.add(ResourceKind.GROUP.key(tenant, id)));
            for (Map<String, AttributeValue> item : Batches.get(dynamo, table, keys, false, "#id, #doc",
                    Map.of("#id", "id", "#doc", DOC))) {
                var displayName = Json.parseStored(item.get(DOC).s()).get(ResourceKind.GROUP.uniqueAttribute);
                names.put(item.get("id").s(), displayName == null ? null : displayName.asText());
            }
        }
        Map<String, List<ResourceRef>> groups = new HashMap<>();
        groupIdsByUser.forEach((userId, groupIds) -> groups.put(userId, groupIds.stream()
                .filter(names::containsKey).map(id -> new ResourceRef(id, names.get(id))).toList()));
        return groups;
    }

    /** One strongly consistent Query of the group's member items (at most limit + 1), then BatchGetItem per 100 users. */
    @Override
    public List<StoredResource> findByGroup(String tenant, String groupId, int limit) {
        if (!Keys.fitsPartitionKey(ResourceKind.GROUP.partitionKey(tenant, groupId))) {
            return List.of();
        }
        List<ResourceRef> members = memberships.ofGroup(tenant, groupId, limit + 1);
        List<Map<String, AttributeValue>> keys = new ArrayList<>(members.size());
        members.forEach(member -> keys.add(ResourceKind.USER.key(tenant, member.id())));
        List<StoredResource> users = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> item : Batches.get(dynamo, table, keys, false, null, null)) {
            users.add(fromItem(item));
        }
        return users;
    }

    /**
     * The user's write as for any resource; when the name a membership shows (displayName, else userName)
     * changed, its memberships are refreshed after it ({@link Memberships#refreshDisplay}: 1 Query + 1
     * UpdateItem per group of the user). A failure in between leaves an older display until the next rename.
     */
    @Override
    public void update(String tenant, StoredResource previous, StoredResource next) {
        super.update(tenant, previous, next);
        String before = display(previous);
        String after = display(next);
        if (!java.util.Objects.equals(before, after)) {
            memberships.refreshDisplay(tenant, next.id(), after);
        }
    }

    /** The name a membership shows for a user, as {@link DynamoGroupStore#findUsers} reads it. */
    private static String display(StoredResource user) {
        String displayName = user.text("displayName");
        return displayName != null ? displayName : user.text(ResourceKind.USER.uniqueAttribute);
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
