package dev.scimaws.scim;

import java.util.List;
import java.util.Optional;

/**
 * Resources of one type (users or groups) of one tenant. Implementations enforce the uniqueness of
 * {@code userName}, ignoring case, atomically; group displayNames may be shared.
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
     * Every resource with the name, ignoring case: consistent and exact. Users have at most one; groups may
     * share a displayName (RFC 7643 gives it no uniqueness).
     */
    default List<StoredResource> findAllByName(String tenant, String name) {
        return findByName(tenant, name).stream().toList();
    }

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

    /**
     * The resources that are members of {@code groupId} (users; groups do not nest, so none for groups): at
     * most {@code limit} + 1 read, so a caller can tell a group with more than {@code limit} members.
     */
    default List<StoredResource> findByGroup(String tenant, String groupId, int limit) {
        return List.of();
    }

    /** How many resources the tenant has: maintained with the data, never counted by reading. */
    long count(String tenant);

    /**
     * Resources in list order (creation time, then id) after {@code after} (null: from the first): at most
     * {@code limit}, and fewer when {@link #MAX_BYTES_PER_READ} were read first. {@code more} says whether any follow.
     */
    Slice list(String tenant, Position after, int limit);

    /** The position the previous index page left for {@code startIndex} (1-based), if it is still live. */
    Optional<Remembered> remembered(String tenant, int startIndex);

    /** Leaves {@code before} (the last resource shown) for the request that asks for {@code startIndex} next. */
    void remember(String tenant, int startIndex, Position before, long total);

    /**
     * The position after the first {@code n} resources, counting index entries without returning them
     * (reads n entries); empty when the tenant has n or fewer.
     */
    Optional<Position> skip(String tenant, int n);

    /** Bytes one {@link #list} reads at most (4 DynamoDB pages of 1 MB): the memory bound of a scan. */
    int MAX_BYTES_PER_READ = 4 * 1024 * 1024;

    /** A place in list order: where a page or a scan resumes. */
    record Position(java.time.Instant created, String id) {
        public static Position of(StoredResource resource) {
            return new Position(resource.created(), resource.id());
        }
    }

    record Slice(List<StoredResource> resources, boolean more) {}

    record Remembered(Position position, long total) {}
}
