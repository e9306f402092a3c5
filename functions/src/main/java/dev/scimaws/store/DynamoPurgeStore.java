package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import dev.scimaws.events.TableItem.Deletion;
import dev.scimaws.purge.PurgeStore;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The purge's storage: candidates from the sparse {@code deactivated} index, deletion of a user with
 * its userName lock and its memberships.
 *
 * <h2>Order of deletion, and why</h2>
 * A reactivation racing the purge must win completely, memberships included, so nothing of the user
 * is deleted before the conditional delete of the user item has succeeded. The user item delete is
 * conditioned on {@code GSI4SK} still being the selected value: that attribute exists only while the
 * user is inactive and encodes the deactivation time, so the condition means "still deactivated, since
 * the same instant" (it is also immune to the textual form of the separate {@code deactivatedAt}).
 * <ul>
 *   <li>Up to {@value #MEMBERSHIPS_IN_TRANSACTION} memberships (the usual case): one TransactWriteItems
 *       deletes user, lock and memberships together and takes 1 off the tenant's user count ({@link Counters}). Nothing can be left half done.</li>
 *   <li>More memberships do not fit in one transaction (100 actions). The transaction then deletes user
 *       and lock and puts a marker item ({@code SK = PURGING}) in the user's partition that carries the
 *       same {@code GSI4PK/GSI4SK}, so it stays in the deactivated index, still older than any cutoff
 *       that selected the user. Then BatchWriteItem deletes the memberships, and last the marker. A run
 *       interrupted in between leaves the marker; the next run selects it and finishes (memberships,
 *       then marker). Every step is idempotent.</li>
 * </ul>
 * Deleting memberships first would also be resumable (the user stays selectable), but a reactivation
 * in between would leave a live user stripped of its groups: the race would be lost half-way.
 */
public final class DynamoPurgeStore implements PurgeStore {

    /** 100 actions per transaction: user, lock, the users counter, the deletion tombstone (for the events) and up to 96 memberships. */
    static final int MEMBERSHIPS_IN_TRANSACTION = 96;
    static final String MARKER_SORT_KEY = "PURGING";
    private static final int ATTEMPTS = 8;
    /** The user code in {@code T#<tenant>#U#<id>}. */
    private static final String USER_CODE = ResourceKind.USER.itemCode;
    private static final String DOC = "doc";
    private static final String OWNER = "ownerId";
    /** '$' is the character after '#': every sort key {@code <time>#...} with that time sorts before it. */
    private static final String AFTER_SEPARATOR = "$";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoPurgeStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * One Query on the single {@code DEACTIVATED} partition, key condition {@code GSI4SK < <cutoff>$}
     * (deactivated at or before the cutoff, oldest first).
     *
     * <p>For one tenant the same Query carries a filter on the tenant prefix of {@code PK} (the base
     * table keys are projected into every index). That is fine here: the index holds only keys (about
     * 100 bytes an entry, some 10,000 entries per 1 MB page), only entries older than the cutoff are
     * read, and with the scheduled purge running that backlog is at most a few days of deactivations
     * across all tenants. A per-tenant run is an operator's occasional action; a second index per tenant
     * would cost a write on every deactivation for it.
     */
    @Override
    public Page candidates(Instant deactivatedUpTo, String tenant, Map<String, String> after, int limit) {
        TableDefinition.Index index = TableDefinition.DEACTIVATED;
        Map<String, String> names = new HashMap<>(Map.of("#pk", index.partitionKey(), "#sk", index.sortKey()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pk", s(Keys.DEACTIVATED_PARTITION),
                ":before", s(ScimTime.format(deactivatedUpTo) + AFTER_SEPARATOR)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(index.name())
                .keyConditionExpression("#pk = :pk AND #sk < :before")
                .limit(limit);
        if (tenant != null) {
            names.put("#base", TableDefinition.PARTITION_KEY);
            values.put(":tenant", s(Keys.tenant(tenant)));
            query.filterExpression("begins_with(#base, :tenant)");
        }
        if (after != null) {
            Map<String, AttributeValue> start = new HashMap<>();
            after.forEach((name, value) -> start.put(name, s(value)));
            query.exclusiveStartKey(start);
        }
        QueryResponse response = dynamo.query(query.expressionAttributeNames(names).expressionAttributeValues(values).build());
        List<Candidate> candidates = new ArrayList<>(response.count());
        for (Map<String, AttributeValue> entry : response.items()) {
            candidates.add(candidate(entry));
        }
        Map<String, String> next = null;
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            next = new HashMap<>();
            for (var key : response.lastEvaluatedKey().entrySet()) {
                next.put(key.getKey(), key.getValue().s());
            }
        }
        return new Page(candidates, next);
    }

    private static Candidate candidate(Map<String, AttributeValue> entry) {
        String pk = entry.get(TableDefinition.PARTITION_KEY).s();
        String sk = entry.get(TableDefinition.SORT_KEY).s();
        // PK = T#<tenant>#U#<id>; tenant ids contain no '#'.
        int tenantEnd = pk.indexOf('#', 2);
        String tenant = pk.substring(2, tenantEnd);
        String id = pk.substring(tenantEnd + 1 + USER_CODE.length() + 1);
        return new Candidate(tenant, id, entry.get(TableDefinition.DEACTIVATED.sortKey()).s(), MARKER_SORT_KEY.equals(sk));
    }

    /** Consistent BatchGetItem of the user items (100 keys a call), for their userName and current selection. */
    @Override
    public List<Target> load(List<Candidate> candidates) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, Map<String, AttributeValue>> distinct = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            if (!candidate.unfinished()) {
                distinct.putIfAbsent(pk(candidate), userKey(candidate));
            }
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>(distinct.values());
        Batches.get(dynamo, table, keys, true, "#pk, #doc, #sel",
                        Map.of("#pk", TableDefinition.PARTITION_KEY, "#doc", DOC, "#sel", TableDefinition.DEACTIVATED.sortKey()))
                .forEach(item -> found.put(item.get(TableDefinition.PARTITION_KEY).s(), item));
        List<Target> targets = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            Map<String, AttributeValue> item = candidate.unfinished() ? null : found.get(pk(candidate));
            targets.add(new Target(candidate, item == null ? null : userNameIfSelected(item, candidate)));
        }
        return targets;
    }

    private static String userNameIfSelected(Map<String, AttributeValue> item, Candidate candidate) {
        AttributeValue selection = item.get(TableDefinition.DEACTIVATED.sortKey());
        if (selection == null || !candidate.selection().equals(selection.s())) {
            return null;
        }
        var userName = Json.parseStored(item.get(DOC).s()).get(ResourceKind.USER.uniqueAttribute);
        return userName == null || !userName.isTextual() ? null : userName.textValue();
    }

    @Override
    public Outcome purge(Target target) {
        Candidate candidate = target.candidate();
        if (candidate.unfinished()) {
            deleteAll(membershipKeys(candidate));
            deleteMarker(candidate);
            return Outcome.PURGED;
        }
        if (target.userName() == null) {
            return Outcome.NO_LONGER_SELECTED;
        }
        Failure failure = deleteWithMemberships(candidate, target.userName());
        if (failure == Failure.LOCK) {
            // The lock under the name read is not the user's: a rename raced the purge. Read again, once.
            String current = load(List.of(candidate)).get(0).userName();
            if (current == null) {
                return Outcome.NO_LONGER_SELECTED;
            }
            failure = deleteWithMemberships(candidate, current);
            if (failure == Failure.LOCK) {
                throw new IllegalStateException("The userName lock of user " + candidate.userId() + " in tenant "
                        + candidate.tenant() + " is missing or held by another user");
            }
        }
        return failure == Failure.NONE ? Outcome.PURGED : Outcome.NO_LONGER_SELECTED;
    }

    /** See the class comment: one transaction when the memberships fit, else user + lock + marker first. */
    private Failure deleteWithMemberships(Candidate candidate, String userName) {
        List<Map<String, AttributeValue>> memberships = membershipKeys(candidate);
        boolean inOneTransaction = memberships.size() <= MEMBERSHIPS_IN_TRANSACTION;
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(deleteUser(candidate));
        writes.add(deleteLock(candidate, userName));
        writes.add(Counters.change(table, candidate.tenant(), ResourceKind.USER, -1));
        writes.add(Tombstones.put(table, ResourceKind.USER, candidate.tenant(), candidate.userId(), Deletion.PURGE, clock.instant()));
        if (inOneTransaction) {
            memberships.forEach(key -> writes.add(TransactWriteItem.builder()
                    .delete(d -> d.tableName(table).key(key)).build()));
        } else {
            writes.add(putMarker(candidate));
        }
        Failure failure = transact(writes);
        if (failure == Failure.NONE && !inOneTransaction) {
            deleteAll(memberships);
            deleteMarker(candidate);
        }
        return failure;
    }

    /** The keys of the user's membership items, from the {@code byMember} index (keys only). */
    private List<Map<String, AttributeValue>> membershipKeys(Candidate candidate) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(TableDefinition.BY_MEMBER.name())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.BY_MEMBER.partitionKey()))
                .expressionAttributeValues(Map.of(":pk", s(Keys.memberPartition(candidate.tenant(), candidate.userId()))));
        Map<String, AttributeValue> next = null;
        do {
            if (next != null) {
                query.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> entry : response.items()) {
                keys.add(Keys.key(entry.get(TableDefinition.PARTITION_KEY).s(), entry.get(TableDefinition.SORT_KEY).s()));
            }
            next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (next != null);
        return keys;
    }

    /** BatchWriteItem deletes through the shared batching (25 a call, unprocessed items retried). */
    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> deletes = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> key : keys) {
            deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        }
        Batches.write(dynamo, table, deletes);
    }

    private TransactWriteItem deleteUser(Candidate candidate) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(userKey(candidate))
                .conditionExpression("#sel = :sel")
                .expressionAttributeNames(Map.of("#sel", TableDefinition.DEACTIVATED.sortKey()))
                .expressionAttributeValues(Map.of(":sel", s(candidate.selection())))).build();
    }

    private TransactWriteItem deleteLock(Candidate candidate, String userName) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(ResourceKind.USER.lockKey(candidate.tenant(), userName))
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", OWNER))
                .expressionAttributeValues(Map.of(":owner", s(candidate.userId())))).build();
    }

    private TransactWriteItem putMarker(Candidate candidate) {
        Map<String, AttributeValue> marker = new LinkedHashMap<>(markerKey(candidate));
        marker.put("tenant", s(candidate.tenant()));
        marker.put("id", s(candidate.userId()));
        marker.put("purgeStarted", s(clock.instant().toString()));
        marker.put(TableDefinition.DEACTIVATED.partitionKey(), s(Keys.DEACTIVATED_PARTITION));
        marker.put(TableDefinition.DEACTIVATED.sortKey(), s(candidate.selection()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(marker)).build();
    }

    private void deleteMarker(Candidate candidate) {
        dynamo.deleteItem(b -> b.tableName(table).key(markerKey(candidate)));
    }

    private static Map<String, AttributeValue> userKey(Candidate candidate) {
        return ResourceKind.USER.key(candidate.tenant(), candidate.userId());
    }

    private static String pk(Candidate candidate) {
        return ResourceKind.USER.partitionKey(candidate.tenant(), candidate.userId());
    }

    private static Map<String, AttributeValue> markerKey(Candidate candidate) {
        return Keys.key(pk(candidate), MARKER_SORT_KEY);
    }

    private enum Failure { NONE, USER, LOCK }

    /**
     * Runs the transaction; a cancellation for a conflict with another in-flight transaction (nobody
     * won yet) is retried, a failed condition is the answer: which item's condition failed.
     */
    private Failure transact(List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return Failure.NONE;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (conditionFailed(reasons, 0)) {
                    return Failure.USER;
                }
                if (conditionFailed(reasons, 1)) {
                    return Failure.LOCK;
                }
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static boolean conditionFailed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 10L << Math.min(attempt, 8)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
