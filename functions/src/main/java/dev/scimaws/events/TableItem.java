package dev.scimaws.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What a stream image can be, once the store has recognised it by its key shape. Only users, groups,
 * memberships and deletion tombstones are recognised; every other item (name locks, paging cursors,
 * counters, schemas, purge markers, tokens, and any kind added later) is not a {@code TableItem} at all,
 * so it can never become an event.
 */
public sealed interface TableItem {

    String tenant();

    /** A user or group item. {@code modifiedBy}: the token id of the writer, null when unknown. */
    record Resource(ResourceType type, String tenant, String id, long version, Instant lastModified,
                    String modifiedBy, ObjectNode body) implements TableItem {

        public String text(String attribute) {
            var node = body.get(attribute);
            return node == null || !node.isTextual() ? null : node.textValue();
        }
    }

    /** One member of one group. {@code modifiedBy} is on written items only: a REMOVE carries the old image. */
    record Membership(String tenant, String groupId, String userId, String modifiedBy) implements TableItem {}

    /**
     * Written in the same transaction as a resource's deletion, in the resource's partition (so on the same
     * stream shard, in order): why it went and who removed it. Expires after a day.
     */
    record Tombstone(ResourceType type, String tenant, String id, Deletion reason, String deletedBy, Instant at)
            implements TableItem {}

    enum ResourceType {
        USER("User", "userName"),
        GROUP("Group", "displayName");

        private final String label;
        private final String nameAttribute;

        ResourceType(String label, String nameAttribute) {
            this.label = label;
            this.nameAttribute = nameAttribute;
        }

        public String label() {
            return label;
        }

        public String nameAttribute() {
            return nameAttribute;
        }
    }

    /** How a resource was deleted: a SCIM {@code DELETE} request or the purge of deactivated users. */
    enum Deletion {
        DELETE("DELETE"),
        PURGE("purge");

        private final String value;

        Deletion(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Deletion of(String value) {
            for (Deletion deletion : values()) {
                if (deletion.value.equals(value)) {
                    return deletion;
                }
            }
            throw new IllegalArgumentException("Unknown deletion reason: " + value);
        }
    }
}
