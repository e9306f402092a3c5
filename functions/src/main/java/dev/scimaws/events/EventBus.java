package dev.scimaws.events;

import java.util.List;

/** Where events go: EventBridge in AWS, JSON lines locally. */
public interface EventBus {

    /** One entry as PutEvents takes it. */
    record Entry(String source, String detailType, String detail) {}

    /**
     * Puts at most {@link Publisher#MAX_ENTRIES} entries in one call.
     * @return per entry, in order: null when it was accepted, else the error code
     */
    List<String> put(List<Entry> entries);
}
