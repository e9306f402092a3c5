package dev.scimaws.scim;

import java.util.List;

/** Users of one tenant. Deleting a user also removes its group memberships. */
public interface UserStore extends ResourceStore {

    /**
     * The groups the user is a direct member of, with their current displayName; from the inverse
     * membership index, so eventually consistent. Memberships of groups deleted meanwhile are left out.
     */
    List<ResourceRef> groupsOf(String tenant, String userId);

    /** {@link #groupsOf} for the users of a list page: implementations read the group names once for the page. */
    default java.util.Map<String, List<ResourceRef>> groupsOf(String tenant, java.util.Collection<String> userIds) {
        java.util.Map<String, List<ResourceRef>> groups = new java.util.HashMap<>();
        userIds.forEach(id -> groups.put(id, groupsOf(tenant, id)));
        return groups;
    }
}
