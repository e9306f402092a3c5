package dev.scimaws.scim;

import java.util.List;
import java.util.Optional;

/**
 * Resources of one type (users or groups) of one tenant. Implementations enforce the uniqueness of the
 * type's name attribute ({@code userName}, {@code displayName}), ignoring case, atomically.
 */
public interface ResourceStore {

    /** @throws StoreException.UniquenessViolation when the name is taken */
    void create(String tenant, StoredResource resource);

    /** Strongly consistent: the result may decide a write. */
    Optional<StoredResource> get(String tenant, String id);

    /** Through the name lock ({@code userName} or {@code displayName}): consistent and exact, ignoring case. */
    Optional<StoredResource> findByName(String tenant, String name);

    List<StoredResource> findByExternalId(String tenant, String externalId);

    /**
     * Replaces {@code previous} with {@code next} if the stored version is still {@code previous.version()};
     * moves the name lock atomically when the name changed.
     * @throws StoreException.VersionConflict when someone else wrote first
     * @throws StoreException.UniquenessViolation when the new name is taken
     */
    void update(String tenant, StoredResource previous, StoredResource next);

    /**
     * Deletes the resource, its name lock and its group memberships.
     * @throws StoreException.VersionConflict when the resource changed or is gone
     */
    void delete(String tenant, StoredResource resource);

    /** One page in creation order; startIndex is 1-based. count 0 returns only the total. */
    Page page(String tenant, int startIndex, int count);

    /** Every resource of the tenant, in creation order (for filters no index answers). */
    List<StoredResource> all(String tenant);

    record Page(long totalResults, List<StoredResource> resources) {}
}
