package dev.scimaws.scim;

/** The schema fake, held to the contract of the DynamoDB store (DynamoExtensionSchemaStoreIT). */
class InMemoryExtensionSchemaStoreTest extends ExtensionSchemaStoreContract {

    private final InMemoryExtensionSchemaStore schemas = new InMemoryExtensionSchemaStore();

    @Override
    protected ExtensionSchemaStore schemas() {
        return schemas;
    }
}
