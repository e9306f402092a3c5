package dev.scimaws.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Fixed-width UTC timestamps for sort keys. {@code Instant.toString()} drops trailing zeros, so its
 * strings do not sort in time order ("...24.01Z" sorts after "...24.011Z").
 */
final class SortableTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    private SortableTime() {}
}
