package dev.scimaws.scim;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups of one tenant and their members, one stored item per membership: changing k members costs
 * O(k) writes and never reads the existing member list. Deleting a group also removes its memberships.
 */
public interface GroupStore extends ResourceStore {

    /**
     * Which of {@code ids} are users of the tenant, each with the name a membership shows for it
     * (displayName, else userName). Strongly consistent, so a user created just before is found.
     */
    Map<String, String> findUsers(String tenant, Collection<String> ids);

    /** Which of {@code ids} are groups of the tenant (to explain why they cannot be members). */
    Set<String> findGroups(String tenant, Collection<String> ids);

    /**
     * Writes membership items for {@code toAdd} and deletes those of {@code toRemove} (ids that are not
     * members are ignored), together in batches: ceil((a + r) / 25) calls. Idempotent, so a retried request
     * converges. The two collections must not share an id.
     */
    void changeMembers(String tenant, String groupId, Collection<ResourceRef> toAdd, Collection<String> toRemove);

    /** Every member of the group, strongly consistent, in id order. */
    List<ResourceRef> members(String tenant, String groupId);

    /** The first {@code limit} members of the group in id order (reads at most {@code limit}). */
    List<ResourceRef> members(String tenant, String groupId, int limit);

    /**
     * Records that the members changed: version + 1 and lastModified = {@code now}, without reading the
     * group, so concurrent member changes never conflict with each other.
     * @param expectedVersion null, or the version the change must apply to (If-Match)
     * @return the new version
     * @throws StoreException.NotFound when the group is gone
     * @throws StoreException.VersionConflict when {@code expectedVersion} is not the stored version
     */
    long touch(String tenant, String groupId, Instant now, Long expectedVersion);
}
