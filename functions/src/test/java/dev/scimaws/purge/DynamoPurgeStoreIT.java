package dev.scimaws.purge;

import dev.scimaws.scim.Json;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.store.DynamoPurgeStore;
import dev.scimaws.store.DynamoUserStore;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

/**
 * The purge store on the engine, held to the contract its fake (FakePurgeStoreTest) is held to. A table per
 * test: the deactivated index has one partition for the whole table.
 */
class DynamoPurgeStoreIT extends PurgeStoreContract {

    private DynamoPurgeStore store;
    private DynamoUserStore users;

    @BeforeEach
    void table() {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("purge-store");
        store = new DynamoPurgeStore(engine.client(), table, Clock.systemUTC());
        users = new DynamoUserStore(engine.client(), table, Clock.systemUTC());
    }

    @Override
    protected PurgeStore store() {
        return store;
    }

    @Override
    protected String deactivated(String tenant, String id, Instant at) {
        users.create(tenant, new StoredResource(id, 1, at, at, at,
                Json.object().put("userName", id + "@" + tenant + ".example.org").put("active", false)));
        return id;
    }
}
