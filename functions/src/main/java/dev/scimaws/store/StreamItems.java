package dev.scimaws.store;

import dev.scimaws.events.TableItem;
import dev.scimaws.events.TableItem.Deletion;
import dev.scimaws.events.TableItem.ResourceType;
import dev.scimaws.scim.Json;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads stream images of the single table. A whitelist of key shapes: user and group items
 * ({@code T#t#U#id / U}, {@code T#t#G#id / G}), memberships ({@code T#t#G#gid / M#uid}) and deletion
 * tombstones ({@code T#t#U#id / DEL}, {@code T#t#G#id / DEL}). Anything else, whatever kind of item is
 * added to the table later, reads as null and so never becomes an event.
 */
public final class StreamItems {

    private StreamItems() {}

    /** @return the item, or null when the image is absent or not one of the kinds above */
    public static TableItem read(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        String pk = text(image, TableDefinition.PARTITION_KEY);
        String sk = text(image, TableDefinition.SORT_KEY);
        if (pk == null || sk == null || !pk.startsWith("T#")) {
            return null;
        }
        int tenantEnd = pk.indexOf('#', 2);
        if (tenantEnd < 0) {
            return null;
        }
        String tenant = pk.substring(2, tenantEnd);
        String rest = pk.substring(tenantEnd + 1);
        int codeEnd = rest.indexOf('#');
        if (codeEnd < 0) {
            return null;
        }
        String code = rest.substring(0, codeEnd);
        String id = rest.substring(codeEnd + 1);
        ResourceType type = code.equals(ResourceKind.USER.itemCode) ? ResourceType.USER
                : code.equals(ResourceKind.GROUP.itemCode) ? ResourceType.GROUP : null;
        if (type == null || id.isEmpty() || id.indexOf('#') >= 0) {
            return null;
        }
        if (sk.equals(code)) {
            return new TableItem.Resource(type, tenant, id,
                    Long.parseLong(image.get(DynamoResourceStore.VERSION).n()),
                    Instant.parse(text(image, DynamoResourceStore.MODIFIED)),
                    text(image, DynamoResourceStore.MODIFIED_BY),
                    Json.parseStored(text(image, DynamoResourceStore.DOC)));
        }
        if (sk.equals(Tombstones.SORT_KEY)) {
            return new TableItem.Tombstone(type, tenant, id, Deletion.of(text(image, Tombstones.REASON)),
                    text(image, DynamoResourceStore.MODIFIED_BY), Instant.parse(text(image, Tombstones.DELETED_AT)));
        }
        if (type == ResourceType.GROUP && sk.startsWith(Keys.MEMBER_PREFIX) && sk.length() > Keys.MEMBER_PREFIX.length()) {
            return new TableItem.Membership(tenant, id, sk.substring(Keys.MEMBER_PREFIX.length()),
                    text(image, DynamoResourceStore.MODIFIED_BY));
        }
        return null;
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.s();
    }
}
