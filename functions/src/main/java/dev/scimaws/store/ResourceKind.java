package dev.scimaws.store;

/**
 * What differs between users and groups in storage: key codes, the attribute that must be unique per
 * tenant (case-insensitively) and whether deactivation is tracked for the purge.
 */
public enum ResourceKind {
    USER("U", "USER", "UN", "userName", true),
    GROUP("G", "GROUP", "GN", "displayName", false);

    final String itemCode;
    final String listType;
    final String lockCode;
    final String uniqueAttribute;
    final boolean tracksDeactivation;

    ResourceKind(String itemCode, String listType, String lockCode, String uniqueAttribute, boolean tracksDeactivation) {
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
        return Keys.key(Keys.tenant(tenant) + lockCode + "#" + Keys.fold(value), lockCode);
    }
}
