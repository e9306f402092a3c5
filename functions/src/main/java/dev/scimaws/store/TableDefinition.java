package dev.scimaws.store;

import java.util.List;

/**
 * The single table's key schema and secondary indexes, defined once. The test harness, the local API
 * and the CDK stack all build the table from this description, so none of them can drift.
 */
public final class TableDefinition {

    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    /** Epoch seconds; DynamoDB TTL removes short-lived items (paging cursors) after this time. */
    public static final String TIME_TO_LIVE_ATTRIBUTE = "expiresAt";
    /**
     * The table's DynamoDB stream carries both images: the events function needs the old one to tell what
     * changed, and a REMOVE record carries only the old one.
     */
    public static final String STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES";

    public enum Projection { ALL, KEYS_ONLY }

    /** A global secondary index with string partition and sort keys. */
    public record Index(String name, String partitionKey, String sortKey, Projection projection) {}

    /** Per tenant and resource type, ordered by creation: stable paging that appends new items at the end. */
    public static final Index BY_TYPE = new Index("byType", "GSI1PK", "GSI1SK", Projection.ALL);
    /** Users and groups by externalId (case-exact, as RFC 7643 defines it). */
    public static final Index BY_EXTERNAL_ID = new Index("byExternalId", "GSI2PK", "GSI2SK", Projection.ALL);
    /** Inverse of the membership items: a user's groups. */
    public static final Index BY_MEMBER = new Index("byMember", "GSI3PK", "GSI3SK", Projection.KEYS_ONLY);
    /** Sparse: deactivated users ordered by deactivation time, across tenants, for the purge. */
    public static final Index DEACTIVATED = new Index("deactivated", "GSI4PK", "GSI4SK", Projection.KEYS_ONLY);

    public static final List<Index> INDEXES = List.of(BY_TYPE, BY_EXTERNAL_ID, BY_MEMBER, DEACTIVATED);

    /**
     * How partition keys start, on the table and on every index: {@code T#<tenant>#...} for everything a
     * tenant owns, {@code K#<sha256>} for tokens, and the one cross-tenant partition of {@link #DEACTIVATED}.
     * The stack's IAM conditions on {@code dynamodb:LeadingKeys} are built from these.
     */
    public static final String TENANT_KEY_PREFIX = "T#";
    public static final String TOKEN_KEY_PREFIX = "K#";
    public static final String DEACTIVATED_PARTITION = "DEACTIVATED";

    private TableDefinition() {}
}
