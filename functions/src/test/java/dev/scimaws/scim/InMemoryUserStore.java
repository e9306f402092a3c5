package dev.scimaws.scim;

import java.util.List;

/** Users for unit tests; their groups come from an {@link InMemoryGroupStore} when one is linked. */
final class InMemoryUserStore extends InMemoryResourceStore implements UserStore {

    private InMemoryGroupStore groups;

    InMemoryUserStore() {
        super("userName");
    }

    void link(InMemoryGroupStore groupStore) {
        this.groups = groupStore;
    }

    @Override
    public List<ResourceRef> groupsOf(String tenant, String userId) {
        return groups == null ? List.of() : groups.groupsOf(tenant, userId);
    }

    @Override
    public List<StoredResource> findByGroup(String tenant, String groupId, int limit) {
        if (groups == null) {
            return List.of();
        }
        return groups.members(tenant, groupId).stream().limit(limit + 1L)
                .flatMap(member -> get(tenant, member.id()).stream()).toList();
    }

    @Override
    void deleted(String tenant, String id) {
        if (groups != null) {
            groups.userDeleted(tenant, id);
        }
    }
}
