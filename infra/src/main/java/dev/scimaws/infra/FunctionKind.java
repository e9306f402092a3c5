package dev.scimaws.infra;

import dev.scimaws.store.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The five Lambda functions: which handler class each runs, whether it is on the request path (and so
 * gets SnapStart, the {@code live} alias and the keep-warm pings), its default size, and exactly which
 * DynamoDB actions it may call.
 *
 * <p>The action sets are the least privilege the handlers need; when a handler starts calling another
 * DynamoDB action, add it here (the template tests pin the sets, so the change is visible in review).
 * Two IAM facts shape them:
 * <ul>
 *   <li>There is no {@code dynamodb:TransactWriteItems} IAM action: each element of a transaction is
 *       authorized as the single-item action it performs ({@code PutItem}, {@code UpdateItem},
 *       {@code DeleteItem}), and a {@code ConditionCheck} element needs {@code dynamodb:ConditionCheckItem}.
 *       The SCIM writers (users, groups) get {@code ConditionCheckItem}: it can only evaluate a condition on an item the
 *       function may already read with {@code GetItem}, so it adds no access, and a transaction that
 *       guards an item it does not write would otherwise fail only in AWS (local engines do not check
 *       IAM).</li>
 *   <li>Secondary indexes are only ever queried, so index resources carry {@code Query} alone, and only
 *       the indexes a function reads.</li>
 *   <li>Inside the table, each grant is limited by a condition on {@code dynamodb:LeadingKeys} (the partition
 *       key of every item a call touches, each element of a batch or transaction included; for an index
 *       Query, the index's partition key): the SCIM functions and the purge may touch only tenant items
 *       ({@code T#...}), the authorizer and the OAuth token endpoint only token and client items ({@code K#...}),
 *       and only the purge may read the
 *       cross-tenant {@code DEACTIVATED} partition of the {@code deactivated} index. A bug in one function
 *       cannot write another's items.</li>
 * </ul>
 */
public enum FunctionKind {

    /** No ConditionCheckItem: no transaction of the SCIM writers has a ConditionCheck element. */
    USERS("users", "UsersHandler", true, 1024, 20,
            Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem"),
            Set.of("dynamodb:Query")),

    GROUPS("groups", "GroupsHandler", true, 1024, 20,
            Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem"),
            Set.of("dynamodb:Query")),

    /**
     * Read-only: schemas and resource types are data in the jar; the table is only queried, for a tenant's
     * extension schemas (one partition).
     */
    DISCOVERY("discovery", "DiscoveryHandler", true, 512, 10,
            Set.of("dynamodb:Query"),
            Set.of()),

    /**
     * One GetItem on the token item. API Gateway caches its answer per token for the result cache TTL
     * (default 300 s), so it runs about once per TTL per token; but it runs first, before any SCIM handler,
     * on the first request after a quiet period. Hence SnapStart behind the {@code live} alias like the SCIM
     * handlers: without it that first request paid a full JVM start (about 2-3 s at 512 MB) before the SCIM
     * handler's restore even began (docs/performance.md). It stays the smallest function: no SCIM code runs.
     * At most once an hour per token it also records the token's last use (a conditional UpdateItem).
     */
    AUTHORIZER("authorizer", "TokenAuthorizerHandler", true, 512, 10,
            Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
            Set.of()),

    /**
     * The OAuth 2.0 token endpoint (client credentials grant), routed without the authorizer: one GetItem of
     * the client item, one PutItem of the access token item ({@code K#...} items, as the authorizer's).
     */
    OAUTH_TOKEN("oauthToken", "OAuthTokenHandler", true, 512, 10,
            Set.of("dynamodb:GetItem", "dynamodb:PutItem"),
            Set.of()),

    /**
     * Runs from the schedule, not on a request path: no SnapStart. Finds deactivated users through the
     * sparse {@code deactivated} index and their memberships through {@code byMember}, re-reads them in
     * batches, then deletes users with their locks and memberships in transactions (which also put the
     * deletion tombstones and a progress marker, and lower the tenant's user counter: an Update element) and
     * removes the marker. It never uses a ConditionCheck.
     */
    PURGE("purge", "PurgeHandler", false, 1024, 300,
            Set.of("dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem"),
            Set.of("dynamodb:Query"));

    /** The package of every handler in functions.jar. */
    public static final String HANDLER_PACKAGE = "dev.scimaws.handler";

    private final String contextName;
    private final String handlerClass;
    private final boolean requestPath;
    private final int defaultMemoryMb;
    private final int defaultTimeoutSeconds;
    private final Set<String> tableActions;
    private final Set<String> indexActions;

    FunctionKind(String contextName, String handlerClass, boolean requestPath, int defaultMemoryMb,
            int defaultTimeoutSeconds, Set<String> tableActions, Set<String> indexActions) {
        this.contextName = contextName;
        this.handlerClass = handlerClass;
        this.requestPath = requestPath;
        this.defaultMemoryMb = defaultMemoryMb;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.tableActions = tableActions;
        this.indexActions = indexActions;
    }

    /** Prefix of this function's context keys: {@code <name>MemoryMb}, {@code <name>TimeoutSeconds}. */
    public String contextName() {
        return contextName;
    }

    /** The Lambda handler string, {@code dev.scimaws.handler.X::handleRequest}. */
    public String handler() {
        return HANDLER_PACKAGE + "." + handlerClass + "::handleRequest";
    }

    public String handlerClass() {
        return handlerClass;
    }

    /**
     * Functions API Gateway calls while a client waits (the SCIM handlers and the authorizer): SnapStart on
     * published versions (or provisioned concurrency instead), integrated through the {@code live} alias,
     * kept warm by the schedule.
     */
    public boolean requestPath() {
        return requestPath;
    }

    public int defaultMemoryMb() {
        return defaultMemoryMb;
    }

    public int defaultTimeoutSeconds() {
        return defaultTimeoutSeconds;
    }

    /** Actions on the table ARN. */
    public Set<String> tableActions() {
        return tableActions;
    }

    /** Actions on {@code <table ARN>/index/*}; empty when the function reads no index. */
    public Set<String> indexActions() {
        return indexActions;
    }

    /** IAM {@code dynamodb:LeadingKeys} patterns: the partition keys this function may touch on the table. */
    public List<String> tableLeadingKeys() {
        return switch (this) {
            case AUTHORIZER, OAUTH_TOKEN -> List.of(TableDefinition.TOKEN_KEY_PREFIX + "*");
            default -> List.of(TableDefinition.TENANT_KEY_PREFIX + "*");
        };
    }

    /**
     * The indexes this function queries, each with the {@code dynamodb:LeadingKeys} patterns of the index
     * partitions it may read; empty when it reads no index.
     */
    public Map<String, List<String>> indexLeadingKeys() {
        if (indexActions.isEmpty()) {
            return Map.of();
        }
        List<String> tenantKeys = List.of(TableDefinition.TENANT_KEY_PREFIX + "*");
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        if (this == PURGE) {
            indexes.put(TableDefinition.DEACTIVATED.name(), List.of(TableDefinition.DEACTIVATED_PARTITION));
            indexes.put(TableDefinition.BY_MEMBER.name(), tenantKeys);
        } else {
            for (TableDefinition.Index index : TableDefinition.INDEXES) {
                if (index != TableDefinition.DEACTIVATED) {
                    indexes.put(index.name(), tenantKeys);
                }
            }
        }
        return indexes;
    }

    /** Whether any action writes (decides the KMS actions with a customer-managed key). */
    public boolean writes() {
        return tableActions.stream().anyMatch(action -> action.startsWith("dynamodb:Put")
                || action.startsWith("dynamodb:Update") || action.startsWith("dynamodb:Delete")
                || action.equals("dynamodb:BatchWriteItem"));
    }
}
