package dev.scimaws.purge;

import dev.scimaws.scim.ScimTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** An in-memory index of deactivated users; outcomes of {@link #purge} can be scripted per user. */
final class FakePurgeStore implements PurgeStore {

    /** selection -> candidate, ordered like the index. */
    final TreeMap<String, Candidate> index = new TreeMap<>();
    final Map<String, Function<Target, Outcome>> scripted = new HashMap<>();
    final List<String> purgedIds = new ArrayList<>();
    /** The size of each batch the purger handed over. */
    final List<Integer> batches = new ArrayList<>();

    @Override
    public List<Result> purgeAll(List<Target> targets) {
        batches.add(targets.size());
        return PurgeStore.super.purgeAll(targets);
    }
    int candidateCalls;
    int loadCalls;
    int purgeCalls;
    String lastTenantFilter;

    FakePurgeStore deactivated(String tenant, String id, Instant at) {
        String selection = ScimTime.format(at) + "#" + tenant + "#" + id;
        index.put(selection, new Candidate(tenant, id, selection, false));
        return this;
    }

    @Override
    public Page candidates(Instant deactivatedUpTo, String tenant, Map<String, String> after, int limit) {
        candidateCalls++;
        lastTenantFilter = tenant;
        String bound = ScimTime.format(deactivatedUpTo) + "$";
        var view = after == null ? index.headMap(bound, false) : index.subMap(after.get("sel"), false, bound, false);
        List<Candidate> page = new ArrayList<>();
        String last = null;
        int examined = 0;
        // DynamoDB applies Limit to the items it reads, before the tenant filter: a page may hold fewer
        for (var entry : view.entrySet()) {
            if (examined == limit) {
                break;
            }
            examined++;
            last = entry.getKey();
            if (tenant == null || tenant.equals(entry.getValue().tenant())) {
                page.add(entry.getValue());
            }
        }
        boolean more = last != null && !view.tailMap(last, false).isEmpty();
        return new Page(page, more ? Map.of("sel", last) : null);
    }

    @Override
    public List<Target> load(List<Candidate> candidates) {
        loadCalls++;
        return candidates.stream().map(c -> new Target(c, "user-" + c.userId())).toList();
    }

    @Override
    public Outcome purge(Target target) {
        purgeCalls++;
        Outcome outcome = scripted.getOrDefault(target.candidate().userId(), t -> Outcome.PURGED).apply(target);
        if (outcome == Outcome.PURGED) {
            index.remove(target.candidate().selection());
            purgedIds.add(target.candidate().userId());
        }
        return outcome;
    }
}
