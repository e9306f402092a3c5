package dev.scimaws.scim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 7643 dateTime values in one fixed-width UTC form, so they also compare correctly as strings. */
public final class ScimTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    private ScimTime() {}
}
