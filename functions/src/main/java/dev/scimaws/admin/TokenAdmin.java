package dev.scimaws.admin;

import dev.scimaws.auth.ClientCredentials;
import dev.scimaws.auth.OAuthClient;
import dev.scimaws.auth.TokenRecord;
import dev.scimaws.auth.Tokens;
import dev.scimaws.handler.Wiring;
import dev.scimaws.store.DynamoClientStore;
import dev.scimaws.store.DynamoTokenStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Creates, lists and revokes a tenant's bearer tokens in the table, for example after {@code cdk deploy}.
 * Region and credentials come from the SDK's default chains ({@code AWS_REGION}, {@code AWS_PROFILE}...).
 */
public final class TokenAdmin {

    static final String USAGE = """
            Usage: TokenAdmin <command> [options]
              create --tenant T [--label L] [--expires E] [--usage-plan P]
                                              issue a token; it is printed once, only its hash is stored. With a
                                              usage plan (default: $SCIM_USAGE_PLAN_ID), the tenant's API key is
                                              created on its first token and put in plan P
              list   --tenant T               the tenant's tokens: id, created, expires, last used, revoked, label
              revoke --tenant T --id ID       revoke the token with this id (from list), at once; revoking the
                                              tenant's last working token deletes its API key
              rotate --tenant T --id ID [--overlap O] [--expires E]
                                              issue a replacement (same label, same API key) and revoke the old
                                              token after the overlap (default 24h), so the identity provider can
                                              switch
              quota  --tenant T --usage-plan P
                                              move the tenant's API key to usage plan P (the stack's UsagePlan*
                                              outputs), creating it if missing, and put it on every working token
                                              and OAuth client
              schemas put|list|remove ...     a tenant's custom User extension schemas (see SchemaCommands)
              clients create|list|revoke ...  a tenant's OAuth clients (client credentials grant; see ClientCommands)
            Options for every command:
              --table NAME      the SCIM table (default: $SCIM_TABLE)
              --endpoint URL    a DynamoDB endpoint (default: $SCIM_DYNAMODB_ENDPOINT, else AWS's)
            E is 90d (days from now), 2027-06-30 (that day, 00:00 UTC) or 2027-06-30T12:00:00Z; O is 30m, 24h or 7d.
            The last use is recorded at most once an hour per token.
            Region and credentials come from the AWS SDK's default chains (AWS_REGION, AWS_PROFILE, ...).""";

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "create", Set.of("tenant", "label", "expires", "usage-plan"),
            "list", Set.of("tenant"),
            "revoke", Set.of("tenant", "id"),
            "rotate", Set.of("tenant", "id", "overlap", "expires"),
            "quota", Set.of("tenant", "usage-plan"));
    private static final Set<String> OPTIONAL = Set.of("label", "expires", "overlap");
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    /** Default of {@code --usage-plan} for create: the stack's {@code UsagePlanDefault} output. */
    static final String USAGE_PLAN_ENV = "SCIM_USAGE_PLAN_ID";

    private TokenAdmin() {}

    public static void main(String[] args) {
        System.exit(run(args, System::getenv, System.out, System.err));
    }

    static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, ApiGatewayTenantKeys::fromEnvironment);
    }

    /**
     * The whole command; returns the exit code: 0 done, 1 failed, 2 bad arguments. {@code apiKeys} gives the
     * tenant API keys for a table; it is only called when a command needs them.
     */
    static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err,
                   Function<String, TenantApiKeys> apiKeys) {
        Map<String, String> options;
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("schemas")) {
            return SchemaCommands.run(args, out, err);
        }
        if (command.equals("clients")) {
            return ClientCommands.run(args, env, out, err, apiKeys);
        }
        try {
            options = parse(command, args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String table = options.getOrDefault("table", env.apply(Wiring.TABLE_ENV));
        if (table == null || table.isBlank()) {
            err.println("No table: pass --table or set " + Wiring.TABLE_ENV + ".");
            err.println(USAGE);
            return 2;
        }
        String tenant = options.get("tenant");
        String endpoint = options.getOrDefault("endpoint", env.apply(Wiring.ENDPOINT_ENV));
        try (DynamoDbClient dynamo = Wiring.dynamoClient(endpoint)) {
            Clock clock = Clock.systemUTC();
            Tokens tokens = new Tokens(new DynamoTokenStore(dynamo, table), clock);
            ClientCredentials clients = new ClientCredentials(new DynamoClientStore(dynamo, table), clock,
                    ClientCredentials.DEFAULT_LIFETIME);
            Instant expires = options.containsKey("expires") ? expiry(options.get("expires"), clock.instant()) : null;
            Supplier<TenantApiKeys> keys = () -> apiKeys.apply(table);
            String usagePlan = options.getOrDefault("usage-plan", env.apply(USAGE_PLAN_ENV));
            return switch (command) {
                case "create" -> create(tokens, tenant, options.get("label"), expires, blankToNull(usagePlan), keys, out);
                case "list" -> list(tokens, tenant, out);
                case "rotate" -> rotate(tokens, tenant, options.get("id"),
                        options.containsKey("overlap") ? duration(options.get("overlap")) : DEFAULT_OVERLAP, expires, out, err);
                case "quota" -> quota(tokens, clients, tenant, usagePlan, keys.get(), out);
                default -> revoke(tokens, clients, tenant, options.get("id"), clock, keys, out, err);
            };
        } catch (SdkException | IllegalArgumentException e) {
            err.println("Failed: " + e.getMessage());
            if (endpoint != null && !endpoint.isBlank()) {
                err.println("(A local engine accepts any credentials: AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)");
            }
            return 1;
        }
    }

    private static int create(Tokens tokens, String tenant, String label, Instant expires, String usagePlan,
                              Supplier<TenantApiKeys> keys, PrintStream out) {
        // The key first: a token without it would be refused by a usage-plan API (403) until `quota` repairs it.
        TenantApiKeys.Key key = usagePlan == null ? null : keys.get().ensureInPlan(tenant, usagePlan);
        Tokens.Issued issued = tokens.issue(tenant, label, key == null ? null : key.value(), expires);
        if (key != null) {
            tokens.attachApiKey(tenant, key.value());
        }
        printIssued(issued, key == null ? null : key.id() + " in usage plan " + usagePlan, out);
        return 0;
    }

    /** @param apiKey what to say about the token's API key (never its value); null when it has none */
    private static void printIssued(Tokens.Issued issued, String apiKey, PrintStream out) {
        out.println("id:      " + issued.record().id());
        out.println("tenant:  " + issued.record().tenant());
        out.println("expires: " + (issued.record().expiresAt() == null ? "never" : seconds(issued.record().expiresAt())));
        out.println("token:   " + issued.token());
        if (apiKey != null) {
            out.println("api key: " + apiKey);
        }
        out.println("Store the token now: it is not shown again (only its SHA-256 is kept).");
    }

    private static int rotate(Tokens tokens, String tenant, String id, Duration overlap, Instant expires, PrintStream out,
            PrintStream err) {
        Optional<Tokens.Rotation> rotation = tokens.rotate(tenant, id, overlap, expires);
        if (rotation.isEmpty()) {
            err.println("Tenant " + tenant + " has no token with id " + id + " (ids come from: list --tenant " + tenant + ").");
            return 1;
        }
        Tokens.Issued replacement = rotation.get().replacement();
        printIssued(replacement, replacement.record().apiKey() == null ? null : "the tenant's, as on token " + id, out);
        out.println("The old token " + id + " keeps working until " + seconds(rotation.get().oldRevokedAt())
                + ": switch the identity provider to the new token before then.");
        return 0;
    }

    /** {@code 90d}, {@code 2027-06-30} (00:00 UTC) or an ISO instant. */
    static Instant expiry(String value, Instant now) {
        if (value.matches("\\d+d")) {
            return now.plus(Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1))));
        }
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires takes 90d, 2027-06-30 or 2027-06-30T12:00:00Z, got '" + value + "'");
        }
    }

    /** {@code 30m}, {@code 24h} or {@code 7d}. */
    static Duration duration(String value) {
        if (!value.matches("\\d+[mhd]")) {
            throw new IllegalArgumentException("--overlap takes 30m, 24h or 7d, got '" + value + "'");
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static int quota(Tokens tokens, ClientCredentials clients, String tenant, String usagePlan, TenantApiKeys keys,
                             PrintStream out) {
        TenantApiKeys.Key key = keys.ensureInPlan(tenant, usagePlan);
        int updated = tokens.attachApiKey(tenant, key.value());
        int updatedClients = clients.attachApiKey(tenant, key.value());
        out.println("Tenant " + tenant + ": api key " + key.id() + " in usage plan " + usagePlan + " (" + updated
                + " token(s), " + updatedClients + " OAuth client(s) updated). Limits apply within a minute.");
        return 0;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int list(Tokens tokens, String tenant, PrintStream out) {
        List<TokenRecord> records = tokens.list(tenant);
        if (records.isEmpty()) {
            out.println("No tokens for tenant " + tenant + ".");
            return 0;
        }
        String format = "%-12s  %-20s  %-20s  %-20s  %-20s  %s%n";
        out.printf(format, "ID", "CREATED", "EXPIRES", "LAST USED", "REVOKED", "LABEL");
        for (TokenRecord record : records) {
            // The id is a short prefix of the hash: enough to revoke by, useless to authenticate with.
            out.printf(format, record.id(), seconds(record.createdAt()), orDash(record.expiresAt()), orDash(record.lastUsedAt()),
                    orDash(record.revokedAt()), record.label());
        }
        return 0;
    }

    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String orDash(Instant instant) {
        return instant == null ? "-" : seconds(instant).toString();
    }

    private static int revoke(Tokens tokens, ClientCredentials clients, String tenant, String id, Clock clock,
                              Supplier<TenantApiKeys> keys, PrintStream out, PrintStream err) {
        if (!tokens.revoke(tenant, id)) {
            err.println("Tenant " + tenant + " has no token with id " + id + " (ids come from: list --tenant " + tenant + ").");
            return 1;
        }
        out.println("Revoked token " + id + " of tenant " + tenant + ".");
        List<TokenRecord> remaining = tokens.list(tenant);
        boolean hadKey = remaining.stream().anyMatch(record -> record.apiKey() != null);
        // A token in a rotation's overlap still works and still needs the key, and so does an active OAuth
        // client for its access tokens.
        Instant now = clock.instant();
        if (hadKey && remaining.stream().noneMatch(record -> record.isValidAt(now))
                && clients.list(tenant).stream().noneMatch(OAuthClient::isActive) && keys.get().remove(tenant)) {
            out.println("Deleted the API key of tenant " + tenant + ": it has no working token left.");
        }
        return 0;
    }

    private static Map<String, String> parse(String command, String[] args) {
        Set<String> allowed = OPTIONS.get(command);
        if (allowed == null) {
            throw new IllegalArgumentException(command.isEmpty() ? "No command given." : "Unknown command: " + command);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value.");
            }
            if (!allowed.contains(name) && !name.equals("table") && !name.equals("endpoint")) {
                throw new IllegalArgumentException("Option --" + name + " does not apply to " + command + ".");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("Option --" + name + " needs a value.");
            }
            options.put(name, value);
        }
        for (String required : allowed) {
            boolean optional = OPTIONAL.contains(required) || required.equals("usage-plan") && command.equals("create");
            if (!optional && !options.containsKey(required)) {
                throw new IllegalArgumentException(command + " needs --" + required + ".");
            }
        }
        return options;
    }
}
