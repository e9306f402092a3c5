package dev.scimaws.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ResourceRef;
import dev.scimaws.scim.StoredResource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Seeds a large tenant fast for scale tests: the items the stores write (users with their userName
 * locks, groups with their displayName locks, membership items, the tenant's counters), built by the
 * stores' own item code and written 25 per BatchWriteItem on a few threads instead of one transaction
 * per resource. What it writes is what the API would have written, so every read path sees a normal tenant.
 */
public final class TenantSeeder {

    /** What was seeded: user ids and group ids in creation order. */
    public record Seeded(List<String> userIds, List<String> groupIds) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoUserStore users;
    private final DynamoGroupStore groups;

    public TenantSeeder(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.users = new DynamoUserStore(dynamo, table, Clock.systemUTC());
        this.groups = new DynamoGroupStore(dynamo, table, Clock.systemUTC());
    }

    /**
     * {@code userCount} users shaped as Okta creates them ({@code user<i>@<tenant>.example.org}, a work
     * email, externalId {@code ext-<i>}), created one millisecond apart; then {@code groupCount} groups of
     * {@code membersPerGroup} members each, drawn round-robin from the users.
     */
    public Seeded seed(String tenant, int userCount, int groupCount, int membersPerGroup) throws Exception {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<WriteRequest> writes = new ArrayList<>();
        List<String> userIds = new ArrayList<>(userCount);
        List<String> userNames = new ArrayList<>(userCount);
        for (int i = 0; i < userCount; i++) {
            String userName = "user" + i + "@" + tenant + ".example.org";
            ObjectNode body = Json.object().put("userName", userName).put("externalId", "ext-" + i)
                    .put("displayName", "User " + i).put("active", true);
            body.putObject("name").put("givenName", "User").put("familyName", "Number " + i);
            body.putArray("emails").addObject().put("value", userName).put("type", "work").put("primary", true);
            Instant created = base.plusMillis(i);
            StoredResource user = new StoredResource(UUID.randomUUID().toString(), 1, created, created, null, body);
            userIds.add(user.id());
            userNames.add(userName);
            writes.add(put(users.toItem(tenant, user)));
            writes.add(put(users.lockItem(tenant, userName, user.id())));
        }
        List<String> groupIds = new ArrayList<>(groupCount);
        Instant groupBase = base.plusMillis(userCount);
        for (int g = 0; g < groupCount; g++) {
            String displayName = "Group " + g;
            Instant created = groupBase.plusMillis(g);
            StoredResource group = new StoredResource(UUID.randomUUID().toString(), 1, created, created, null,
                    Json.object().put("displayName", displayName).put("externalId", "gext-" + g));
            groupIds.add(group.id());
            writes.add(put(groups.toItem(tenant, group)));
            writes.add(put(groups.lockItem(tenant, displayName, group.id())));
            for (int m = 0; m < membersPerGroup && userCount > 0; m++) {
                int u = (g * membersPerGroup + m) % userCount;
                writes.add(put(Memberships.item(tenant, group.id(), new ResourceRef(userIds.get(u), "User " + u))));
            }
        }
        writes.addAll(counterWrites(tenant, userCount, groupCount));
        writeInParallel(writes);
        return new Seeded(userIds, groupIds);
    }

    private List<WriteRequest> counterWrites(String tenant, int userCount, int groupCount) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Map<String, AttributeValue> item : Counters.seedItems(tenant, ResourceKind.USER, userCount)) {
            writes.add(put(item));
        }
        for (Map<String, AttributeValue> item : Counters.seedItems(tenant, ResourceKind.GROUP, groupCount)) {
            writes.add(put(item));
        }
        return writes;
    }

    private void writeInParallel(List<WriteRequest> writes) throws Exception {
        int chunk = Batches.WRITE_LIMIT * 40;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < writes.size(); from += chunk) {
                List<WriteRequest> part = writes.subList(from, Math.min(writes.size(), from + chunk));
                done.add(pool.submit(() -> Batches.write(dynamo, table, part)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }
}
