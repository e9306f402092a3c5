package dev.scimaws.store;

import static dev.scimaws.store.Attributes.n;
import static dev.scimaws.store.Attributes.s;

import dev.scimaws.events.TableItem.Deletion;
import dev.scimaws.scim.Actor;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimTime;
import dev.scimaws.scim.StoreException;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.scim.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Users or groups (by {@link ResourceKind}) in the single table. One item per resource holding the SCIM
 * attributes as JSON plus indexed copies; a lock item per unique name written in the same transaction; a
 * paging cursor per (tenant, kind, position) so sequential imports read each page once. What differs
 * between the two (memberships) is in {@link DynamoUserStore} and {@link DynamoGroupStore}.
 */
public abstract class DynamoResourceStore implements ResourceStore {

    static final String DOC = "doc";
    static final String VERSION = "ver";
    private static final String CREATED = "created";
    static final String MODIFIED = "modified";
    /** The token id of the writer ({@link Actor}), on user, group and membership items: provisioning events carry it. */
    static final String MODIFIED_BY = "lastModifiedBy";
    private static final String DEACTIVATED_AT = "deactivatedAt";
    private static final String OWNER = "ownerId";
    private static final String AFTER = "after";
    private static final Duration CURSOR_LIFETIME = Duration.ofMinutes(15);
    private static final int ONE_MEGABYTE = 1024 * 1024;
    private static final int CONFLICT_ATTEMPTS = 6;

    protected final DynamoDbClient dynamo;
    protected final String table;
    private final ResourceKind kind;
    private final Clock clock;
    private final Counters counters;

    protected DynamoResourceStore(DynamoDbClient dynamo, String table, ResourceKind kind, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.kind = kind;
        this.clock = clock;
        this.counters = new Counters(dynamo, table);
    }

    @Override
    public void create(String tenant, StoredResource resource) {
        String name = resource.text(kind.uniqueAttribute);
        Map<String, AttributeValue> item = checkedItem(tenant, resource);
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY))).build(),
                lockPut(tenant, name, resource.id()),
                Counters.change(table, tenant, kind, 1));
        transact(writes, reasons -> {
            if (failed(reasons, 1)) {
                return new StoreException.UniquenessViolation(kind.uniqueAttribute + " '" + name + "' is already in use.");
            }
            return new StoreException.VersionConflict("A resource with this id already exists.");
        });
    }

    @Override
    public Optional<StoredResource> get(String tenant, String id) {
        if (!Keys.fitsPartitionKey(kind.partitionKey(tenant, id))) {
            return Optional.empty(); // no stored id is that long
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(kind.key(tenant, id))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Shared names (groups): one strongly consistent Query of the name's partition, then each resource read
     * (consistently: the name may have changed since). Name items written before names were shared (one
     * lock per name) are read alike; a stale one costs a read and is dropped by the filter evaluated after.
     */
    @Override
    public List<StoredResource> findAllByName(String tenant, String name) {
        if (kind.uniqueName) {
            return findByName(tenant, name).stream().toList();
        }
        List<StoredResource> found = new ArrayList<>();
        if (!Keys.fitsPartitionKey(lockPartition(tenant, name))) {
            return found;
        }
        List<String> owners = new ArrayList<>();
        queryAll(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", s(kind.namePartition(tenant, name)))),
                item -> owners.add(item.get(OWNER).s()));
        for (String owner : new java.util.LinkedHashSet<>(owners)) {
            get(tenant, owner).ifPresent(found::add);
        }
        return found;
    }

    @Override
    public Optional<StoredResource> findByName(String tenant, String name) {
        if (!kind.uniqueName) {
            return findAllByName(tenant, name).stream().findFirst();
        }
        if (!Keys.fitsPartitionKey(lockPartition(tenant, name))) {
            return Optional.empty(); // no stored name is that long
        }
        Map<String, AttributeValue> lock = dynamo.getItem(b -> b.tableName(table).key(kind.lockKey(tenant, name))
                .consistentRead(true)).item();
        if (lock == null || lock.isEmpty()) {
            return Optional.empty();
        }
        return get(tenant, lock.get(OWNER).s());
    }

    @Override
    public List<StoredResource> findByExternalId(String tenant, String externalId) {
        List<StoredResource> found = new ArrayList<>();
        if (!Keys.fitsPartitionKey(externalIdPartition(tenant, externalId))) {
            return found; // no stored externalId is that long
        }
        queryAll(QueryRequest.builder().tableName(table).indexName(TableDefinition.BY_EXTERNAL_ID.name())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.BY_EXTERNAL_ID.partitionKey()))
                .expressionAttributeValues(Map.of(":pk", s(externalIdPartition(tenant, externalId)))),
                item -> found.add(fromItem(item)));
        return found;
    }

    @Override
    public void update(String tenant, StoredResource previous, StoredResource next) {
        String oldName = previous.text(kind.uniqueAttribute);
        String newName = next.text(kind.uniqueAttribute);
        Map<String, AttributeValue> item = checkedItem(tenant, next);
        if (Keys.fold(oldName).equals(Keys.fold(newName))) {
            try {
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("#ver = :ver")
                        .expressionAttributeNames(Map.of("#ver", VERSION))
                        .expressionAttributeValues(Map.of(":ver", n(previous.version()))));
            } catch (ConditionalCheckFailedException e) {
                throw new StoreException.VersionConflict("The resource was modified concurrently.");
            }
            return;
        }
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("#ver = :ver")
                        .expressionAttributeNames(Map.of("#ver", VERSION))
                        .expressionAttributeValues(Map.of(":ver", n(previous.version())))).build(),
                lockDelete(tenant, oldName, previous.id()),
                lockPut(tenant, newName, next.id()));
        transact(writes, reasons -> failed(reasons, 2)
                ? new StoreException.UniquenessViolation(kind.uniqueAttribute + " '" + newName + "' is already in use.")
                : new StoreException.VersionConflict("The resource was modified concurrently."));
    }

    @Override
    public void delete(String tenant, StoredResource resource) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(kind.key(tenant, resource.id()))
                        .conditionExpression("#ver = :ver")
                        .expressionAttributeNames(Map.of("#ver", VERSION))
                        .expressionAttributeValues(Map.of(":ver", n(resource.version())))).build(),
                lockDelete(tenant, resource.text(kind.uniqueAttribute), resource.id()),
                Counters.change(table, tenant, kind, -1),
                Tombstones.put(table, kind, tenant, resource.id(), Deletion.DELETE, clock.instant()));
        transact(writes, reasons -> new StoreException.VersionConflict("The resource was modified or deleted concurrently."));
    }

    @Override
    public long count(String tenant) {
        return counters.read(tenant, kind, () -> !list(tenant, null, 1).resources().isEmpty(), () -> countByReading(tenant));
    }

    /**
     * One Query with {@code Limit = limit + 1} (the extra item only tells whether more follow), repeated while
     * DynamoDB stops at 1 MB, at most {@link #MAX_BYTES_PER_READ} / 1 MB times.
     */
    @Override
    public Slice list(String tenant, Position after, int limit) {
        List<StoredResource> resources = new ArrayList<>(Math.min(limit, 1000) + 1);
        Map<String, AttributeValue> next = after == null ? null : listKey(tenant, after);
        int pages = 0;
        boolean exhausted = false;
        while (resources.size() <= limit && pages < MAX_BYTES_PER_READ / ONE_MEGABYTE) {
            QueryRequest.Builder query = listQuery(tenant).limit(limit + 1 - resources.size());
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            pages++;
            response.items().forEach(item -> resources.add(fromItem(item)));
            next = lastKey(response);
            if (next == null) {
                exhausted = true;
                break;
            }
        }
        if (resources.size() > limit) {
            return new Slice(List.copyOf(resources.subList(0, limit)), true);
        }
        return new Slice(resources, !exhausted);
    }

    @Override
    public Optional<Remembered> remembered(String tenant, int startIndex) {
        Map<String, AttributeValue> cursor = dynamo.getItem(b -> b.tableName(table)
                .key(cursorKey(tenant, startIndex))).item();
        if (cursor == null || cursor.isEmpty() || !isLive(cursor) || !cursor.containsKey(AFTER)) {
            return Optional.empty();
        }
        return Optional.of(new Remembered(position(cursor.get(AFTER).s()), Long.parseLong(cursor.get("total").n())));
    }

    @Override
    public void remember(String tenant, int startIndex, Position before, long total) {
        Map<String, AttributeValue> item = new HashMap<>(cursorKey(tenant, startIndex));
        item.put(AFTER, s(listSortKey(before)));
        item.put("total", n(total));
        item.put(TableDefinition.TIME_TO_LIVE_ATTRIBUTE, n(clock.instant().plus(CURSOR_LIFETIME).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** COUNT queries over the list index with {@code Limit = n - skipped}: they read n entries, never more. */
    @Override
    public Optional<Position> skip(String tenant, int n) {
        int skipped = 0;
        Map<String, AttributeValue> next = null;
        do {
            QueryRequest.Builder query = listQuery(tenant).select(Select.COUNT).limit(n - skipped);
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            skipped += response.count();
            next = lastKey(response);
        } while (next != null && skipped < n);
        if (skipped < n || next == null) {
            return Optional.empty();
        }
        return Optional.of(position(next.get(TableDefinition.BY_TYPE.sortKey()).s()));
    }

    /** Only for a tenant whose data predates the counters (see {@link Counters}): once per tenant and type. */
    private long countByReading(String tenant) {
        long total = 0;
        Map<String, AttributeValue> next = null;
        do {
            QueryRequest.Builder query = listQuery(tenant).select(Select.COUNT);
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            total += response.count();
            next = lastKey(response);
        } while (next != null);
        return total;
    }

    /** The list index's key of the resource at {@code position}: where a Query resumes after it. */
    private Map<String, AttributeValue> listKey(String tenant, Position position) {
        Map<String, AttributeValue> key = new HashMap<>(kind.key(tenant, position.id()));
        key.put(TableDefinition.BY_TYPE.partitionKey(), s(Keys.tenantTypePartition(tenant, kind.listType)));
        key.put(TableDefinition.BY_TYPE.sortKey(), s(listSortKey(position)));
        return key;
    }

    private static String listSortKey(Position position) {
        return ScimTime.format(position.created()) + "#" + position.id();
    }

    private static Position position(String listSortKey) {
        int separator = listSortKey.indexOf('#');
        return new Position(Instant.parse(listSortKey.substring(0, separator)), listSortKey.substring(separator + 1));
    }

    /** TTL deletion lags by up to days, so expiry is checked here as well. */
    private boolean isLive(Map<String, AttributeValue> cursor) {
        AttributeValue expires = cursor.get(TableDefinition.TIME_TO_LIVE_ATTRIBUTE);
        return expires != null && Long.parseLong(expires.n()) > clock.instant().getEpochSecond();
    }

    private Map<String, AttributeValue> cursorKey(String tenant, int position) {
        return Keys.key(Keys.tenant(tenant) + "CUR#" + kind.listType + "#" + position, "CUR");
    }

    private QueryRequest.Builder listQuery(String tenant) {
        return QueryRequest.builder().tableName(table).indexName(TableDefinition.BY_TYPE.name())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.BY_TYPE.partitionKey()))
                .expressionAttributeValues(Map.of(":pk", s(Keys.tenantTypePartition(tenant, kind.listType))));
    }

    private void queryAll(QueryRequest.Builder query, java.util.function.Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> next = null;
        do {
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            response.items().forEach(sink);
            next = lastKey(response);
        } while (next != null);
    }

    private static Map<String, AttributeValue> lastKey(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
    }

    /** The name lock item that points at {@code ownerId}. */
    Map<String, AttributeValue> lockItem(String tenant, String name, String ownerId) {
        Map<String, AttributeValue> lock = new HashMap<>(kind.lockKey(tenant, name));
        lock.put(OWNER, s(ownerId));
        return lock;
    }

    private TransactWriteItem lockPut(String tenant, String name, String ownerId) {
        Map<String, AttributeValue> lock = new HashMap<>(lockItem(tenant, name, ownerId));
        lock.putAll(kind.nameKey(tenant, name, ownerId));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(lock)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PARTITION_KEY))).build();
    }

    private TransactWriteItem lockDelete(String tenant, String name, String ownerId) {
        // A shared name's item may be missing for a group stored when names were locks: nothing to delete then.
        String condition = kind.uniqueName ? "#owner = :owner" : "attribute_not_exists(#owner) OR #owner = :owner";
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(kind.nameKey(tenant, name, ownerId))
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#owner", OWNER))
                .expressionAttributeValues(Map.of(":owner", s(ownerId)))).build();
    }

    /**
     * Runs a transaction, retrying only when DynamoDB cancelled it for a conflict with another
     * in-flight transaction (nobody won yet); a failed condition is an answer, mapped by {@code onFailure}.
     * Still cancelled after the last attempt, nothing was written: throttled or busy, never a conflict
     * answer ({@link DynamoCalls#cancelled}).
     */
    private void transact(List<TransactWriteItem> writes,
                          java.util.function.Function<List<CancellationReason>, StoreException> onFailure) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                boolean conditionFailed = reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
                if (conditionFailed) {
                    throw onFailure.apply(reasons);
                }
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw DynamoCalls.cancelled(reasons);
                }
                backOff(attempt);
            }
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a transaction", e);
        }
    }

    private String externalIdPartition(String tenant, String externalId) {
        return Keys.externalIdPartition(tenant, kind.listType, externalId);
    }

    /**
     * The item, after the checks DynamoDB would otherwise fail with a ValidationException: every key
     * attribute within DynamoDB's key limits, and the item within 400 KB.
     */
    private Map<String, AttributeValue> checkedItem(String tenant, StoredResource resource) {
        String name = resource.text(kind.uniqueAttribute);
        if (name != null && !Keys.fitsValue(Keys.fold(name))) {
            throw new StoreException.InvalidValue(kind.uniqueAttribute + " is too long: at most " + Keys.MAX_VALUE_BYTES
                    + " bytes (UTF-8) can be stored.");
        }
        String externalId = resource.text("externalId");
        if (externalId != null && !Keys.fitsValue(externalId)) {
            throw new StoreException.InvalidValue("externalId is too long: at most " + Keys.MAX_VALUE_BYTES
                    + " bytes (UTF-8) can be stored.");
        }
        Map<String, AttributeValue> item = toItem(tenant, resource);
        long size = Attributes.itemSize(item);
        if (size > Attributes.MAX_ITEM_BYTES) {
            throw new StoreException.TooLarge("The resource would be stored as " + size + " bytes; at most "
                    + Attributes.MAX_ITEM_BYTES + " bytes (DynamoDB's 400 KB item limit) can be stored.");
        }
        return item;
    }

    private String lockPartition(String tenant, String name) {
        return kind.lockKey(tenant, name).get(TableDefinition.PARTITION_KEY).s();
    }

    /** The stored item of a resource (package-visible for the tests' bulk seeding). */
    Map<String, AttributeValue> toItem(String tenant, StoredResource resource) {
        Map<String, AttributeValue> item = new HashMap<>(kind.key(tenant, resource.id()));
        item.put("id", s(resource.id()));
        item.put("tenant", s(tenant));
        item.put(DOC, s(Json.write(resource.body())));
        item.put(VERSION, n(resource.version()));
        item.put(CREATED, s(resource.created().toString()));
        item.put(MODIFIED, s(resource.lastModified().toString()));
        Actor.current().ifPresent(tokenId -> item.put(MODIFIED_BY, s(tokenId)));
        item.put(TableDefinition.BY_TYPE.partitionKey(), s(Keys.tenantTypePartition(tenant, kind.listType)));
        item.put(TableDefinition.BY_TYPE.sortKey(), s(listSortKey(Position.of(resource))));
        String externalId = resource.text("externalId");
        if (externalId != null) {
            item.put(TableDefinition.BY_EXTERNAL_ID.partitionKey(), s(externalIdPartition(tenant, externalId)));
            item.put(TableDefinition.BY_EXTERNAL_ID.sortKey(), s(resource.id()));
        }
        if (kind.tracksDeactivation && resource.deactivatedAt() != null) {
            item.put(DEACTIVATED_AT, s(resource.deactivatedAt().toString()));
            item.put(TableDefinition.DEACTIVATED.partitionKey(), s(Keys.DEACTIVATED_PARTITION));
            item.put(TableDefinition.DEACTIVATED.sortKey(),
                    s(ScimTime.format(resource.deactivatedAt()) + "#" + tenant + "#" + resource.id()));
        }
        return item;
    }

    static StoredResource fromItem(Map<String, AttributeValue> item) {
        AttributeValue deactivated = item.get(DEACTIVATED_AT);
        return new StoredResource(
                item.get("id").s(),
                Long.parseLong(item.get(VERSION).n()),
                Instant.parse(item.get(CREATED).s()),
                Instant.parse(item.get(MODIFIED).s()),
                deactivated == null ? null : Instant.parse(deactivated.s()),
                Json.parseStored(item.get(DOC).s()));
    }
}
