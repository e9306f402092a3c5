package dev.scimaws.auth;

import dev.scimaws.priming.InMemoryDynamoDb;
import dev.scimaws.store.DynamoTokenStore;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The token store on the in-memory table the authorizer primes with, held to the engine's contract (DynamoTokenStoreIT). */
class PrimingTokenStoreTest extends TokenStoreContract {

    private static final DynamoDbClient MEMORY = DynamoDbClient.builder()
            .httpClient(new InMemoryDynamoDb())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .build();

    @Override
    protected TokenStore store() {
        return new DynamoTokenStore(MEMORY, "tokens");
    }
}
