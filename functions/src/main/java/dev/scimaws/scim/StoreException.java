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
}
