package dev.scimaws.scim;

import java.util.List;
import java.util.Optional;

/** Users of one tenant. Implementations enforce userName uniqueness (case-insensitive) atomically. */
public interface UserStore {

    /** @throws StoreException.UniquenessViolation when the userName is taken */
    void create(String tenant, StoredResource user);

    /** Strongly consistent: the result may decide a write. */
    Optional<StoredResource> get(String tenant, String id);

    /** Through the userName lock: consistent and exact (case-insensitive). */
    Optional<StoredResource> findByUserName(String tenant, String userName);

    List<StoredResource> findByExternalId(String tenant, String externalId);

    /**
     * Replaces {@code previous} with {@code next} if the stored version is still {@code previous.version()};
     * moves the userName lock atomically when the userName changed.
     * @throws StoreException.VersionConflict when someone else wrote first
     * @throws StoreException.UniquenessViolation when the new userName is taken
     */
    void update(String tenant, StoredResource previous, StoredResource next);

    /** @throws StoreException.VersionConflict when the user changed or is gone */
    void delete(String tenant, StoredResource user);

    /** One page in creation order; startIndex is 1-based. count 0 returns only the total. */
    Page page(String tenant, int startIndex, int count);

    /** Every user of the tenant, in creation order (for filters no index answers). */
    List<StoredResource> all(String tenant);

    record Page(long totalResults, List<StoredResource> resources) {}
}
