package dev.scimaws.scim;

import java.util.Optional;

/**
 * Who is writing: the public token id ({@code tokens list} shows it; never the token) of the request being
 * served, which the stores put on every user, group and membership item they write as
 * {@code lastModifiedBy}, so the provisioning events can say which token made a change.
 *
 * <p>Held for the duration of one request on the thread serving it (a Lambda environment serves one
 * request at a time; the local API gives each request its own thread), so the services and the store
 * interfaces do not carry it through every write method.
 */
public final class Actor {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** Work that may throw a checked exception (a SCIM error). */
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private Actor() {}

    /** Runs {@code work} with {@code tokenId} (null: unknown) as the current writer, then restores the previous one. */
    public static <T, E extends Exception> T during(String tokenId, Work<T, E> work) throws E {
        String previous = CURRENT.get();
        CURRENT.set(tokenId);
        try {
            return work.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
