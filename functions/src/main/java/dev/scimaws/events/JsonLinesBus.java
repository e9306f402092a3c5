package dev.scimaws.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bus that writes each event as one JSON line, {@code source}, {@code detail-type} and {@code detail}
 * exactly as they would be put on EventBridge: the local API's event log, and the events function's
 * output when no bus is configured (a local invoke).
 */
public final class JsonLinesBus implements EventBus {

    private final Consumer<String> lines;

    public JsonLinesBus(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public List<String> put(List<Entry> entries) {
        List<String> results = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            lines.accept(line(entry));
            results.add(null);
        }
        return results;
    }

    public static String line(Entry entry) {
        ObjectNode line = Json.object();
        line.put("source", entry.source());
        line.put("detail-type", entry.detailType());
        line.set("detail", Json.parseStored(entry.detail()));
        return Json.write(line);
    }
}
