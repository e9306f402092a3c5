package dev.scimaws.scim;

import java.util.List;

/** Users of one tenant. Deleting a user also removes its group memberships. */
public interface UserStore extends ResourceStore {

    /**
     * The groups the user is a direct member of, with their current displayName; from the inverse
     * membership index, so eventually consistent. Memberships of groups deleted meanwhile are left out.
     */
    List<ResourceRef> groupsOf(String tenant, String userId);
}
