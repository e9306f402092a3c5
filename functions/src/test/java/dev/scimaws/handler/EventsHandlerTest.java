package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.events.ChangeFeed;
import dev.scimaws.events.EventBus;
import dev.scimaws.events.EventSchemas;
import dev.scimaws.events.EventsFeed;
import dev.scimaws.events.Publisher;
import dev.scimaws.events.RecordingBus;
import dev.scimaws.scim.Json;
import dev.scimaws.testing.Events;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events handler on the stream event samples in events/events (the ones the invoke command replays). */
class EventsHandlerTest {

    private static StreamsEventResponse run(String sample, RecordingBus bus, boolean fullResource) {
        DynamodbEvent event = Events.load("events/" + sample, DynamodbEvent.class, Map.of());
        EventsHandler handler = new EventsHandler(new EventsFeed(new ChangeFeed(fullResource), new Publisher(bus, millis -> {})));
        return handler.handleRequest(event, null);
    }

    private static JsonNode detail(EventBus.Entry entry) {
        JsonNode detail = Json.parseStored(entry.detail());
        assertThat(EventSchemas.violations(entry.detailType(), detail)).as(entry.detailType()).isEmpty();
        return detail;
    }

    @Test
    void userLifecycleSampleGivesCreatedUpdatedDeactivatedAndNothingForTheLock() {
        RecordingBus bus = new RecordingBus();
        StreamsEventResponse response = run("user-lifecycle.json", bus, false);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(bus.detailTypes()).containsExactly("User Created", "User Updated", "User Deactivated");
        JsonNode updated = detail(bus.accepted.get(1));
        assertThat(updated.get("changedAttributes")).hasSize(1);
        assertThat(updated.get("changedAttributes").get(0).textValue()).isEqualTo("name.givenName");
        assertThat(updated.get("version").asLong()).isEqualTo(2);
        assertThat(updated.get("tokenId").textValue()).isEqualTo("3f9a1c2b7d4e");
        assertThat(updated.get("userName").textValue()).isEqualTo("bjensen@example.com");
        assertThat(updated.get("externalId").textValue()).isEqualTo("00u1abcd");
        assertThat(updated.has("resource")).as("personal data only when opted in").isFalse();
        bus.accepted.forEach(EventsHandlerTest::detail);
    }

    @Test
    void fullResourceIsIncludedOnlyWhenOptedIn() {
        RecordingBus bus = new RecordingBus();
        run("user-lifecycle.json", bus, true);
        JsonNode created = detail(bus.accepted.get(0));
        assertThat(created.get("resource").get("id").textValue()).isEqualTo(created.get("id").textValue());
        assertThat(created.get("resource").get("name").get("familyName").textValue()).isEqualTo("Jensen");
    }

    @Test
    void groupPushSampleNetsTheMemberChangesIntoOneEventWithTheGroupsVersion() {
        RecordingBus bus = new RecordingBus();
        run("group-push.json", bus, false);
        assertThat(bus.detailTypes()).containsExactly("Group Created", "Group Members Changed", "Group Updated");
        JsonNode members = detail(bus.accepted.get(1));
        assertThat(members.get("added")).extracting(JsonNode::textValue).containsExactly("902c246b-6245-4190-8e05-00816be7344a");
        assertThat(members.get("removed")).isEmpty(); // added and removed again in the same batch
        assertThat(members.get("version").asLong()).isEqualTo(2);
        JsonNode renamed = detail(bus.accepted.get(2));
        assertThat(renamed.get("displayName").textValue()).isEqualTo("Engineers");
        assertThat(renamed.get("changedAttributes")).extracting(JsonNode::textValue).containsExactly("displayName");
    }

    @Test
    void groupDeletedSampleTakesReasonAndTokenFromTheTombstoneAndDropsTheLostMemberships() {
        RecordingBus bus = new RecordingBus();
        run("group-deleted.json", bus, false);
        assertThat(bus.detailTypes()).containsExactly("Group Deleted");
        JsonNode deleted = detail(bus.accepted.get(0));
        assertThat(deleted.get("deletion").textValue()).isEqualTo("DELETE");
        assertThat(deleted.get("tokenId").textValue()).isEqualTo("3f9a1c2b7d4e");
        assertThat(deleted.get("time").textValue()).isEqualTo("2026-12-01T10:00:00.000Z");
        assertThat(deleted.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void recordsWhoseEventsAreRefusedAreReportedByTheirSequenceNumber() {
        RecordingBus bus = new RecordingBus(entry -> entry.detailType().equals("User Deactivated"));
        DynamodbEvent event = Events.load("events/user-lifecycle.json", DynamodbEvent.class, Map.of());
        StreamsEventResponse response = run("user-lifecycle.json", bus, false);
        String deactivation = event.getRecords().get(3).getDynamodb().getSequenceNumber();
        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .isEqualTo(List.of(deactivation));
        assertThat(bus.detailTypes()).containsExactly("User Created", "User Updated");
    }
}
