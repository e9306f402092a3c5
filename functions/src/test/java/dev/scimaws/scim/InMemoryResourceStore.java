package dev.scimaws.scim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A fake of the resource port for unit tests; storage behaviour itself is tested against the engine. */
abstract class InMemoryResourceStore implements ResourceStore {

    private final String uniqueAttribute;
    private final Map<String, StoredResource> resources = new LinkedHashMap<>();
    /** Users' names are unique; groups may share theirs, as the DynamoDB store allows. */
    private final boolean uniqueNames;

    InMemoryResourceStore(String uniqueAttribute) {
        this.uniqueAttribute = uniqueAttribute;
        this.uniqueNames = !uniqueAttribute.equals("displayName");
    }

    private static String key(String tenant, String id) {
        return tenant + "/" + id;
    }

    private Optional<StoredResource> byName(String tenant, String name) {
        return resources.entrySet().stream()
                .filter(e -> e.getKey().startsWith(tenant + "/"))
                .map(Map.Entry::getValue)
                .filter(r -> r.text(uniqueAttribute).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    @Override
    public synchronized void create(String tenant, StoredResource resource) {
        if (uniqueNames && byName(tenant, resource.text(uniqueAttribute)).isPresent()) {
            throw new StoreException.UniquenessViolation(uniqueAttribute + " taken");
        }
        resources.put(key(tenant, resource.id()), resource);
    }

    @Override
    public synchronized Optional<StoredResource> get(String tenant, String id) {
        return Optional.ofNullable(resources.get(key(tenant, id)));
    }

    @Override
    public synchronized Optional<StoredResource> findByName(String tenant, String name) {
        return byName(tenant, name);
    }

    @Override
    public synchronized List<StoredResource> findAllByName(String tenant, String name) {
        return all(tenant).stream()
                .filter(r -> r.text(uniqueAttribute).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .toList();
    }

    @Override
    public synchronized List<StoredResource> findByExternalId(String tenant, String externalId) {
        return all(tenant).stream().filter(r -> externalId.equals(r.text("externalId"))).toList();
    }

    @Override
    public synchronized void update(String tenant, StoredResource previous, StoredResource next) {
        StoredResource current = resources.get(key(tenant, previous.id()));
        if (current == null || current.version() != previous.version()) {
            throw new StoreException.VersionConflict("conflict");
        }
        Optional<StoredResource> holder = byName(tenant, next.text(uniqueAttribute));
        if (uniqueNames && holder.isPresent() && !holder.get().id().equals(next.id())) {
            throw new StoreException.UniquenessViolation(uniqueAttribute + " taken");
        }
        resources.put(key(tenant, next.id()), next);
    }

    @Override
    public synchronized void delete(String tenant, StoredResource resource) {
        StoredResource current = resources.get(key(tenant, resource.id()));
        if (current == null || current.version() != resource.version()) {
            throw new StoreException.VersionConflict("gone or changed");
        }
        resources.remove(key(tenant, resource.id()));
        deleted(tenant, resource.id());
    }

    /** After a delete: memberships go with the resource. */
    abstract void deleted(String tenant, String id);

    /** Sets the stored version and lastModified without checks (the fake's side of GroupStore.touch). */
    synchronized StoredResource bump(String tenant, String id, java.time.Instant now) {
        StoredResource current = resources.get(key(tenant, id));
        if (current == null) {
            return null;
        }
        StoredResource next = new StoredResource(id, current.version() + 1, current.created(), now,
                current.deactivatedAt(), current.body());
        resources.put(key(tenant, id), next);
        return next;
    }

    private final Map<String, Remembered> remembered = new LinkedHashMap<>();

    @Override
    public synchronized long count(String tenant) {
        return all(tenant).size();
    }

    @Override
    public synchronized Slice list(String tenant, Position after, int limit) {
        List<StoredResource> all = all(tenant);
        int from = 0;
        if (after != null) {
            while (from < all.size() && !isAfter(all.get(from), after)) {
                from++;
            }
        }
        int to = Math.min(all.size(), from + limit);
        return new Slice(new ArrayList<>(all.subList(from, to)), to < all.size());
    }

    private static boolean isAfter(StoredResource resource, Position position) {
        int byTime = resource.created().compareTo(position.created());
        return byTime > 0 || byTime == 0 && resource.id().compareTo(position.id()) > 0;
    }

    @Override
    public synchronized Optional<Remembered> remembered(String tenant, int startIndex) {
        return Optional.ofNullable(remembered.get(tenant + "/" + startIndex));
    }

    @Override
    public synchronized void remember(String tenant, int startIndex, Position before, long total) {
        remembered.put(tenant + "/" + startIndex, new Remembered(before, total));
    }

    @Override
    public synchronized Optional<Position> skip(String tenant, int n) {
        List<StoredResource> all = all(tenant);
        return all.size() <= n ? Optional.empty() : Optional.of(Position.of(all.get(n - 1)));
    }

    /** Every resource of the tenant in list order (the fake's whole table; real stores never read this). */
    synchronized List<StoredResource> all(String tenant) {
        List<StoredResource> list = new ArrayList<>();
        resources.forEach((k, v) -> {
            if (k.startsWith(tenant + "/")) {
                list.add(v);
            }
        });
        list.sort(Comparator.comparing(StoredResource::created).thenComparing(StoredResource::id));
        return list;
    }
}
