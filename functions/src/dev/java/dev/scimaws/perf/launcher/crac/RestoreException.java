package dev.scimaws.perf.launcher.crac;

/** Required by {@code org.crac}'s compatibility layer. */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;
}
