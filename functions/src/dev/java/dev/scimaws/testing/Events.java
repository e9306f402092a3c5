package dev.scimaws.testing;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Event files from {@code events/} and (de)serialisation exactly as the Lambda Java runtime does it:
 * its own serialisers for the event types it knows, its Jackson setup for every other class.
 */
public final class Events {

    /** Set by Surefire and Failsafe (functions/pom.xml); the fallbacks serve IDE runs. */
    public static final String DIR_PROPERTY = "scim.events.dir";

    private Events() {}

    public static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path candidate : new Path[] {Path.of("events"), Path.of("..", "events")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the events/ folder: set -D" + DIR_PROPERTY);
    }

    /** {@code events/<relative>} with its placeholders filled from {@code values}, as a {@code type}. */
    public static <T> T load(String relative, Class<T> type, Map<String, String> values) {
        return fromJson(Placeholders.expand(read(dir().resolve(relative)), values), type);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read event file " + file, e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return serializer(type).fromJson(json);
    }

    @SuppressWarnings("unchecked")
    public static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        PojoSerializer<Object> serializer = (PojoSerializer<Object>) serializer(value.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, type.getClassLoader());
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
