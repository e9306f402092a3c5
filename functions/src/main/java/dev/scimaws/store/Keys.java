package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key builders. Every tenant-owned key starts with {@code T#<tenant>#}, so no request scoped to one
 * tenant can address another tenant's items. Tenant ids cannot contain '#' (see Tokens).
 */
final class Keys {

    static final String TOKEN_PREFIX = TableDefinition.TOKEN_KEY_PREFIX;
    /** The one partition of the sparse deactivated-users index, across tenants. */
    static final String DEACTIVATED_PARTITION = TableDefinition.DEACTIVATED_PARTITION;

    /** DynamoDB's limit for a partition key value (table and index keys alike). */
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    /**
     * The longest name, externalId or id accepted, in UTF-8 bytes: what always fits a partition key
     * beside the longest prefix ({@code T#<64-char tenant>#USER#X#}), stated as a round number.
     */
    static final int MAX_VALUE_BYTES = 1900;

    /** Whether {@code value} can be a partition key: DynamoDB rejects longer ones with a ValidationException. */
    static boolean fitsPartitionKey(String value) {
        return value.length() * 3 <= MAX_PARTITION_KEY_BYTES
                || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_PARTITION_KEY_BYTES;
    }

    /** Whether a name or externalId is short enough to be written into a key ({@link #MAX_VALUE_BYTES}). */
    static boolean fitsValue(String value) {
        return value.length() * 3 <= MAX_VALUE_BYTES
                || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_VALUE_BYTES;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(TableDefinition.PARTITION_KEY, s(pk), TableDefinition.SORT_KEY, s(sk));
    }

    static Map<String, AttributeValue> token(String hash) {
        return key(TOKEN_PREFIX + hash, "K");
    }

    static String tenant(String tenant) {
        return TableDefinition.TENANT_KEY_PREFIX + tenant + "#";
    }

    static String tenantTypePartition(String tenant, String type) {
        return tenant(tenant) + type;
    }

    static String externalIdPartition(String tenant, String type, String externalId) {
        return tenant(tenant) + type + "#X#" + externalId;
    }

    /** The partition holding a tenant's custom extension schemas, one item each. */
    static String extensionSchemas(String tenant) {
        return tenant(tenant) + "SCHEMAS";
    }

    /** Schema URNs compare ignoring case, so the sort key folds them. */
    static Map<String, AttributeValue> extensionSchema(String tenant, String urn) {
        return key(extensionSchemas(tenant), "X#" + fold(urn));
    }

    /** Sort-key prefix of membership items in a group's partition. */
    static final String MEMBER_PREFIX = "M#";

    /**
     * One membership: {@code PK = T#<tenant>#G#<groupId>}, {@code SK = M#<userId>}, so a group and its
     * members are one partition and a member is added or removed by key, without reading the others.
     */
    static Map<String, AttributeValue> membership(String tenant, String groupId, String userId) {
        return key(ResourceKind.GROUP.partitionKey(tenant, groupId), MEMBER_PREFIX + userId);
    }

    /** A membership's partition in the {@code byMember} index ({@code GSI3PK}): the user's groups. */
    static String memberPartition(String tenant, String userId) {
        return tenant(tenant) + "MEMBER#" + userId;
    }

    /** Case-insensitive uniqueness (RFC 7643 caseExact=false) through a locale-independent fold. */
    static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private Keys() {}
}
