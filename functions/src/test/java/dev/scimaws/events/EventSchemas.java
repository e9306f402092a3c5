package dev.scimaws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The published JSON Schemas of the events' detail (docs/events/schemas/v1), one per detail-type. */
public final class EventSchemas {

    /** docs/events/schemas/v1 of the repository (tests run in functions/, next to events/). */
    public static final Path DIRECTORY = Path.of(System.getProperty("scim.events.dir", "../events"))
            .resolveSibling("docs").resolve("events").resolve("schemas").resolve("v1");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** user-created.json for "User Created". */
    public static Path file(String detailType) {
        return DIRECTORY.resolve(detailType.toLowerCase(Locale.ROOT).replace(' ', '-') + ".json");
    }

    /** The schema's complaints about {@code detail}; empty when it conforms. */
    public static List<String> violations(String detailType, JsonNode detail) {
        Schema schema = SCHEMAS.computeIfAbsent(detailType, type -> {
            Path file = file(type);
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("No schema for detail-type '" + type + "' at " + file.toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(file)) {
                return REGISTRY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return schema.validate(detail).stream().map(Error::toString).toList();
    }
}
