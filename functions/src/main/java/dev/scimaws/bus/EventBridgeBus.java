package dev.scimaws.bus;

import dev.scimaws.events.EventBus;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** The provisioning-events bus on EventBridge: one PutEvents call per batch. */
public final class EventBridgeBus implements EventBus {

    private final EventBridgeClient client;
    private final String busName;

    public EventBridgeBus(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    /** Region and credentials from the SDK's default chains, the URLConnection client (the only one in the jar). */
    public static EventBridgeBus create(String busName) {
        return new EventBridgeBus(EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).build(), busName);
    }

    @Override
    public List<String> put(List<Entry> entries) {
        List<PutEventsRequestEntry> request = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            request.add(PutEventsRequestEntry.builder().eventBusName(busName).source(entry.source())
                    .detailType(entry.detailType()).detail(entry.detail()).build());
        }
        PutEventsResponse response = client.putEvents(b -> b.entries(request));
        List<String> results = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            PutEventsResultEntry result = response.hasEntries() && i < response.entries().size() ? response.entries().get(i) : null;
            // an entry without a result or without an event id was not accepted
            results.add(result == null ? "NoResult" : result.errorCode() != null ? result.errorCode()
                    : result.eventId() == null ? "NoEventId" : null);
        }
        return results;
    }
}
