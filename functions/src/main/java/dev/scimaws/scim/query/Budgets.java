package dev.scimaws.scim.query;

/**
 * Every bound on the work of one request, in one place: advertised in ServiceProviderConfig where SCIM has a
 * field for it, and documented in docs/scale.md. None of them depends on the tenant's size.
 */
public final class Budgets {

    /**
     * Resources a filter that no index answers may read per request (a bounded scan in list order). Under
     * index paging a tenant with more is refused with 400 tooMany; under cursor paging each page reads at most
     * this many and says where to go on.
     */
    public static final int SCAN_ITEMS = 1_000;

    /** Lookups an {@code or} of indexed equalities may fan out to before it is scanned instead. */
    public static final int UNION_LOOKUPS = 10;

    /**
     * How far a {@code startIndex} may reach without the position the previous page left (index entries
     * counted, not read): deeper pages need the page before them read in the last 15 minutes, or cursors.
     */
    public static final int SKIP_ITEMS = 10_000;

    /**
     * Group members one list response carries at most: a page holds fewer groups when their members would
     * pass it (itemsPerPage says how many), but always at least one group.
     */
    public static final int LIST_MEMBERS = 5_000;

    /** Member additions and removals one PATCH (or PUT, or POST) may carry: over it, 400 tooMany before any write. */
    public static final int MEMBER_CHANGES = 1_000;

    private Budgets() {}
}
