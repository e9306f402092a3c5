package dev.scimaws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DynamoEngineTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8000, true",
            "http://localhost:4566, true",
            "http://[::1]:8000, true",
            "http://127.0.0.2:8000, true",
            "https://dynamodb.eu-west-1.amazonaws.com, false",
            "http://10.0.0.5:8000, false",
            "http://localhost.example.com:8000, false"})
    void givesDummyCredentialsOnlyToLoopbackEndpoints(String endpoint, boolean loopback) {
        assertThat(DynamoEngine.isLoopback(URI.create(endpoint))).isEqualTo(loopback);
    }
}
