package dev.scimaws.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.scim.Json;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.store.DynamoPurgeStore;
import dev.scimaws.store.DynamoUserStore;
import dev.scimaws.store.TableDefinition;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * 5,000 deactivated users in five tenants (one in ten in two groups, one in 150 groups), purged across
 * runs bounded by the time budget. Prints the DynamoDB calls and the wall time per thousand users.
 */
class PurgeVolumeIT {

    private static final int USERS = 5_000;
    private static final String[] TENANTS = {"acme", "globex", "initech", "umbrella", "hooli"};
    private static final Instant START = Instant.parse("2026-03-01T00:00:00.000Z");
    /**
     * Budget checks one run may make: one per page of 100 and one per batch of 50 users, so 60 checks let a
     * run purge about 2,000 users.
     */
    private static final long CHECKS_PER_RUN = 60;

    @Test
    void fiveThousandDeactivatedUsersArePurgedAcrossRuns() {
        MutableClock clock = new MutableClock(START);
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("purge-volume");
        CallCounter calls = new CallCounter();
        OpTimer timer = new OpTimer();
        try (DynamoDbClient dynamo = engine.client(calls, timer)) {
            int memberships = seed(dynamo, table, clock);
            clock.set(START.plus(Duration.ofDays(31)));

            DynamoPurgeStore store = new DynamoPurgeStore(dynamo, table, clock);
            PurgeSettings settings = PurgeSettings.defaults().withSafetyMarginMillis(1_000);
            List<String> failures = new ArrayList<>();
            Purger purger = new Purger(store, clock, settings, (c, e) -> failures.add(c.userId() + ": " + e));

            Map<String, Long> perTenant = new TreeMap<>();
            List<PurgeReport> runs = new ArrayList<>();
            calls.reset();
            timer.reset();
            long started = System.nanoTime();
            PurgeReport run;
            do {
                AtomicLong remaining = new AtomicLong(settings.safetyMarginMillis() + CHECKS_PER_RUN);
                run = purger.run(new PurgeRequest(30, false, null), remaining::getAndDecrement);
                runs.add(run);
                run.tenants().forEach((tenant, counts) -> perTenant.merge(tenant, counts.purged(), Long::sum));
            } while (run.isStoppedEarly() && runs.size() < 10);
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Map<String, Long> byOperation = calls.snapshot();
            long total = calls.total();

            System.out.printf("PURGE VOLUME: %d users (%d memberships) purged in %d runs %s, %d ms%n", USERS, memberships,
                    runs.size(), runs.stream().map(r -> r.totals().purged()).toList(), elapsedMillis);
            System.out.printf("PURGE VOLUME: time in DynamoDB calls per operation (ms): %s%n", timer.millis());
            System.out.printf("PURGE VOLUME: DynamoDB calls %d (%s) = %.0f per 1,000 users; %.0f ms per 1,000 users%n",
                    total, byOperation, total * 1000.0 / USERS, elapsedMillis * 1000.0 / USERS);

            assertThat(failures).isEmpty();
            assertThat(runs.size()).as("bounded runs").isGreaterThanOrEqualTo(3);
            assertThat(runs.get(runs.size() - 1).isStoppedEarly()).isFalse();
            assertThat(perTenant.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(USERS);
            assertThat(perTenant).containsOnlyKeys(TENANTS).allSatisfy((tenant, purged) -> assertThat(purged).isEqualTo(1_000));
            // per user: one byMember Query; per transaction: the users whose deletes fit in 100 actions (up to 50);
            // per page of 100: one index Query and one BatchGetItem
            assertThat(byOperation.get("Query")).isLessThanOrEqualTo(USERS + USERS / 100 + runs.size());
            assertThat(byOperation.get("TransactWriteItems")).isLessThanOrEqualTo(USERS / 20);
            assertThat(byOperation.get("BatchGetItem")).isLessThanOrEqualTo(USERS / 100 + runs.size());
            assertThat(byOperation.keySet()).doesNotContain("Scan");
            assertThat(total).isLessThanOrEqualTo(1_100L * USERS / 1_000);

            // nothing is left: no candidate, no user, no lock, no membership, no marker; only each user's deletion
            // tombstone (for the provisioning events), which TTL removes after a day
            assertThat(purger.run(new PurgeRequest(0, false, null), () -> Long.MAX_VALUE).totals().candidates()).isZero();
            var remaining = dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
                    .filter(item -> !item.get(TableDefinition.SORT_KEY).s().equals("COUNT")).toList();
            assertThat(remaining).hasSize(USERS).allSatisfy(item -> {
                assertThat(item.get(TableDefinition.SORT_KEY).s()).isEqualTo("DEL");
                assertThat(item).containsKey(TableDefinition.TIME_TO_LIVE_ATTRIBUTE);
            });
            // the tenants' user counts remain, each back at 0: the purge takes 1 off per user it deletes
            DynamoUserStore counted = new DynamoUserStore(dynamo, table, clock);
            assertThat(TENANTS).allSatisfy(tenant -> assertThat(counted.count(tenant)).isZero());
        }
    }

    /** Users straight through the resource store (one transaction each: user + userName lock). */
    private static int seed(DynamoDbClient dynamo, String table, MutableClock clock) {
        DynamoUserStore users = new DynamoUserStore(dynamo, table, clock);
        List<WriteRequest> memberships = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String tenant = TENANTS[i % TENANTS.length];
            String id = UUID.randomUUID().toString();
            Instant at = START.plusMillis(i * 7L);
            users.create(tenant, new StoredResource(id, 1, at, at, at,
                    Json.parseStored("{\"userName\":\"user" + i + "@example.org\",\"active\":false}")));
            int groups = i == 4_321 ? 150 : i % 10 == 0 ? 2 : 0;
            for (int g = 0; g < groups; g++) {
                memberships.add(membership(tenant, "group-" + g, id));
            }
        }
        for (int from = 0; from < memberships.size(); from += 25) {
            List<WriteRequest> chunk = memberships.subList(from, Math.min(memberships.size(), from + 25));
            Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
        return memberships.size();
    }

    private static WriteRequest membership(String tenant, String groupId, String userId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PARTITION_KEY, AttributeValue.fromS("T#" + tenant + "#G#" + groupId));
        item.put(TableDefinition.SORT_KEY, AttributeValue.fromS("M#" + userId));
        item.put(TableDefinition.BY_MEMBER.partitionKey(), AttributeValue.fromS("T#" + tenant + "#MEMBER#" + userId));
        item.put(TableDefinition.BY_MEMBER.sortKey(), AttributeValue.fromS(groupId));
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }
}
