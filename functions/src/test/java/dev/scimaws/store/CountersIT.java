package dev.scimaws.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.StoreException;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The maintained counts on the real engine: exact under concurrent writers, one BatchGetItem to read. */
class CountersIT {

    private final DynamoEngine engine = DynamoEngine.get();
    private final String table = engine.createTable("counters");
    private final CallCounter calls = new CallCounter();
    private final DynamoUserStore users = new DynamoUserStore(engine.client(calls), table, Clock.systemUTC());

    private static StoredResource user(String userName) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = Json.object().put("userName", userName);
        return new StoredResource(UUID.randomUUID().toString(), 1, now, now, null, body);
    }

    @Test
    void concurrentCreatesAndDeletesLoseNoCount() throws Exception {
        assertThat(users.count("race")).isZero();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<StoredResource>> creates = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String userName = "u" + i + "@example.org";
            creates.add(() -> {
                StoredResource user = user(userName);
                users.create("race", user);
                return user;
            });
        }
        for (int i = 0; i < 20; i++) {
            creates.add(() -> {
                StoredResource user = user("same@example.org");
                try {
                    users.create("race", user);
                    return user;
                } catch (StoreException.UniquenessViolation lost) {
                    return null;
                }
            });
        }
        List<StoredResource> created = new ArrayList<>();
        for (Future<StoredResource> result : pool.invokeAll(creates)) {
            if (result.get() != null) {
                created.add(result.get());
            }
        }
        assertThat(created).hasSize(301);
        calls.reset();
        assertThat(users.count("race")).as("the losers of the userName race are not counted").isEqualTo(301);
        assertThat(calls.snapshot()).isEqualTo(java.util.Map.of("BatchGetItem", 1L));

        List<Callable<Void>> deletes = new ArrayList<>();
        created.subList(0, 100).forEach(user -> deletes.add(() -> {
            users.delete("race", user);
            return null;
        }));
        for (Future<Void> done : pool.invokeAll(deletes)) {
            done.get();
        }
        pool.shutdown();
        assertThat(users.count("race")).isEqualTo(201);
        assertThat(users.count("other")).as("counts are per tenant").isZero();
    }

    @Test
    void dataFromBeforeTheCountersIsCountedOnceThenReadInOneCall() throws Exception {
        new TenantSeeder(engine.client(), table).seed("legacy", 1_200, 0, 0);
        engine.client().deleteItem(b -> b.tableName(table)
                .key(Keys.key(Counters.partition("legacy", ResourceKind.USER, "BASE"), Counters.SORT_KEY)));
        users.create("legacy", user("after.upgrade@example.org"));

        assertThat(users.count("legacy")).isEqualTo(1_201);
        calls.reset();
        assertThat(users.count("legacy")).isEqualTo(1_201);
        assertThat(calls.snapshot()).isEqualTo(java.util.Map.of("BatchGetItem", 1L));
    }

    @Test
    void groupsAreCountedApartFromUsers() {
        DynamoGroupStore groups = new DynamoGroupStore(engine.client(), table, Clock.systemUTC());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StoredResource sales = new StoredResource(UUID.randomUUID().toString(), 1, now, now, null, Json.object().put("displayName", "Sales"));
        groups.create("groups", sales);
        groups.create("groups", new StoredResource(UUID.randomUUID().toString(), 1, now, now, null, Json.object().put("displayName", "Ops")));
        users.create("groups", user("member@example.org"));
        assertThat(groups.count("groups")).isEqualTo(2);
        groups.delete("groups", sales);
        assertThat(groups.count("groups")).isEqualTo(1);
        assertThat(users.count("groups")).isEqualTo(1);
    }
}
