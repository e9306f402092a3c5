package dev.scimaws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.scim.Json;
import dev.scimaws.store.TableDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The raw items of one tenant, read with a consistent Scan of the whole (small) test table, and the
 * invariants every race must leave behind: each name lock owned by a resource that has that name, each
 * resource holding its lock, each membership between a live group and a live user. Internal items are not
 * resources: a deletion tombstone ({@code SK = DEL}) sits only in the partition of a resource that is gone and
 * expires by TTL; counters ({@code SK = COUNT}) belong to no resource and are left to the count tests.
 */
public final class TableItems {

    private static final String TOMBSTONE = "DEL";

    private final List<Map<String, AttributeValue>> items;
    private final String prefix;

    private TableItems(List<Map<String, AttributeValue>> items, String prefix) {
        this.items = items;
        this.prefix = prefix;
    }

    public static TableItems of(DynamoDbClient dynamo, String table, String tenant) {
        String prefix = "T#" + tenant + "#";
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(scan.build());
            page.items().stream().filter(item -> item.get("PK").s().startsWith(prefix)).forEach(items::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new TableItems(items, prefix);
    }

    /** Resource id -> stored document, for items with sort key {@code code} ("U" users, "G" groups). */
    public Map<String, JsonNode> resources(String code) {
        Map<String, JsonNode> found = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            if (item.get("SK").s().equals(code)) {
                String id = item.get("PK").s().substring(prefix.length() + code.length() + 1);
                found.put(id, Json.parseStored(item.get("doc").s()));
            }
        }
        return found;
    }

    /** Folded name -> owner id, for lock items with sort key {@code code} ("UN", "GN"). */
    public Map<String, String> locks(String code) {
        Map<String, String> found = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            if (item.get("SK").s().equals(code)) {
                found.put(item.get("PK").s().substring(prefix.length() + code.length() + 1), item.get("ownerId").s());
            }
        }
        return found;
    }

    /** Group id -> member ids, from the membership items. */
    public Map<String, List<String>> memberships() {
        Map<String, List<String>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("SK").s();
            if (sk.startsWith("M#")) {
                String groupId = item.get("PK").s().substring(prefix.length() + 2);
                found.computeIfAbsent(groupId, g -> new ArrayList<>()).add(sk.substring(2));
            }
        }
        return found;
    }

    /** Resource ids with a deletion tombstone, for partitions of kind {@code code} ("U" users, "G" groups). */
    public Set<String> tombstones(String code) {
        Set<String> found = new HashSet<>();
        for (Map<String, AttributeValue> item : items) {
            String pk = item.get("PK").s();
            if (item.get("SK").s().equals(TOMBSTONE) && pk.startsWith(prefix + code + "#")) {
                found.add(pk.substring(prefix.length() + code.length() + 1));
            }
        }
        return found;
    }

    /** A tombstone never shares its partition with a live resource, and TTL removes it. */
    public TableItems assertTombstonesOnlyOfDeletedResources() {
        for (String code : List.of("U", "G")) {
            Set<String> besideALiveResource = tombstones(code);
            besideALiveResource.retainAll(resources(code).keySet());
            assertThat(besideALiveResource).as("tombstones beside a live resource (" + code + ")").isEmpty();
        }
        items.stream().filter(item -> item.get("SK").s().equals(TOMBSTONE)).forEach(item ->
                assertThat(item).as("a tombstone's TTL").containsKey(TableDefinition.TIME_TO_LIVE_ATTRIBUTE));
        return this;
    }

    /** Every user holds the lock of its userName and every userName lock belongs to a user of that name. */
    public TableItems assertUserNameLocksConsistent() {
        return assertLocksConsistent("U", "UN", "userName");
    }

    /** Every group holds the lock of its displayName (when names are locked) and no lock is orphaned. */
    public TableItems assertDisplayNameLocksConsistent() {
        return assertLocksConsistent("G", "GN", "displayName");
    }

    private TableItems assertLocksConsistent(String itemCode, String lockCode, String attribute) {
        assertTombstonesOnlyOfDeletedResources();
        Map<String, JsonNode> resources = resources(itemCode);
        Map<String, String> locks = locks(lockCode);
        locks.forEach((name, owner) -> {
            assertThat(resources).as("the owner of lock " + lockCode + " " + name).containsKey(owner);
            assertThat(fold(resources.get(owner).path(attribute).asText())).as("the name of lock owner " + owner).isEqualTo(name);
        });
        if (!locks.isEmpty() || !resources.isEmpty()) {
            resources.forEach((id, doc) -> {
                String name = fold(doc.path(attribute).asText());
                if (lockCode.equals("UN") || locks.containsKey(name)) {
                    assertThat(locks.get(name)).as("the lock of " + id + " (" + name + ")").isEqualTo(id);
                }
            });
        }
        return this;
    }

    /** Every membership item joins a group and a user that both exist. */
    public TableItems assertMembershipsPointAtLiveResources() {
        assertTombstonesOnlyOfDeletedResources();
        Map<String, JsonNode> users = resources("U");
        Map<String, JsonNode> groups = resources("G");
        memberships().forEach((group, members) -> {
            assertThat(groups).as("the group of memberships " + members).containsKey(group);
            assertThat(users.keySet()).as("the members of group " + group).containsAll(members);
        });
        return this;
    }

    private static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
