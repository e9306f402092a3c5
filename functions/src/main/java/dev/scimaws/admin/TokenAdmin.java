package dev.scimaws.admin;

import dev.scimaws.auth.TokenRecord;
import dev.scimaws.auth.Tokens;
import dev.scimaws.handler.Wiring;
import dev.scimaws.store.DynamoTokenStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
              create --tenant T [--label L] [--usage-plan P]
                                              issue a token; it is printed once, only its hash is stored. With a
                                              usage plan (default: $SCIM_USAGE_PLAN_ID), the tenant's API key is
                                              created on its first token and put in plan P
              list   --tenant T               the tenant's tokens: id, created, revoked, label
              revoke --tenant T --id ID       revoke the token with this id (from list); revoking the tenant's
                                              last token deletes its API key
              quota  --tenant T --usage-plan P
                                              move the tenant's API key to usage plan P (the stack's UsagePlan*
                                              outputs), creating it if missing, and put it on every active token
              schemas put|list|remove ...     a tenant's custom User extension schemas (see SchemaCommands)
            Options for every command:
              --table NAME      the SCIM table (default: $SCIM_TABLE)
              --endpoint URL    a DynamoDB endpoint (default: $SCIM_DYNAMODB_ENDPOINT, else AWS's)
            Region and credentials come from the AWS SDK's default chains (AWS_REGION, AWS_PROFILE, ...).""";

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "create", Set.of("tenant", "label", "usage-plan"),
            "list", Set.of("tenant"),
            "revoke", Set.of("tenant", "id"),
            "quota", Set.of("tenant", "usage-plan"));
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
            Tokens tokens = new Tokens(new DynamoTokenStore(dynamo, table), Clock.systemUTC());
            Supplier<TenantApiKeys> keys = () -> apiKeys.apply(table);
            String usagePlan = options.getOrDefault("usage-plan", env.apply(USAGE_PLAN_ENV));
            return switch (command) {
                case "create" -> create(tokens, tenant, options.get("label"), blankToNull(usagePlan), keys, out);
                case "list" -> list(tokens, tenant, out);
                case "quota" -> quota(tokens, tenant, usagePlan, keys.get(), out);
                default -> revoke(tokens, tenant, options.get("id"), keys, out, err);
            };
        } catch (SdkException | IllegalArgumentException e) {
            err.println("Failed: " + e.getMessage());
            if (endpoint != null && !endpoint.isBlank()) {
                err.println("(A local engine accepts any credentials: AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)");
            }
            return 1;
        }
    }

    private static int create(Tokens tokens, String tenant, String label, String usagePlan, Supplier<TenantApiKeys> keys,
                              PrintStream out) {
        // The key first: a token without it would be refused by a usage-plan API (403) until `quota` repairs it.
        TenantApiKeys.Key key = usagePlan == null ? null : keys.get().ensureInPlan(tenant, usagePlan);
        Tokens.Issued issued = tokens.issue(tenant, label, key == null ? null : key.value());
        out.println("id:     " + issued.record().id());
        out.println("tenant: " + tenant);
        out.println("token:  " + issued.token());
        if (key != null) {
            tokens.attachApiKey(tenant, key.value());
            out.println("api key: " + key.id() + " in usage plan " + usagePlan);
        }
        out.println("Store the token now: it is not shown again (only its SHA-256 is kept).");
        return 0;
    }

    private static int quota(Tokens tokens, String tenant, String usagePlan, TenantApiKeys keys, PrintStream out) {
        TenantApiKeys.Key key = keys.ensureInPlan(tenant, usagePlan);
        int updated = tokens.attachApiKey(tenant, key.value());
        out.println("Tenant " + tenant + ": api key " + key.id() + " in usage plan " + usagePlan + " (" + updated
                + " token(s) updated). Limits apply within a minute.");
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
        String format = "%-12s  %-20s  %-20s  %s%n";
        out.printf(format, "ID", "CREATED", "REVOKED", "LABEL");
        for (TokenRecord record : records) {
            // The id is a short prefix of the hash: enough to revoke by, useless to authenticate with.
            out.printf(format, record.id(), seconds(record.createdAt()), record.revokedAt() == null ? "-" : seconds(record.revokedAt()),
                    record.label());
        }
        return 0;
    }

    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private static int revoke(Tokens tokens, String tenant, String id, Supplier<TenantApiKeys> keys, PrintStream out,
                              PrintStream err) {
        if (!tokens.revoke(tenant, id)) {
            err.println("Tenant " + tenant + " has no token with id " + id + " (ids come from: list --tenant " + tenant + ").");
            return 1;
        }
        out.println("Revoked token " + id + " of tenant " + tenant + ".");
        List<TokenRecord> remaining = tokens.list(tenant);
        boolean hadKey = remaining.stream().anyMatch(record -> record.apiKey() != null);
        if (hadKey && remaining.stream().noneMatch(TokenRecord::isActive) && keys.get().remove(tenant)) {
            out.println("Deleted the API key of tenant " + tenant + ": it has no active token left.");
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
            boolean optional = required.equals("label") || required.equals("usage-plan") && command.equals("create");
            if (!optional && !options.containsKey(required)) {
                throw new IllegalArgumentException(command + " needs --" + required + ".");
            }
        }
        return options;
    }
}
