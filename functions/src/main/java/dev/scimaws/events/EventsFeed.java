package dev.scimaws.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The events function's use case: one batch of stream changes in, events on the bus, and the stream
 * records whose events could not be put out. Lambda resumes the shard from the earliest reported record
 * (events after it that were put go again: delivery is at least once), and after the configured retries
 * sends the batch to the on-failure destination, so the stream never stops behind one bad record.
 */
public final class EventsFeed {

    private final ChangeFeed feed;
    private final Publisher publisher;

    public EventsFeed(ChangeFeed feed, Publisher publisher) {
        this.feed = feed;
        this.publisher = publisher;
    }

    /** @return sequence numbers of the records to report as failed, in batch order; empty when all went out */
    public List<String> handle(List<Change> changes) {
        List<ProvisioningEvent> refused = publisher.publish(feed.events(changes));
        Set<String> failed = new LinkedHashSet<>();
        refused.forEach(event -> failed.add(event.sequenceNumber()));
        return List.copyOf(failed);
    }
}
