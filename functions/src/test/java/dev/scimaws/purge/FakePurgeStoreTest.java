package dev.scimaws.purge;

import java.time.Instant;

/** The purge store fake the purger's unit tests use, held to the contract of the DynamoDB store (DynamoPurgeStoreIT). */
class FakePurgeStoreTest extends PurgeStoreContract {

    private final FakePurgeStore store = new FakePurgeStore();

    @Override
    protected PurgeStore store() {
        return store;
    }

    @Override
    protected String deactivated(String tenant, String id, Instant at) {
        store.deactivated(tenant, id, at);
        return id;
    }
}
