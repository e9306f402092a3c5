package dev.scimaws.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * For tests that read a secondary index right after writing: DynamoDB's indexes catch up within about a
 * second, the engine's at once. Repeats the read until it shows the write, for a bounded time, then hands
 * back the last answer for the test's assertions to judge. On the engine the first read is the answer.
 */
public final class Eventually {

    /** Far beyond DynamoDB's usual index lag; a read still behind after this is a failure to look at. */
    public static final Duration BOUND = Duration.ofSeconds(10);
    private static final long PAUSE_MILLIS = 100;

    private Eventually() {}

    /** {@code read} again until {@code caughtUp} holds or {@link #BOUND} has passed; the last answer. */
    public static <T> T await(Supplier<T> read, Predicate<T> caughtUp) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        T answer = read.get();
        while (!caughtUp.test(answer) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
            answer = read.get();
        }
        return answer;
    }
}
