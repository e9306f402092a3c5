package dev.scimaws.scim.query;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.ListParameters;
import dev.scimaws.scim.ResourceStore;
import dev.scimaws.scim.ResourceStore.Position;
import dev.scimaws.scim.StoredResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link Plan} against a {@link ResourceStore} under index or cursor paging. What each costs (stated
 * in docs/scale.md and asserted by ScaleIT at two tenant sizes):
 * <ul>
 *   <li>{@link Plan.Ordered}, index paging: the count (1 BatchGetItem, or the total the previous page left
 *       with its position: 1 GetItem), 1 Query of the page, 1 PutItem leaving the next page's position. A
 *       {@code startIndex} without such a position skips by counting at most {@link Budgets#SKIP_ITEMS}
 *       index entries; deeper is a 400 {@code tooMany} that points to cursors.</li>
 *   <li>{@link Plan.Ordered}, cursor paging: the count and 1 Query.</li>
 *   <li>{@link Plan.Lookup} / {@link Plan.Union}: the lookups (1 or 2 GetItem, or 1 Query, each).</li>
 *   <li>{@link Plan.BoundedScan}: at most {@link Budgets#SCAN_ITEMS} resources (and 4 MB) read. Under index
 *       paging a tenant with more is refused with 400 {@code tooMany} naming the filters served at any size
 *       (never a partial answer); under cursor paging a page may carry fewer than {@code count} matches and
 *       a {@code nextCursor}, and {@code totalResults} is left out (unknown without reading everything).</li>
 * </ul>
 */
public final class QueryRunner {

    /** Whether a candidate matches the whole filter. */
    public interface Evaluator {
        boolean matches(StoredResource candidate) throws ScimException;
    }

    /** How many resources of a page (in order) the response can carry: at least one of a non-empty page. */
    public interface PageCut {
        int keep(List<StoredResource> page) throws ScimException;
    }

    public static final PageCut WHOLE_PAGE = List::size;

    /** The answer: {@code totalResults} null when unknown (a scan under cursor paging). */
    public record Result(Long totalResults, List<StoredResource> resources, String nextCursor) {}

    private final ResourceStore store;
    private final String tenant;
    private final String resourcesName;

    /** @param resourcesName how messages name the resources ("users", "groups") */
    public QueryRunner(ResourceStore store, String tenant, String resourcesName) {
        this.store = store;
        this.tenant = tenant;
        this.resourcesName = resourcesName;
    }

    /**
     * @param fingerprint {@link Cursors#fingerprint} of the request's query, binding the cursors it issues
     */
    public Result run(Plan plan, ListParameters paging, String fingerprint, Evaluator evaluator, PageCut cut)
            throws ScimException {
        return switch (plan) {
            case Plan.Ordered ordered -> paging.cursorPaging() ? orderedByCursor(paging, fingerprint, cut) : ordered(paging, cut);
            case Plan.Lookup lookup -> matches(lookup(List.of(lookup)), evaluator, paging, fingerprint, cut);
            case Plan.Union union -> matches(lookup(union.lookups()), evaluator, paging, fingerprint, cut);
            case Plan.BoundedScan scan -> paging.cursorPaging()
                    ? scanByCursor(scan, paging, fingerprint, evaluator, cut)
                    : matches(scanWhole(scan), evaluator, paging, fingerprint, cut);
        };
    }

    private Result ordered(ListParameters paging, PageCut cut) throws ScimException {
        if (paging.count() == 0) {
            return new Result(store.count(tenant), List.of(), null);
        }
        int startIndex = paging.startIndex();
        Position start = null;
        long total;
        if (startIndex > 1) {
            Optional<ResourceStore.Remembered> remembered = store.remembered(tenant, startIndex);
            if (remembered.isPresent()) {
                start = remembered.get().position();
                total = remembered.get().total();
            } else {
                total = store.count(tenant);
                if (startIndex > total) {
                    return new Result(total, List.of(), null);
                }
                if (startIndex - 1 > Budgets.SKIP_ITEMS) {
                    throw BadRequestException.tooMany("startIndex " + startIndex + " is deeper than "
                            + (Budgets.SKIP_ITEMS + 1) + " and no page before it was read in the last 15 minutes: page "
                            + "sequentially from startIndex=1 (each page leaves the position of the next), or use cursor "
                            + "paging (cursor=, then nextCursor), which costs the same at any depth.");
                }
                Optional<Position> skipped = store.skip(tenant, startIndex - 1);
                if (skipped.isEmpty()) {
                    return new Result(total, List.of(), null);
                }
                start = skipped.get();
            }
        } else {
            total = store.count(tenant);
        }
        ResourceStore.Slice slice = store.list(tenant, start, paging.count());
        List<StoredResource> kept = cut(slice.resources(), cut);
        if (!kept.isEmpty() && (slice.more() || kept.size() < slice.resources().size())) {
            store.remember(tenant, startIndex + kept.size(), Position.of(kept.get(kept.size() - 1)), total);
        }
        return new Result(total, kept, null);
    }

    private Result orderedByCursor(ListParameters paging, String fingerprint, PageCut cut) throws ScimException {
        Cursors.Target target = Cursors.decode(paging.cursor(), fingerprint);
        long total = store.count(tenant);
        if (paging.count() == 0) {
            return new Result(total, List.of(), null);
        }
        ResourceStore.Slice slice = store.list(tenant, target.position(), paging.count());
        List<StoredResource> kept = cut(slice.resources(), cut);
        boolean more = slice.more() || kept.size() < slice.resources().size();
        return new Result(total, kept, more && !kept.isEmpty()
                ? Cursors.after(fingerprint, Position.of(kept.get(kept.size() - 1))) : null);
    }

    /** The lookups' results, each resource once, in list order. */
    private List<StoredResource> lookup(List<Plan.Lookup> lookups) throws BadRequestException {
        Map<String, StoredResource> found = new LinkedHashMap<>();
        for (Plan.Lookup lookup : lookups) {
            List<StoredResource> results = switch (lookup.key()) {
                case ID -> store.get(tenant, lookup.value()).stream().toList();
                case NAME -> store.findAllByName(tenant, lookup.value());
                case EXTERNAL_ID -> store.findByExternalId(tenant, lookup.value());
                case GROUP_MEMBERS -> members(lookup.value());
            };
            results.forEach(resource -> found.putIfAbsent(resource.id(), resource));
        }
        List<StoredResource> ordered = new ArrayList<>(found.values());
        ordered.sort(Comparator.comparing(StoredResource::created).thenComparing(StoredResource::id));
        return ordered;
    }

    /** A group's members as candidates, up to {@link Budgets#SCAN_ITEMS}; a larger group is refused, not cut. */
    private List<StoredResource> members(String groupId) throws BadRequestException {
        List<StoredResource> members = store.findByGroup(tenant, groupId, Budgets.SCAN_ITEMS);
        if (members.size() > Budgets.SCAN_ITEMS) {
            throw BadRequestException.tooMany("The group has more than " + Budgets.SCAN_ITEMS + " members, the most a "
                    + "groups.value filter reads; read its members from GET /Groups/" + groupId + " instead.");
        }
        return members;
    }

    /** The whole list if it fits the budget; else the filter is refused rather than answered in part. */
    private List<StoredResource> scanWhole(Plan.BoundedScan scan) throws BadRequestException {
        ResourceStore.Slice slice = store.list(tenant, null, scan.budget());
        if (slice.more()) {
            throw tooMany(scan);
        }
        return slice.resources();
    }

    /** Exact answers over a bounded candidate list: totalResults is the number of matches. */
    private Result matches(List<StoredResource> candidates, Evaluator evaluator, ListParameters paging,
                           String fingerprint, PageCut cut) throws ScimException {
        List<StoredResource> matching = new ArrayList<>();
        for (StoredResource candidate : candidates) {
            if (evaluator.matches(candidate)) {
                matching.add(candidate);
            }
        }
        long total = matching.size();
        int from;
        if (paging.cursorPaging()) {
            Cursors.Target target = Cursors.decode(paging.cursor(), fingerprint);
            if (target.position() != null) {
                throw new BadRequestException("The cursor is not one this query issued.", Cursors.INVALID_CURSOR);
            }
            from = (int) Math.min(total, target.offset());
        } else {
            from = (int) Math.min(total, paging.startIndex() - 1L);
        }
        int to = (int) Math.min(total, (long) from + paging.count());
        List<StoredResource> kept = cut(matching.subList(from, to), cut);
        String next = paging.cursorPaging() && from + kept.size() < total && !kept.isEmpty()
                ? Cursors.offset(fingerprint, from + kept.size()) : null;
        return new Result(total, kept, next);
    }

    private Result scanByCursor(Plan.BoundedScan scan, ListParameters paging, String fingerprint, Evaluator evaluator,
                                PageCut cut) throws ScimException {
        Cursors.Target target = Cursors.decode(paging.cursor(), fingerprint);
        if (target.offset() != 0) {
            throw new BadRequestException("The cursor is not one this query issued.", Cursors.INVALID_CURSOR);
        }
        if (paging.count() == 0) {
            return new Result(null, List.of(), null); // the number of matches is unknown without a full read
        }
        ResourceStore.Slice slice = store.list(tenant, target.position(), scan.budget());
        List<StoredResource> matching = new ArrayList<>();
        StoredResource lastExamined = null;
        boolean moreToExamine = slice.more();
        List<StoredResource> candidates = slice.resources();
        for (int i = 0; i < candidates.size() && matching.size() < paging.count(); i++) {
            lastExamined = candidates.get(i);
            if (evaluator.matches(lastExamined)) {
                matching.add(lastExamined);
            }
            if (i < candidates.size() - 1 && matching.size() == paging.count()) {
                moreToExamine = true;
            }
        }
        List<StoredResource> kept = cut(matching, cut);
        Position resume = null;
        if (kept.size() < matching.size()) {
            resume = Position.of(kept.get(kept.size() - 1));
        } else if (moreToExamine && lastExamined != null) {
            resume = Position.of(lastExamined);
        }
        return new Result(null, kept, resume == null ? null : Cursors.after(fingerprint, resume));
    }

    private static List<StoredResource> cut(List<StoredResource> page, PageCut cut) throws ScimException {
        if (page.isEmpty()) {
            return page;
        }
        int keep = Math.max(1, Math.min(page.size(), cut.keep(page)));
        return keep == page.size() ? page : List.copyOf(page.subList(0, keep));
    }

    private BadRequestException tooMany(Plan.BoundedScan scan) {
        return BadRequestException.tooMany("This filter is answered by reading " + resourcesName + " in order, and "
                + "there are more than " + scan.budget() + ", the most one request reads. Served at any size: 'eq' on id, "
                + "the name or externalId; an 'or' of up to " + Budgets.UNION_LOOKUPS + " of those; an 'and' with one of "
                + "them. Or page this filter with cursors (cursor=, then nextCursor): each page reads at most "
                + scan.budget() + " " + resourcesName + " and may carry fewer matches than count.");
    }
}
