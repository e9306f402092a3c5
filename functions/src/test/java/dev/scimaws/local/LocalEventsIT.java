package dev.scimaws.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.scim.Json;
import dev.scimaws.testing.DynamoEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API's change feed: a SCIM write shows up as a JSON line in the events file within seconds. */
class LocalEventsIT {

    @Test
    void aCreatedUserIsAppendedToTheEventsFileAsPutOnTheBus(@TempDir Path dir) throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTableWithStream("local-events");
        Path file = dir.resolve("events.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalApi api = LocalApi.start(0, engine, table);
             LocalEvents events = LocalEvents.start(engine, table, file, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/Users"))
                    .header("Authorization", "Bearer " + api.token())
                    .header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"local@example.com"}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            String id = Json.parseStored(created.body()).get("id").textValue();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(file).as("an event within a few seconds").exists();
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(1); // the token issued at start is older than the feed, and internal anyway
            JsonNode event = Json.parseStored(lines.get(0));
            assertThat(event.get("source").textValue()).isEqualTo("scim-aws");
            assertThat(event.get("detail-type").textValue()).isEqualTo("User Created");
            assertThat(event.get("detail").get("id").textValue()).isEqualTo(id);
            assertThat(event.get("detail").get("userName").textValue()).isEqualTo("local@example.com");
            assertThat(printed.toString(StandardCharsets.UTF_8).trim()).isEqualTo(lines.get(0));
        }
    }
}
