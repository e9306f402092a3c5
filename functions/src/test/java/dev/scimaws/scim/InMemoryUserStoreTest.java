package dev.scimaws.scim;

/** The users fake the service tests use, held to the same contract as the DynamoDB store (DynamoUserStoreIT). */
class InMemoryUserStoreTest extends UserStoreContract {

    private final InMemoryUserStore users = new InMemoryUserStore();

    @Override
    protected UserStore users() {
        return users;
    }
}
