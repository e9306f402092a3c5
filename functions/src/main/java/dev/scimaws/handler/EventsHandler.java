package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.scimaws.bus.EventBridgeBus;
import dev.scimaws.events.Change;
import dev.scimaws.events.ChangeFeed;
import dev.scimaws.events.EventBus;
import dev.scimaws.events.EventsFeed;
import dev.scimaws.events.EventsSettings;
import dev.scimaws.events.JsonLinesBus;
import dev.scimaws.events.Publisher;
import dev.scimaws.store.StreamItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table's DynamoDB stream -> provisioning events on the EventBridge bus. Records whose events could not
 * be put are reported as batch item failures ({@code ReportBatchItemFailures}), so Lambda retries from the
 * earliest of them and, after its retries, hands the batch to the on-failure queue.
 *
 * <p>Not on a request path: nobody waits for it, so it has no SnapStart, priming or keep-warm (a cold start
 * delays events by a second or two, once per execution environment).
 */
public final class EventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final EventsFeed feed;

    public EventsHandler() {
        this(EventsSettings.fromEnvironment(System::getenv));
    }

    /** For the invoke command: the handler needs no table, and without a bus it writes JSON lines to stdout. */
    public EventsHandler(Wiring wiring) {
        this();
    }

    private EventsHandler(EventsSettings settings) {
        this(new EventsFeed(new ChangeFeed(settings.includeResource()), new Publisher(bus(settings))));
    }

    public EventsHandler(EventsFeed feed) {
        this.feed = feed;
    }

    private static EventBus bus(EventsSettings settings) {
        return settings.busName() == null ? new JsonLinesBus(System.out::println) : EventBridgeBus.create(settings.busName());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<Change> changes = new ArrayList<>();
        if (event.getRecords() != null) {
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                StreamRecord stream = record.getDynamodb();
                if (stream == null) {
                    continue;
                }
                Instant time = stream.getApproximateCreationDateTime() == null ? Instant.now()
                        : stream.getApproximateCreationDateTime().toInstant();
                changes.add(new Change(stream.getSequenceNumber(), time,
                        StreamItems.read(StreamImages.toSdk(stream.getOldImage())),
                        StreamItems.read(StreamImages.toSdk(stream.getNewImage()))));
            }
        }
        List<StreamsEventResponse.BatchItemFailure> failures = feed.handle(changes).stream()
                .map(sequenceNumber -> StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequenceNumber).build())
                .toList();
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
