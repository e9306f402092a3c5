package dev.scimaws.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.scim.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private static ProvisioningEvent event(int n, int padding) {
        var detail = Json.object();
        detail.put("n", n);
        detail.put("padding", "p".repeat(padding));
        return new ProvisioningEvent(ProvisioningEvent.USER_UPDATED, detail, Integer.toString(n));
    }

    private static List<ProvisioningEvent> events(int count, int padding) {
        List<ProvisioningEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(i, padding));
        }
        return events;
    }

    @Test
    void putsAtMostTenEntriesACallInOrder() {
        RecordingBus bus = new RecordingBus();
        assertThat(new Publisher(bus, millis -> {}).publish(events(25, 10))).isEmpty();
        assertThat(bus.calls).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(bus.accepted).extracting(entry -> Json.parseStored(entry.detail()).get("n").asInt())
                .isEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList());
    }

    @Test
    void keepsEachCallUnder256KilobytesCountedAsEventBridgeCountsThem() {
        RecordingBus bus = new RecordingBus();
        new Publisher(bus, millis -> {}).publish(events(6, 100 * 1024));
        assertThat(bus.calls).extracting(List::size).containsExactly(2, 2, 2);
        bus.calls.forEach(call -> assertThat(call.stream().mapToInt(Publisher::size).sum())
                .isLessThanOrEqualTo(Publisher.MAX_REQUEST_BYTES));
    }

    @Test
    void putsRefusedEntriesAgainWithAGrowingPauseThenGivesThemBack() {
        List<Long> pauses = new ArrayList<>();
        RecordingBus bus = new RecordingBus(entry -> Json.parseStored(entry.detail()).get("n").asInt() == 3);
        List<ProvisioningEvent> refused = new Publisher(bus, pauses::add).publish(events(5, 1));
        assertThat(refused).extracting(ProvisioningEvent::sequenceNumber).containsExactly("3");
        assertThat(bus.calls).hasSize(Publisher.ATTEMPTS);
        assertThat(bus.calls.get(1)).hasSize(1);
        assertThat(pauses).containsExactly(100L, 200L);
        assertThat(bus.accepted).hasSize(4);
    }

    @Test
    void aFailedCallCountsAsEveryEntryRefused() {
        EventBus down = entries -> {
            throw new IllegalStateException("throttled");
        };
        assertThat(new Publisher(down, millis -> {}).publish(events(12, 1))).hasSize(12);
    }
}
