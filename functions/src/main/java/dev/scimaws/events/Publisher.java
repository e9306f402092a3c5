package dev.scimaws.events;

import dev.scimaws.scim.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts events on the bus within PutEvents' limits (10 entries and 256 KB a call), and puts again what the
 * bus refused (a partial failure names the refused entries) or what a failed call carried, a few times
 * with a growing pause. What is still refused after that is returned, for the caller to report.
 */
public final class Publisher {

    public static final int MAX_ENTRIES = 10;
    /** PutEvents' limit for the whole request, counted as EventBridge counts an entry. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    static final int ATTEMPTS = 3;
    private static final long FIRST_PAUSE_MILLIS = 100;

    /** Pauses between attempts (a test passes one that does not wait). */
    public interface Pause {
        void millis(long millis);
    }

    private final EventBus bus;
    private final Pause pause;

    public Publisher(EventBus bus, Pause pause) {
        this.bus = bus;
        this.pause = pause;
    }

    public Publisher(EventBus bus) {
        this(bus, Publisher::sleep);
    }

    /** @return the events that could not be put, in their original order; empty when all were */
    public List<ProvisioningEvent> publish(List<ProvisioningEvent> events) {
        List<ProvisioningEvent> pending = events;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<ProvisioningEvent> refused = new ArrayList<>();
            for (List<ProvisioningEvent> batch : batches(pending)) {
                List<String> results;
                try {
                    results = bus.put(batch.stream().map(Publisher::entry).toList());
                } catch (RuntimeException e) {
                    // throttled, timed out, unreachable: the whole call failed, so did every entry in it
                    refused.addAll(batch);
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    if (i >= results.size() || results.get(i) != null) {
                        refused.add(batch.get(i));
                    }
                }
            }
            if (refused.isEmpty() || attempt >= ATTEMPTS) {
                return refused;
            }
            pending = refused;
            pause.millis(FIRST_PAUSE_MILLIS << (attempt - 1));
        }
        return List.of();
    }

    static EventBus.Entry entry(ProvisioningEvent event) {
        return new EventBus.Entry(ProvisioningEvent.SOURCE, event.detailType(), Json.write(event.detail()));
    }

    /** Consecutive groups of at most {@link #MAX_ENTRIES} entries and {@link #MAX_REQUEST_BYTES}, order kept. */
    static List<List<ProvisioningEvent>> batches(List<ProvisioningEvent> events) {
        List<List<ProvisioningEvent>> batches = new ArrayList<>();
        List<ProvisioningEvent> current = new ArrayList<>();
        int bytes = 0;
        for (ProvisioningEvent event : events) {
            int size = size(entry(event));
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > MAX_REQUEST_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(event);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** EventBridge's entry size: source, detail-type and detail in UTF-8 (no time or resources are set). */
    static int size(EventBus.Entry entry) {
        return utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
    }

    private static int utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry PutEvents", e);
        }
    }
}
