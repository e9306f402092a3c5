package dev.scimaws.local;

import dev.scimaws.events.ChangeFeed;
import dev.scimaws.events.EventsFeed;
import dev.scimaws.events.EventsSettings;
import dev.scimaws.events.JsonLinesBus;
import dev.scimaws.events.Publisher;
import dev.scimaws.handler.EventsHandler;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.EngineStream;
import dev.scimaws.testing.StreamEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The local API's change feed: polls the engine's own DynamoDB stream and runs {@link EventsHandler} on
 * what it finds, as Lambda's event source mapping does in AWS. Each event is printed as one JSON line
 * and, with a file, appended to it ({@code source}, {@code detail-type}, {@code detail}, as put on the bus).
 * Only changes made after the start are reported.
 */
public final class LocalEvents implements AutoCloseable {

    /** The file events are appended to, one JSON object per line. */
    public static final String FILE_ENV = "SCIM_EVENTS_FILE";
    static final long POLL_MILLIS = 500;

    private final EngineStream stream;
    private final EventsHandler handler;
    private final ScheduledExecutorService poller;

    private LocalEvents(EngineStream stream, EventsHandler handler) {
        this.stream = stream;
        this.handler = handler;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-events");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::deliver, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts following {@code table}'s stream. {@code file} (null: none) gets every event appended;
     * {@code out} gets every event printed. The full resource is included when {@code SCIM_EVENTS_FULL_RESOURCE=true}.
     */
    public static LocalEvents start(DynamoEngine engine, String table, Path file, PrintStream out) {
        EngineStream stream = EngineStream.open(engine, engine.client(), table);
        stream.poll(); // what happened before the start (a kept data file) is history, not news
        boolean full = EventsSettings.fromEnvironment(System::getenv).includeResource();
        JsonLinesBus bus = new JsonLinesBus(line -> {
            out.println(line);
            if (file != null) {
                append(file, line);
            }
        });
        return new LocalEvents(stream, new EventsHandler(new EventsFeed(new ChangeFeed(full), new Publisher(bus))));
    }

    private void deliver() {
        try {
            List<Record> records = stream.poll();
            if (!records.isEmpty()) {
                handler.handleRequest(StreamEvents.of(records), new LocalContext(EventsHandler.class.getSimpleName()));
            }
        } catch (RuntimeException e) {
            // keep following: the next poll reads on from where this one stopped
            System.err.println("Local events: " + e);
        }
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file, e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        stream.close();
    }
}
