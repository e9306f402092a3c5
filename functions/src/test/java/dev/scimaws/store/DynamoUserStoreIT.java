package dev.scimaws.store;

import dev.scimaws.scim.UserStore;
import dev.scimaws.scim.UserStoreContract;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;

/** The users store on the engine, held to the contract its fake (InMemoryUserStoreTest) is held to. */
class DynamoUserStoreIT extends UserStoreContract {

    private static DynamoUserStore users;

    @BeforeAll
    static void engine() {
        DynamoEngine engine = DynamoEngine.get();
        users = new DynamoUserStore(engine.client(), engine.createTable("users-store"), Clock.systemUTC());
    }

    @Override
    protected UserStore users() {
        return users;
    }
}
