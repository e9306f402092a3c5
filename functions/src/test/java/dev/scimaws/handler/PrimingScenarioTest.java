package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The priming mix against the in-memory table takes the paths it is meant to prime: successes, the
 * uniqueness conflict, the membership changes. A mix that drifted into 400s or 404s would still "prime",
 * but the wrong classes.
 */
class PrimingScenarioTest {

    /** Never contacted: the in-memory table answers everything; only its configuration is copied. */
    private static DynamoDbClient unreachable() {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .build();
    }

    @Test
    void mixTakesTheSuccessAndConflictPaths() {
        List<String> statuses = new ArrayList<>();
        try (DynamoDbClient real = unreachable()) {
            statuses.addAll(ApiGateway.primeInMemory(new Wiring(real, "priming-table", Clock.systemUTC())));
        }
        assertThat(statuses).containsExactly(
                "POST Users 201",
                "POST Users 409",
                "POST Groups 201",
                "PATCH Groups 204",
                "PATCH Groups 204",
                "GET Groups 200",
                "GET Groups 200",
                "GET Users 200",
                "GET Users 200",
                "GET Users 200",
                "PATCH Users 200",
                "PATCH Users 200",
                "PUT Users 200",
                "PATCH Groups 204",
                "DELETE Groups 204",
                "DELETE Users 204");
    }
}
