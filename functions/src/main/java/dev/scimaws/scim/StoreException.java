package dev.scimaws.scim;

/** Failures the storage adapter reports in domain terms; the service maps them to SCIM errors. */
public abstract sealed class StoreException extends RuntimeException {

    StoreException(String message) {
        super(message, null, false, false);
    }

    /** A uniqueness lock (userName, displayName) is held by another resource. */
    public static final class UniquenessViolation extends StoreException {
        public UniquenessViolation(String message) {
            super(message);
        }
    }

    /** The resource changed (or vanished) since it was read: optimistic concurrency lost. */
    public static final class VersionConflict extends StoreException {
        public VersionConflict(String message) {
            super(message);
        }
    }

    /** The referenced resource does not exist. */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message);
        }
    }

    /**
     * The store could not answer now, and nothing was written (or a replay of the same write fails
     * safely): the client should retry after a pause. The store has already retried within its budget.
     */
    public abstract static sealed class Retryable extends StoreException permits Throttled, Unavailable {
        Retryable(String message) {
            super(message);
        }
    }

    /** The database refused for load (throttling, capacity): SCIM 429. */
    public static final class Throttled extends Retryable {
        public Throttled(String message) {
            super(message);
        }
    }

    /**
     * The database did not answer in time, the connection failed, or other writers kept the items busy
     * (transaction conflicts): SCIM 503.
     */
    public static final class Unavailable extends Retryable {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** A value cannot be stored as given: a key attribute too long for DynamoDB (the message names it). */
    public static final class InvalidValue extends StoreException {
        public InvalidValue(String message) {
            super(message);
        }
    }

    /** The resource would be larger than one DynamoDB item can be (400 KB). */
    public static final class TooLarge extends StoreException {
        public TooLarge(String message) {
            super(message);
        }
    }
}
