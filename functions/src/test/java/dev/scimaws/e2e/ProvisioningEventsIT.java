package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.auth.Tokens;
import dev.scimaws.events.ChangeFeed;
import dev.scimaws.events.EventBus;
import dev.scimaws.events.EventSchemas;
import dev.scimaws.events.EventsFeed;
import dev.scimaws.events.Publisher;
import dev.scimaws.events.RecordingBus;
import dev.scimaws.handler.EventsHandler;
import dev.scimaws.handler.PurgeHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.purge.PurgeSettings;
import dev.scimaws.scim.Json;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.EngineStream;
import dev.scimaws.testing.StreamEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The change feed end to end: Okta's traffic over HTTP through the local API (authorizer, handlers) into
 * the engine, the engine's own DynamoDB stream read as Lambda's event source mapping reads it, the
 * {@link EventsHandler} on each batch, and what it puts on the bus compared exactly with what should be
 * there. Every event is checked against its published JSON Schema.
 */
class ProvisioningEventsIT {

    private static DynamoEngine engine;
    private static String table;
    private static LocalApi api;
    private static ScimHttp okta;
    private static String oktaTokenId;
    private static EngineStream stream;

    @BeforeAll
    static void start() throws Exception {
        engine = DynamoEngine.get();
        table = engine.createTableWithStream("events-e2e");
        api = LocalApi.start(0, engine, table);
        okta = new ScimHttp(api.baseUrl(), api.token());
        oktaTokenId = Tokens.publicId(api.token());
        stream = EngineStream.open(engine, engine.client(), table);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (stream != null) {
            stream.close();
        }
    }

    private record Batch(List<Record> records, StreamsEventResponse response, List<String> events) {}

    /** Reads what the stream has since the last call and runs the events handler on it as one batch. */
    private static Batch deliver(RecordingBus bus) {
        List<Record> records = stream.poll();
        EventsHandler handler = new EventsHandler(new EventsFeed(new ChangeFeed(false), new Publisher(bus, millis -> {})));
        int before = bus.accepted.size();
        StreamsEventResponse response = handler.handleRequest(StreamEvents.of(records), null);
        List<String> events = new ArrayList<>();
        bus.calls.forEach(call -> assertThat(call).hasSizeLessThanOrEqualTo(Publisher.MAX_ENTRIES));
        for (EventBus.Entry entry : bus.accepted.subList(before, bus.accepted.size())) {
            assertThat(entry.source()).isEqualTo("scim-aws");
            JsonNode detail = Json.parseStored(entry.detail());
            assertThat(EventSchemas.violations(entry.detailType(), detail)).as(entry.detailType() + " " + detail).isEmpty();
            assertThat(detail.get("tenant").textValue()).isEqualTo(LocalApi.TENANT);
            events.add(summary(entry.detailType(), detail));
        }
        return new Batch(records, response, events);
    }

    /** The parts of an event a consumer acts on, on one line. */
    private static String summary(String type, JsonNode detail) {
        StringBuilder line = new StringBuilder(type).append(' ').append(detail.get("id").textValue())
                .append(" v").append(detail.get("version").isNull() ? "-" : detail.get("version").asText())
                .append(" by ").append(detail.get("tokenId").isNull() ? "-" : detail.get("tokenId").textValue());
        if (detail.has("changedAttributes")) {
            line.append(' ').append(texts(detail.get("changedAttributes")));
        }
        if (detail.has("added")) {
            line.append(" +").append(texts(detail.get("added"))).append(" -").append(texts(detail.get("removed")));
        }
        if (detail.has("deletion")) {
            line.append(' ').append(detail.get("deletion").textValue());
        }
        return line.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.textValue()));
        return texts;
    }

    private static String user(String userName, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Jane","familyName":"Doe"},"emails":[{"primary":true,"value":"%s","type":"work"}],
                 "externalId":"%s","active":true}""".formatted(userName, userName, externalId);
    }

    private static String patch(String operations) {
        return """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[%s]}""".formatted(operations);
    }

    @Test
    void oktaLifecycleBecomesExactlyTheExpectedEventsAndInternalItemsNone() {
        RecordingBus bus = new RecordingBus(entry -> false);
        String by = " by " + oktaTokenId;

        // The token the local API issued at start is the only write so far: an internal item.
        Batch tokenOnly = deliver(bus);
        assertThat(tokenOnly.records()).isNotEmpty();
        assertThat(tokenOnly.events()).isEmpty();

        String alice = okta.post("/Users", user("alice@example.com", "00ua")).json().get("id").textValue();
        assertThat(deliver(bus).events()).containsExactly("User Created " + alice + " v1" + by
                + " [active, emails, externalId, name.familyName, name.givenName, userName]");

        assertThat(okta.patch("/Users/" + alice, patch("""
                {"op":"replace","value":{"name.givenName":"Alice"}}""")).status()).isEqualTo(200);
        assertThat(deliver(bus).events()).containsExactly("User Updated " + alice + " v2" + by + " [name.givenName]");

        assertThat(okta.patch("/Users/" + alice, patch("""
                {"op":"replace","value":{"active":false}}""")).status()).isEqualTo(200);
        assertThat(deliver(bus).events()).containsExactly("User Deactivated " + alice + " v3" + by + " [active]");

        String bob = okta.post("/Users", user("bob@example.com", "00ub")).json().get("id").textValue();
        deliver(bus);

        // Group push: the group with its first member in one request, then a member change, then a rename.
        String group = okta.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering",
                 "externalId":"00ga","members":[{"value":"%s"}]}""".formatted(alice)).json().get("id").textValue();
        assertThat(deliver(bus).events()).containsExactly(
                "Group Created " + group + " v1" + by + " [displayName, externalId]",
                "Group Members Changed " + group + " v1" + by + " +[" + alice + "] -[]");

        assertThat(okta.patch("/Groups/" + group, patch("""
                {"op":"add","path":"members","value":[{"value":"%s"}]},
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(bob, alice))).status()).isIn(200, 204);
        assertThat(deliver(bus).events()).containsExactly(
                "Group Members Changed " + group + " v2" + by + " +[" + bob + "] -[" + alice + "]");

        // A member's rename refreshes its display on the membership item: the user is updated, the members are not.
        assertThat(okta.patch("/Users/" + bob, patch("""
                {"op":"replace","value":{"displayName":"Bob Builder"}}""")).status()).isEqualTo(200);
        Batch renamed = deliver(bus);
        assertThat(renamed.records()).as("the membership item was rewritten").anyMatch(record ->
                record.eventNameAsString().equals("MODIFY") && record.dynamodb().keys().get("SK").s().equals("M#" + bob));
        assertThat(renamed.events()).containsExactly("User Updated " + bob + " v2" + by + " [displayName]");

        assertThat(okta.patch("/Groups/" + group, patch("""
                {"op":"replace","value":{"id":"%s","displayName":"Engineers"}}""".formatted(group))).status()).isIn(200, 204);
        assertThat(deliver(bus).events()).containsExactly("Group Updated " + group + " v3" + by + " [displayName]");

        // Paging past the first page writes a cursor item: internal, no event.
        assertThat(okta.get("/Users?startIndex=1&count=1").status()).isEqualTo(200);
        Batch paging = deliver(bus);
        assertThat(paging.records()).isNotEmpty();
        assertThat(paging.events()).isEmpty();

        // DELETE of a member: the user goes, and the group loses it (no group write: no version, no token).
        assertThat(okta.delete("/Users/" + bob).status()).isEqualTo(204);
        assertThat(deliver(bus).events()).containsExactly(
                "User Deleted " + bob + " v2" + by + " [] DELETE",
                "Group Members Changed " + group + " v- by - +[] -[" + bob + "]");

        // The purge of the deactivated user: no token made it.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
        new PurgeHandler(new Wiring(engine.client(), table, later), PurgeSettings.defaults())
                .handleRequest(Map.of("dryRun", false, "retentionDays", 1), null);
        assertThat(deliver(bus).events()).containsExactly("User Deleted " + alice + " v3 by - [] purge");

        assertThat(okta.delete("/Groups/" + group).status()).isEqualTo(204);
        Batch groupDeleted = deliver(bus);
        assertThat(groupDeleted.events()).containsExactly("Group Deleted " + group + " v3" + by + " [] DELETE");
        assertThat(groupDeleted.response().getBatchItemFailures()).isEmpty();
    }

    @Test
    void aRefusedEventIsRetriedThenReportedWithoutHoldingBackTheOthers() {
        deliver(new RecordingBus(entry -> false)); // whatever the other test left on the stream
        String carol = okta.post("/Users", user("carol@example.com", "00uc")).json().get("id").textValue();
        okta.patch("/Users/" + carol, patch("""
                {"op":"replace","value":{"title":"Engineer"}}"""));
        okta.post("/Users", user("dave@example.com", "00ud"));

        // The bus refuses carol's update every time (throttled): three attempts, then reported.
        RecordingBus bus = new RecordingBus(entry -> entry.detailType().equals("User Updated"));
        Batch batch = deliver(bus);
        assertThat(batch.events()).hasSize(2).allMatch(event -> event.startsWith("User Created"));
        assertThat(bus.calls.size()).isEqualTo(3);
        String updateRecord = batch.records().stream()
                .filter(record -> record.eventNameAsString().equals("MODIFY")
                        && record.dynamodb().keys().get("PK").s().endsWith("#U#" + carol))
                .map(record -> record.dynamodb().sequenceNumber())
                .findFirst().orElseThrow();
        assertThat(batch.response().getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(updateRecord);
    }

    @Test
    void aPartialFailureOfPutEventsIsPutAgain() {
        deliver(new RecordingBus(entry -> false));
        okta.post("/Users", user("erin@example.com", "00ue"));
        AtomicInteger refusals = new AtomicInteger();
        RecordingBus bus = new RecordingBus(entry -> refusals.getAndIncrement() == 0); // refuses once
        Batch batch = deliver(bus);
        assertThat(batch.events()).hasSize(1).allMatch(event -> event.startsWith("User Created"));
        assertThat(bus.calls.size()).isEqualTo(2);
        assertThat(batch.response().getBatchItemFailures()).isEmpty();
    }
}
