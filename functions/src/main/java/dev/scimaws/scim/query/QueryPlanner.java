package dev.scimaws.scim.query;

import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.OrFilter;
import dev.scimaws.scim.Filters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the plan of a list request, for Users and Groups alike: index-backed where the filter allows it (an
 * {@code eq} on id, the name attribute or externalId; an {@code or} of those as a union of lookups; an
 * {@code and} through its most selective indexed conjunct), else a scan bounded by {@link Budgets#SCAN_ITEMS}.
 * The whole filter is always evaluated on the candidates afterwards, so a plan only narrows, never decides.
 */
public final class QueryPlanner {

    private QueryPlanner() {}

    /**
     * @param filter the parsed filter, or null for none
     * @param nameAttribute the resource type's unique name ({@code userName}, {@code displayName}), any case
     */
    public static Plan plan(Filter filter, String nameAttribute) {
        if (filter == null) {
            return new Plan.Ordered();
        }
        Optional<List<Plan.Lookup>> lookups = lookups(filter, nameAttribute.toLowerCase(Locale.ROOT));
        if (lookups.isPresent() && lookups.get().size() <= Budgets.UNION_LOOKUPS) {
            List<Plan.Lookup> distinct = new ArrayList<>(new LinkedHashSet<>(lookups.get()));
            return distinct.size() == 1 ? distinct.get(0) : new Plan.Union(distinct);
        }
        return new Plan.BoundedScan(Budgets.SCAN_ITEMS);
    }

    /** The lookups whose results contain every match of {@code filter}, if there are such. */
    private static Optional<List<Plan.Lookup>> lookups(Filter filter, String name) {
        if (filter instanceof EqualFilter equal && name.equals("username")) {
            Optional<String> group = Filters.memberOf(equal);
            if (group.isPresent()) {
                return Optional.of(List.of(new Plan.Lookup(Plan.Key.GROUP_MEMBERS, group.get())));
            }
        }
        if (filter instanceof EqualFilter equal) {
            return Filters.indexedEquality(equal, List.of("id", name, "externalid"))
                    .map(found -> List.of(new Plan.Lookup(key(found.attribute(), name), found.value())));
        }
        if (filter instanceof OrFilter or) {
            List<Plan.Lookup> union = new ArrayList<>();
            for (Filter component : or.getCombinedFilters()) {
                Optional<List<Plan.Lookup>> part = lookups(component, name);
                if (part.isEmpty()) {
                    return Optional.empty(); // one unindexed alternative can match anything
                }
                union.addAll(part.get());
            }
            return Optional.of(union);
        }
        if (filter instanceof AndFilter and) {
            Optional<List<Plan.Lookup>> best = Optional.empty();
            for (Filter component : and.getCombinedFilters()) {
                Optional<List<Plan.Lookup>> part = lookups(component, name);
                boolean members = part.isPresent() && part.get().get(0).key() == Plan.Key.GROUP_MEMBERS;
                if (members) {
                    return part; // the only plan under which a candidate's membership is known without a read
                }
                if (part.isPresent() && (best.isEmpty() || narrower(part.get(), best.get()))) {
                    best = part;
                }
            }
            return best;
        }
        return Optional.empty();
    }

    /** Fewer lookups first; for one each, a unique key (id, name) over externalId, which several may share. */
    private static boolean narrower(List<Plan.Lookup> candidate, List<Plan.Lookup> current) {
        if (candidate.size() != current.size()) {
            return candidate.size() < current.size();
        }
        return candidate.size() == 1 && current.get(0).key() == Plan.Key.EXTERNAL_ID
                && candidate.get(0).key() != Plan.Key.EXTERNAL_ID;
    }

    private static Plan.Key key(String attribute, String name) {
        if (attribute.equals("id")) {
            return Plan.Key.ID;
        }
        return attribute.equals(name) ? Plan.Key.NAME : Plan.Key.EXTERNAL_ID;
    }
}
