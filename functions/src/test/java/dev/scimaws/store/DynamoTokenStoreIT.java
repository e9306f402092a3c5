package dev.scimaws.store;

import dev.scimaws.auth.TokenStore;
import dev.scimaws.auth.TokenStoreContract;
import dev.scimaws.testing.DynamoEngine;

/** The token store on the engine, held to the contract the priming in-memory table is held to (PrimingTokenStoreTest). */
class DynamoTokenStoreIT extends TokenStoreContract {

    private static final String TABLE = DynamoEngine.get().createTable("tokens-store");

    @Override
    protected TokenStore store() {
        return new DynamoTokenStore(DynamoEngine.get().client(), TABLE);
    }
}
