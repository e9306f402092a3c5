package dev.scimaws.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * For commands that build their clients from the SDK's default chains, as they do against AWS (the admin
 * commands): a region and credentials a local engine accepts, as system properties, until closed.
 */
public final class LocalEngineCredentials implements AutoCloseable {

    private static final Map<String, String> PROPERTIES = Map.of(
            "aws.region", "us-east-1", "aws.accessKeyId", "local", "aws.secretAccessKey", "local");

    private final Map<String, String> saved = new HashMap<>();

    private LocalEngineCredentials() {
        PROPERTIES.forEach((name, value) -> {
            saved.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
    }

    public static LocalEngineCredentials set() {
        return new LocalEngineCredentials();
    }

    /** Puts back what was there before. */
    @Override
    public void close() {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
