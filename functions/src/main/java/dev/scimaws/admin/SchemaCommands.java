package dev.scimaws.admin;

import dev.scimaws.scim.ExtensionSchemaStore;
import dev.scimaws.scim.ExtensionSchemas;
import dev.scimaws.scim.TenantUserRules;
import dev.scimaws.scim.schema.Attribute;
import dev.scimaws.scim.schema.InvalidSchemaException;
import dev.scimaws.scim.schema.Schema;
import dev.scimaws.store.DynamoExtensionSchemaStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The operator's {@code schemas} command: declares, lists and removes a tenant's custom extension schemas
 * (RFC 7643 schema documents; they extend the User resource type only).
 *
 * <pre>
 * schemas put    --tenant T --file F     declare or replace the schema in F (an RFC 7643 schema document; '-' reads stdin)
 * schemas list   --tenant T              the tenant's extension schemas and their attributes
 * schemas remove --tenant T --urn U      remove a declaration (stored user values are kept)
 * options: --table NAME (default $SCIM_TABLE), --endpoint URL (default $SCIM_DYNAMODB_ENDPOINT; unset = AWS)
 * </pre>
 *
 * Exit status: 0 done, 1 refused or failed (the reason on stderr), 2 usage error.
 */
public final class SchemaCommands {

    static final String USAGE = """
            usage: schemas put    --tenant TENANT --file FILE   [--table NAME] [--endpoint URL]
                   schemas list   --tenant TENANT               [--table NAME] [--endpoint URL]
                   schemas remove --tenant TENANT --urn URN     [--table NAME] [--endpoint URL]

              put     declares an extension schema of the User resource type for the tenant, or replaces
                      the one with the same URN. FILE is an RFC 7643 schema document ('-' reads stdin).
              list    shows the tenant's extension schemas and their attributes.
              remove  removes a declaration. Users keep the values they store for it: those are no longer
                      returned, and come back if the schema is declared again.

              --table     the table name (default: $SCIM_TABLE)
              --endpoint  a DynamoDB endpoint such as the local engine's (default: $SCIM_DYNAMODB_ENDPOINT;
                          unset means AWS, with the default region and credentials)
            """;

    private static final Set<String> OPTIONS = Set.of("--tenant", "--file", "--urn", "--table", "--endpoint");

    /** Opens the store for a table and endpoint; the handle closes what it opened. */
    interface StoreOpener {
        Opened open(String table, String endpointOrNull);
    }

    record Opened(ExtensionSchemaStore store, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    private SchemaCommands() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; {@code args} may start with the word {@code schemas}. Returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv(), SchemaCommands::openDynamo);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, StoreOpener opener) {
        List<String> words = List.of(args);
        if (!words.isEmpty() && words.get(0).equals("schemas")) {
            words = words.subList(1, words.size());
        }
        if (words.isEmpty() || List.of("help", "--help", "-h").contains(words.get(0))) {
            (words.isEmpty() ? err : out).print(USAGE);
            return words.isEmpty() ? 2 : 0;
        }
        String command = words.get(0);
        if (!List.of("put", "list", "remove").contains(command)) {
            return usage(err, "unknown command '" + command + "'");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (!OPTIONS.contains(name)) {
                return usage(err, "unknown option '" + word + "'");
            }
            String value;
            if (word.contains("=")) {
                value = word.substring(word.indexOf('=') + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                return usage(err, name + " needs a value");
            }
            options.put(name, value);
        }
        String tenant = options.get("--tenant");
        if (tenant == null || tenant.isBlank()) {
            return usage(err, "--tenant is required");
        }
        if (command.equals("put") && !options.containsKey("--file")) {
            return usage(err, "put needs --file");
        }
        if (command.equals("remove") && !options.containsKey("--urn")) {
            return usage(err, "remove needs --urn");
        }
        String table = options.getOrDefault("--table", env.get("SCIM_TABLE"));
        if (table == null || table.isBlank()) {
            return usage(err, "no table: pass --table or set SCIM_TABLE");
        }
        String endpoint = options.getOrDefault("--endpoint", env.get("SCIM_DYNAMODB_ENDPOINT"));
        String document = null;
        if (command.equals("put")) {
            try {
                document = read(options.get("--file"));
            } catch (IOException e) {
                err.println("Cannot read " + options.get("--file") + ": " + e.getMessage());
                return 1;
            }
        }
        try (Opened opened = opener.open(table, endpoint == null || endpoint.isBlank() ? null : endpoint)) {
            ExtensionSchemas schemas = new ExtensionSchemas(opened.store());
            return switch (command) {
                case "put" -> put(schemas, tenant, options.get("--file"), document, out, err);
                case "list" -> list(schemas, tenant, out);
                default -> remove(schemas, tenant, options.get("--urn"), out, err);
            };
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (Exception e) {
            err.println("Failed: " + e.getMessage());
            return 1;
        }
    }

    private static int put(ExtensionSchemas schemas, String tenant, String file, String document, PrintStream out,
            PrintStream err) {
        try {
            ExtensionSchemas.Declared declared = schemas.declare(tenant, document);
            Schema schema = declared.schema();
            out.println((declared.replaced() ? "Replaced " : "Declared ") + schema.id() + " (" + schema.attributes().size()
                    + " attributes) for tenant " + tenant + ".");
            out.println("It is in /Schemas and /ResourceTypes now; the Users endpoint validates, stores and returns "
                    + "it within " + TenantUserRules.DEFAULT_TTL.toSeconds() + " s.");
            return 0;
        } catch (InvalidSchemaException e) {
            err.println("The schema document " + file + " was refused:");
            e.problems().forEach(problem -> err.println("  - " + problem));
            return 1;
        }
    }

    private static int list(ExtensionSchemas schemas, String tenant, PrintStream out) {
        List<Schema> all = schemas.list(tenant);
        if (all.isEmpty()) {
            out.println("Tenant " + tenant + " declares no extension schemas.");
            return 0;
        }
        for (Schema schema : all) {
            out.println(schema.id() + "  \"" + schema.name() + "\"");
            for (Attribute attribute : schema.attributes()) {
                out.println("    " + schema.id() + ":" + attribute.name() + "  " + describe(attribute));
            }
        }
        return 0;
    }

    private static int remove(ExtensionSchemas schemas, String tenant, String urn, PrintStream out, PrintStream err) {
        if (!schemas.remove(tenant, urn)) {
            err.println("Tenant " + tenant + " has no extension schema " + urn + ".");
            return 1;
        }
        out.println("Removed " + urn + " from tenant " + tenant + ". Users keep their stored values for it: they are "
                + "no longer returned (the Users endpoint follows within " + TenantUserRules.DEFAULT_TTL.toSeconds()
                + " s) and come back if the schema is declared again.");
        return 0;
    }

    /** {@code string, multiValued, required, immutable, returned request} — what differs from the defaults. */
    static String describe(Attribute attribute) {
        StringBuilder text = new StringBuilder(attribute.type().json);
        if (attribute.multiValued()) {
            text.append(", multiValued");
        }
        if (attribute.required()) {
            text.append(", required");
        }
        if (attribute.caseExact()) {
            text.append(", caseExact");
        }
        if (attribute.mutability() != Attribute.Mutability.READ_WRITE) {
            text.append(", ").append(attribute.mutability().json);
        }
        if (attribute.returned() != Attribute.Returned.DEFAULT) {
            text.append(", returned ").append(attribute.returned().json);
        }
        if (!attribute.subAttributes().isEmpty()) {
            text.append(" {").append(attribute.subAttributes().stream()
                    .map(sub -> sub.name() + ": " + describe(sub)).collect(Collectors.joining("; "))).append('}');
        }
        return text.toString();
    }

    private static String read(String file) throws IOException {
        if (file.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("schemas: " + problem);
        err.print(USAGE);
        return 2;
    }

    /**
     * A client for AWS (default region and credentials chains) or for an endpoint. A loopback endpoint is
     * a local engine: it gets a region and placeholder credentials when none are configured, since it
     * checks neither.
     */
    private static Opened openDynamo(String table, String endpointOrNull) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpointOrNull != null) {
            URI endpoint = URI.create(endpointOrNull);
            builder.endpointOverride(endpoint);
            if (isLoopback(endpoint)) {
                if (System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null) {
                    builder.region(Region.US_EAST_1);
                }
                if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null) {
                    builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
                }
            }
        }
        DynamoDbClient client = builder.build();
        return new Opened(new DynamoExtensionSchemaStore(client, table, Clock.systemUTC()), client);
    }

    private static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }
}
