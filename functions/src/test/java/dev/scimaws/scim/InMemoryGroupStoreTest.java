package dev.scimaws.scim;

/** The groups fake the service tests use, held to the same contract as the DynamoDB store (DynamoGroupStoreIT). */
class InMemoryGroupStoreTest extends GroupStoreContract {

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final InMemoryGroupStore groups = new InMemoryGroupStore(users);

    @Override
    protected GroupStore groups() {
        return groups;
    }

    @Override
    protected UserStore users() {
        return users;
    }
}
