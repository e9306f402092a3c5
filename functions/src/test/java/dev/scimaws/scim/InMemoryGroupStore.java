package dev.scimaws.scim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Groups for unit tests, with memberships as a map per group and the users looked up in a linked
 * {@link InMemoryUserStore}. Counts the member-list reads, so tests can hold PATCH to "no read of the
 * existing members".
 */
final class InMemoryGroupStore extends InMemoryResourceStore implements GroupStore {

    private final InMemoryUserStore users;
    private final Map<String, TreeMap<String, ResourceRef>> memberships = new HashMap<>();
    final AtomicInteger memberListReads = new AtomicInteger();
    final AtomicInteger memberWrites = new AtomicInteger();

    InMemoryGroupStore(InMemoryUserStore users) {
        super("displayName");
        this.users = users;
        users.link(this);
    }

    private static String key(String tenant, String groupId) {
        return tenant + "/" + groupId;
    }

    @Override
    public Map<String, String> findUsers(String tenant, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        for (String id : ids) {
            users.get(tenant, id).ifPresent(user -> found.put(id,
                    user.text("displayName") != null ? user.text("displayName") : user.text("userName")));
        }
        return found;
    }

    @Override
    public Set<String> findGroups(String tenant, Collection<String> ids) {
        Set<String> found = new HashSet<>();
        ids.forEach(id -> get(tenant, id).ifPresent(group -> found.add(id)));
        return found;
    }

    @Override
    public synchronized void changeMembers(String tenant, String groupId, Collection<ResourceRef> toAdd,
                                           Collection<String> toRemove) {
        // as DynamoDB rejects a BatchWriteItem naming one key twice, before writing anything
        Set<String> adding = new HashSet<>();
        toAdd.forEach(member -> {
            if (!adding.add(member.id()) || toRemove.contains(member.id())) {
                throw new IllegalArgumentException("A member is both added and removed, or added twice: " + member.id());
            }
        });
        if (new HashSet<>(toRemove).size() != toRemove.size()) {
            throw new IllegalArgumentException("A member is removed twice");
        }
        memberWrites.addAndGet(toAdd.size() + toRemove.size());
        TreeMap<String, ResourceRef> group = memberships.computeIfAbsent(key(tenant, groupId), k -> new TreeMap<>());
        toRemove.forEach(group::remove);
        toAdd.forEach(member -> group.put(member.id(), member));
    }

    @Override
    public synchronized List<ResourceRef> members(String tenant, String groupId) {
        memberListReads.incrementAndGet();
        return new ArrayList<>(memberships.getOrDefault(key(tenant, groupId), new TreeMap<>()).values());
    }

    @Override
    public synchronized List<ResourceRef> members(String tenant, String groupId, int limit) {
        List<ResourceRef> all = members(tenant, groupId);
        return new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
    }

    /** Without counting a read: for assertions. */
    synchronized Set<String> memberIds(String tenant, String groupId) {
        return new java.util.TreeSet<>(memberships.getOrDefault(key(tenant, groupId), new TreeMap<>()).keySet());
    }

    @Override
    public long touch(String tenant, String groupId, Instant now, Long expectedVersion) {
        StoredResource current = get(tenant, groupId).orElseThrow(() -> new StoreException.NotFound("gone"));
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw new StoreException.VersionConflict("changed");
        }
        return bump(tenant, groupId, now).version();
    }

    synchronized List<ResourceRef> groupsOf(String tenant, String userId) {
        List<ResourceRef> groups = new ArrayList<>();
        memberships.forEach((key, members) -> {
            if (key.startsWith(tenant + "/") && members.containsKey(userId)) {
                String groupId = key.substring(tenant.length() + 1);
                get(tenant, groupId).ifPresent(group -> groups.add(new ResourceRef(groupId, group.text("displayName"))));
            }
        });
        return groups;
    }

    synchronized void userDeleted(String tenant, String userId) {
        memberships.forEach((key, members) -> {
            if (key.startsWith(tenant + "/")) {
                members.remove(userId);
            }
        });
    }

    @Override
    synchronized void deleted(String tenant, String id) {
        memberships.remove(key(tenant, id));
    }
}
