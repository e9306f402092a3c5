package dev.scimaws.admin;

import dev.scimaws.auth.ClientCredentials;
import dev.scimaws.auth.OAuthClient;
import dev.scimaws.handler.Wiring;
import dev.scimaws.store.DynamoClientStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code TokenAdmin clients ...}: a tenant's OAuth 2.0 clients for the client credentials grant (Entra's
 * "OAuth2 Client Credentials Grant"). The secret is printed once; only its SHA-256 is kept. Revoking a
 * client stops new grants; access tokens already granted run out within their lifetime.
 */
final class ClientCommands {

    static final String USAGE = """
            Usage: TokenAdmin clients <command> [options]
              create --tenant T [--label L] [--usage-plan P]
                                              a new client; its id and secret are printed once. With a usage
                                              plan (default: $SCIM_USAGE_PLAN_ID) its access tokens carry the
                                              tenant's API key, created if missing, in plan P
              list   --tenant T               the tenant's clients: id, public id (events' tokenId), created,
                                              revoked, label
              revoke --tenant T --id ID       revoke the client with this id
            Options: --table NAME (default $SCIM_TABLE), --endpoint URL (default $SCIM_DYNAMODB_ENDPOINT)
            """;

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "create", Set.of("tenant", "label", "usage-plan"),
            "list", Set.of("tenant"),
            "revoke", Set.of("tenant", "id"));

    private ClientCommands() {}

    static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err,
                   Function<String, TenantApiKeys> apiKeys) {
        List<String> words = List.of(args).subList(Math.min(1, args.length), args.length); // after "clients"
        String command = words.isEmpty() ? "" : words.get(0);
        Set<String> allowed = OPTIONS.get(command);
        if (allowed == null) {
            err.print(USAGE);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            String name = word.startsWith("--") ? word.substring(2) : null;
            if (name == null || i + 1 >= words.size() || !(allowed.contains(name) || name.equals("table") || name.equals("endpoint"))) {
                err.println("Unexpected argument: " + word);
                err.print(USAGE);
                return 2;
            }
            options.put(name, words.get(++i));
        }
        for (String required : allowed) {
            if (!required.equals("label") && !required.equals("usage-plan") && !options.containsKey(required)) {
                err.println(command + " needs --" + required + ".");
                err.print(USAGE);
                return 2;
            }
        }
        String table = options.getOrDefault("table", env.apply(Wiring.TABLE_ENV));
        if (table == null || table.isBlank()) {
            err.println("No table: pass --table or set " + Wiring.TABLE_ENV + ".");
            return 2;
        }
        String tenant = options.get("tenant");
        try (DynamoDbClient dynamo = Wiring.dynamoClient(options.getOrDefault("endpoint", env.apply(Wiring.ENDPOINT_ENV)))) {
            ClientCredentials clients = new ClientCredentials(new DynamoClientStore(dynamo, table), Clock.systemUTC(),
                    ClientCredentials.DEFAULT_LIFETIME);
            switch (command) {
                case "create" -> {
                    String usagePlan = options.getOrDefault("usage-plan", env.apply(TokenAdmin.USAGE_PLAN_ENV));
                    // As for a token: the key first, else the client's access tokens would get 403 until `quota`.
                    TenantApiKeys.Key key = usagePlan == null || usagePlan.isBlank()
                            ? null : apiKeys.apply(table).ensureInPlan(tenant, usagePlan);
                    ClientCredentials.Created created = clients.create(tenant, options.get("label"), key == null ? null : key.value());
                    out.println("tenant:        " + tenant);
                    out.println("client_id:     " + created.client().clientId());
                    out.println("client_secret: " + created.secret());
                    if (key != null) {
                        out.println("api key:       " + key.id() + " in usage plan " + usagePlan);
                    }
                    out.println("Store the secret now: it is not shown again (only its SHA-256 is kept).");
                }
                case "list" -> {
                    List<OAuthClient> all = clients.list(tenant);
                    if (all.isEmpty()) {
                        out.println("No clients for tenant " + tenant + ".");
                    } else {
                        String format = "%-40s  %-12s  %-20s  %-20s  %s%n";
                        out.printf(format, "CLIENT ID", "PUBLIC ID", "CREATED", "REVOKED", "LABEL");
                        for (OAuthClient client : all) {
                            out.printf(format, client.clientId(), client.publicId(), client.createdAt().truncatedTo(ChronoUnit.SECONDS),
                                    client.revokedAt() == null ? "-" : client.revokedAt().truncatedTo(ChronoUnit.SECONDS),
                                    client.label());
                        }
                    }
                }
                default -> {
                    if (!clients.revoke(tenant, options.get("id"))) {
                        err.println("Tenant " + tenant + " has no client " + options.get("id") + ".");
                        return 1;
                    }
                    out.println("Revoked client " + options.get("id") + " of tenant " + tenant + ".");
                }
            }
            return 0;
        } catch (SdkException | IllegalArgumentException e) {
            err.println("Failed: " + e.getMessage());
            return 1;
        }
    }
}
