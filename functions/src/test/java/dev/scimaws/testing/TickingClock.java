package dev.scimaws.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves one millisecond each time it is read, from a given start: timestamps stay distinct
 * and ordered, and anything timed by it (the 30 s schema cache) expires after a number of reads, never
 * because the machine was slow. For suites that hold requests to exact DynamoDB call counts.
 */
public final class TickingClock extends Clock {

    private final AtomicLong millis;

    public TickingClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** Starting at the present, so stored times look like today's. */
    public static TickingClock fromNow() {
        return new TickingClock(Instant.now());
    }

    @Override
    public long millis() {
        return millis.getAndIncrement();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
