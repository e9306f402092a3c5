package dev.scimaws.store;

/**
 * What differs between users and groups in storage: key codes, the name attribute (with a name item per
 * resource, read consistently: unique per tenant, case-insensitively, for users; shared by any number of
 * groups, as RFC 7643 and Entra allow) and whether deactivation is tracked for the purge.
 */
public enum ResourceKind {
    USER("U", "USER", "UN", "userName", true, true),
    GROUP("G", "GROUP", "GN", "displayName", false, false);

    final String itemCode;
    final String listType;
    final String lockCode;
    final String uniqueAttribute;
    final boolean tracksDeactivation;
    /** One lock item per name (sort key = the lock code) when unique; else one name item per resource. */
    final boolean uniqueName;

    ResourceKind(String itemCode, String listType, String lockCode, String uniqueAttribute, boolean tracksDeactivation,
                 boolean uniqueName) {
        this.uniqueName = uniqueName;
        this.itemCode = itemCode;
        this.listType = listType;
        this.lockCode = lockCode;
        this.uniqueAttribute = uniqueAttribute;
        this.tracksDeactivation = tracksDeactivation;
    }

    String partitionKey(String tenant, String id) {
        return Keys.tenant(tenant) + itemCode + "#" + id;
    }

    java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key(String tenant, String id) {
        return Keys.key(partitionKey(tenant, id), itemCode);
    }

    java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> lockKey(String tenant, String value) {
        return Keys.key(namePartition(tenant, value), lockCode);
    }

    /** The name item of resource {@code id}: a lock (unique names) or one of the name's items (shared names). */
    java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> nameKey(String tenant, String value,
                                                                                                String id) {
        return uniqueName ? lockKey(tenant, value) : Keys.key(namePartition(tenant, value), lockCode + "#" + id);
    }

    String namePartition(String tenant, String value) {
        return Keys.tenant(tenant) + lockCode + "#" + Keys.fold(value);
    }
}
