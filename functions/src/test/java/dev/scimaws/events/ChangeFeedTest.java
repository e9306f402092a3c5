package dev.scimaws.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.events.TableItem.Membership;
import dev.scimaws.events.TableItem.Resource;
import dev.scimaws.events.TableItem.ResourceType;
import dev.scimaws.scim.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private int sequence;

    private Change change(TableItem before, TableItem after) {
        return new Change(Integer.toString(++sequence), NOW, before, after);
    }

    private static Resource user(long version, String json) {
        return new Resource(ResourceType.USER, "acme", "u1", version, NOW, "aaaaaaaaaaaa", Json.parseStored(json));
    }

    @Test
    void changedPathsNameSubAttributesAndExtensionAttributesByTheirFullPath() {
        ObjectNode before = Json.parseStored("""
                {"userName":"a","name":{"givenName":"A","familyName":"B"},"emails":[{"value":"a@x"}],
                 "%s":{"department":"R&D","costCenter":"1"}}""".formatted(ENTERPRISE));
        ObjectNode after = Json.parseStored("""
                {"userName":"a","name":{"givenName":"Alice","familyName":"B"},"emails":[{"value":"b@x"}],
                 "title":"Boss","%s":{"department":"Sales","costCenter":"1"}}""".formatted(ENTERPRISE));
        assertThat(ChangeFeed.changedPaths(before, after))
                .containsExactly("emails", "name.givenName", "title", ENTERPRISE + ":department");
    }

    @Test
    void aWriteThatChangedNoAttributeIsNoEvent() {
        String json = """
                {"userName":"a","active":true}""";
        assertThat(new ChangeFeed(false).events(List.of(change(user(1, json), user(2, json))))).isEmpty();
    }

    @Test
    void reactivationIsItsOwnType() {
        List<ProvisioningEvent> events = new ChangeFeed(false).events(List.of(change(
                user(3, """
                        {"userName":"a","active":false}"""),
                user(4, """
                        {"userName":"a","active":true}"""))));
        assertThat(events).extracting(ProvisioningEvent::detailType).containsExactly(ProvisioningEvent.USER_REACTIVATED);
    }

    @Test
    void internalItemsProduceNothing() {
        // What the store reads as "not a user, group, membership or tombstone" arrives as null images.
        assertThat(new ChangeFeed(false).events(List.of(change(null, null), change(null, null)))).isEmpty();
    }

    @Test
    void aLargeMemberChangeIsSplitSoEveryEventStaysSmall() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < ChangeFeed.MAX_MEMBER_IDS + 5; i++) {
            changes.add(change(null, new Membership("acme", "g1", "user-" + i, "aaaaaaaaaaaa")));
        }
        List<ProvisioningEvent> events = new ChangeFeed(false).events(changes);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).detail().get("added")).hasSize(ChangeFeed.MAX_MEMBER_IDS);
        assertThat(events.get(1).detail().get("added")).hasSize(5);
        events.forEach(event -> assertThat(EventSchemas.violations(event.detailType(), event.detail())).isEmpty());
    }

    @Test
    void aResourceTooLargeForEventBridgeIsLeftOutAndSaidSo() {
        String big = "x".repeat(ChangeFeed.MAX_DETAIL_BYTES);
        List<ProvisioningEvent> events = new ChangeFeed(true).events(List.of(change(null, user(1, """
                {"userName":"a","title":"%s"}""".formatted(big)))));
        assertThat(events.get(0).detail().has("resource")).isFalse();
        assertThat(events.get(0).detail().get("resourceOmitted").booleanValue()).isTrue();
        assertThat(EventSchemas.violations(events.get(0).detailType(), events.get(0).detail())).isEmpty();
        assertThat(Publisher.size(Publisher.entry(events.get(0)))).isLessThan(Publisher.MAX_REQUEST_BYTES);
    }
}
