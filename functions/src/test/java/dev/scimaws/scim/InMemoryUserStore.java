package dev.scimaws.scim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A fake of our own port for unit tests; storage behaviour itself is tested against the engine. */
final class InMemoryUserStore implements UserStore {

    private final Map<String, StoredResource> users = new LinkedHashMap<>();

    private static String key(String tenant, String id) {
        return tenant + "/" + id;
    }

    private Optional<StoredResource> byName(String tenant, String userName) {
        return users.entrySet().stream()
                .filter(e -> e.getKey().startsWith(tenant + "/"))
                .map(Map.Entry::getValue)
                .filter(u -> u.text("userName").toLowerCase(Locale.ROOT).equals(userName.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    @Override
    public synchronized void create(String tenant, StoredResource user) {
        if (byName(tenant, user.text("userName")).isPresent()) {
            throw new StoreException.UniquenessViolation("userName taken");
        }
        users.put(key(tenant, user.id()), user);
    }

    @Override
    public synchronized Optional<StoredResource> get(String tenant, String id) {
        return Optional.ofNullable(users.get(key(tenant, id)));
    }

    @Override
    public synchronized Optional<StoredResource> findByUserName(String tenant, String userName) {
        return byName(tenant, userName);
    }

    @Override
    public synchronized List<StoredResource> findByExternalId(String tenant, String externalId) {
        return all(tenant).stream().filter(u -> externalId.equals(u.text("externalId"))).toList();
    }

    @Override
    public synchronized void update(String tenant, StoredResource previous, StoredResource next) {
        StoredResource current = users.get(key(tenant, previous.id()));
        if (current == null || current.version() != previous.version()) {
            throw new StoreException.VersionConflict("conflict");
        }
        Optional<StoredResource> holder = byName(tenant, next.text("userName"));
        if (holder.isPresent() && !holder.get().id().equals(next.id())) {
            throw new StoreException.UniquenessViolation("userName taken");
        }
        users.put(key(tenant, next.id()), next);
    }

    @Override
    public synchronized void delete(String tenant, StoredResource user) {
        if (users.remove(key(tenant, user.id())) == null) {
            throw new StoreException.VersionConflict("gone");
        }
    }

    @Override
    public synchronized Page page(String tenant, int startIndex, int count) {
        List<StoredResource> all = all(tenant);
        int from = Math.min(all.size(), startIndex - 1);
        return new Page(all.size(), all.subList(from, Math.min(all.size(), from + count)));
    }

    @Override
    public synchronized List<StoredResource> all(String tenant) {
        List<StoredResource> list = new ArrayList<>();
        users.forEach((k, v) -> {
            if (k.startsWith(tenant + "/")) {
                list.add(v);
            }
        });
        list.sort(Comparator.comparing(StoredResource::created).thenComparing(StoredResource::id));
        return list;
    }
}
