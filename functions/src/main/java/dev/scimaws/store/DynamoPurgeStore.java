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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *       deletes user, lock and memberships together, puts the deletion tombstone and takes 1 off the tenant's
 *       user count ({@link Counters}). Nothing can be left half done.</li>
 *   <li>More memberships do not fit in one transaction (100 actions). The transaction then deletes user
 *       and lock and puts a marker item ({@code SK = PURGING}) in the user's partition that carries the
 *       same {@code GSI4PK/GSI4SK}, so it stays in the deactivated index, still older than any cutoff
 *       that selected the user. Then BatchWriteItem deletes the memberships, and last the marker. A run
 *       interrupted in between leaves the marker; the next run selects it and finishes (memberships,
 *       then marker). Every step is idempotent.</li>
 * </ul>
 * Deleting memberships first would also be resumable (the user stays selectable), but a reactivation
 * in between would leave a live user stripped of its groups: the race would be lost half-way.
 *
 * <h2>Several users per transaction</h2>
 * {@link #purgeAll} puts as many users of the first kind as fit (3 + m actions each, plus one counter change
 * per tenant, at most 100) into one transaction. Every user's delete keeps its own conditions, so the guarantee is the same: a user
 * reactivated meanwhile fails its condition, the transaction is cancelled as a whole (nothing of anyone is
 * deleted), the cancellation reasons say whose condition failed, and the others are sent again without it.
 */
public final class DynamoPurgeStore implements PurgeStore {

    /**
     * 100 actions per transaction: user, lock, the deletion tombstone (for the events), the users counter and
     * up to 96 memberships.
     */
    static final int MEMBERSHIPS_IN_TRANSACTION = 96;
    static final int ACTIONS_PER_TRANSACTION = 100;
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
        return purge(target, null);
    }

    /** @param memberships the user's membership keys when already read, else null */
    private Outcome purge(Target target, List<Map<String, AttributeValue>> memberships) {
        Candidate candidate = target.candidate();
        if (candidate.unfinished()) {
            deleteAll(membershipKeys(candidate));
            deleteMarker(candidate);
            return Outcome.PURGED;
        }
        if (target.userName() == null) {
            return Outcome.NO_LONGER_SELECTED;
        }
        Failure failure = memberships == null ? deleteWithMemberships(candidate, target.userName())
                : deleteWithMemberships(candidate, target.userName(), memberships);
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
        return deleteWithMemberships(candidate, userName, membershipKeys(candidate));
    }

    private Failure deleteWithMemberships(Candidate candidate, String userName, List<Map<String, AttributeValue>> memberships) {
        boolean inOneTransaction = memberships.size() <= MEMBERSHIPS_IN_TRANSACTION;
        List<TransactWriteItem> writes = new ArrayList<>();
        addUserDeletes(writes, candidate, userName, inOneTransaction ? memberships : List.of());
        if (!inOneTransaction) {
            writes.add(putMarker(candidate));
        }
        writes.add(Counters.change(table, candidate.tenant(), ResourceKind.USER, -1));
        Failure failure = transact(writes);
        if (failure == Failure.NONE && !inOneTransaction) {
            deleteAll(memberships);
            deleteMarker(candidate);
        }
        return failure;
    }

    /** A user that fits a shared transaction, with what it needs there. */
    private record Batched(int index, Target target, List<Map<String, AttributeValue>> memberships) {
        /** User, lock, tombstone and memberships; the tenant's counter change is counted apart. */
        int actions() {
            return 3 + memberships.size();
        }

        String tenant() {
            return target.candidate().tenant();
        }
    }

    /**
     * Per user one Query for its memberships (as {@link #purge}); then the users whose memberships fit are
     * deleted together, up to {@value #ACTIONS_PER_TRANSACTION} actions per TransactWriteItems, one counter
     * change per tenant in it included. Unfinished
     * candidates, users with more memberships, and users that meet a rename race go through {@link #purge}.
     */
    @Override
    public List<Result> purgeAll(List<Target> targets) {
        Result[] results = new Result[targets.size()];
        List<Batched> group = new ArrayList<>();
        Set<String> tenants = new HashSet<>();
        int actions = 0;
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (target.candidate().unfinished() || target.userName() == null) {
                results[i] = alone(target);
                continue;
            }
            List<Map<String, AttributeValue>> memberships;
            try {
                memberships = membershipKeys(target.candidate());
            } catch (RuntimeException e) {
                results[i] = Result.failed(e);
                continue;
            }
            if (memberships.size() > MEMBERSHIPS_IN_TRANSACTION) {
                try {
                    results[i] = Result.of(purge(target, memberships));
                } catch (RuntimeException e) {
                    results[i] = Result.failed(e);
                }
                continue;
            }
            Batched user = new Batched(i, target, memberships);
            if (actions + user.actions() + (tenants.contains(user.tenant()) ? 0 : 1) > ACTIONS_PER_TRANSACTION) {
                deleteTogether(group, results);
                group = new ArrayList<>();
                tenants.clear();
                actions = 0;
            }
            if (tenants.add(user.tenant())) {
                actions++; // the tenant's counter change
            }
            group.add(user);
            actions += user.actions();
        }
        if (!group.isEmpty()) {
            deleteTogether(group, results);
        }
        return List.of(results);
    }

    private Result alone(Target target) {
        try {
            return Result.of(purge(target));
        } catch (RuntimeException e) {
            return Result.failed(e);
        }
    }

    /**
     * One transaction for the whole group; after a cancellation, the users whose own condition failed are
     * decided (user item: no longer selected; lock: a rename raced, so {@link #purge} reads again) and the
     * others are sent again at once; a cancellation without a failed condition (a conflict) is retried after
     * a back-off. An error that names no user sends each user through {@link #purge}, so failures stay per user.
     * Each attempt takes the users it deletes off their tenants' counts: one counter change per tenant (two
     * changes of one item in a transaction are refused), after all user actions so a user's actions keep
     * their positions in the cancellation reasons.
     */
    private void deleteTogether(List<Batched> group, Result[] results) {
        List<Batched> remaining = group;
        for (int attempt = 1; !remaining.isEmpty(); ) {
            List<TransactWriteItem> writes = new ArrayList<>();
            int[] starts = new int[remaining.size()];
            for (int k = 0; k < remaining.size(); k++) {
                Batched user = remaining.get(k);
                starts[k] = writes.size();
                addUserDeletes(writes, user.target().candidate(), user.target().userName(), user.memberships());
            }
            Map<String, Long> deletedPerTenant = new LinkedHashMap<>();
            remaining.forEach(user -> deletedPerTenant.merge(user.tenant(), 1L, Long::sum));
            deletedPerTenant.forEach((tenant, deleted) -> writes.add(Counters.change(table, tenant, ResourceKind.USER, -deleted)));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                remaining.forEach(user -> results[user.index()] = Result.of(Outcome.PURGED));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                List<Batched> again = new ArrayList<>();
                for (int k = 0; k < remaining.size(); k++) {
                    Batched user = remaining.get(k);
                    if (conditionFailed(reasons, starts[k])) {
                        results[user.index()] = Result.of(Outcome.NO_LONGER_SELECTED);
                    } else if (conditionFailed(reasons, starts[k] + 1)) {
                        results[user.index()] = alone(user.target());
                    } else {
                        again.add(user);
                    }
                }
                if (again.size() == remaining.size()) {
                    if (attempt >= ATTEMPTS) {
                        again.forEach(user -> results[user.index()] = Result.failed(e));
                        return;
                    }
                    backOff(attempt++);
                }
                remaining = again;
            } catch (RuntimeException e) {
                remaining.forEach(user -> results[user.index()] = alone(user.target()));
                return;
            }
        }
    }

    /**
     * User (conditioned on the selection), userName lock (conditioned on its owner), the deletion tombstone
     * (for the events), memberships, in this order: the cancellation reasons are read by position.
     */
    private void addUserDeletes(List<TransactWriteItem> writes, Candidate candidate, String userName,
            List<Map<String, AttributeValue>> memberships) {
        writes.add(deleteUser(candidate));
        writes.add(deleteLock(candidate, userName));
        writes.add(Tombstones.put(table, ResourceKind.USER, candidate.tenant(), candidate.userId(), Deletion.PURGE, clock.instant()));
        memberships.forEach(key -> writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build()));
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
