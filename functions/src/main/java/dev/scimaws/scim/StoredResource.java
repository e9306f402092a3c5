package dev.scimaws.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A resource as stored: the SCIM attributes ({@code body}, without id, meta and schemas) plus what the
 * server owns. {@code deactivatedAt} is set while a user is inactive (the purge reads it).
 */
public record StoredResource(
        String id, long version, Instant created, Instant lastModified, Instant deactivatedAt, ObjectNode body) {

    public String etag() {
        return "W/\"" + version + "\"";
    }

    public String text(String attribute) {
        var node = body.get(attribute);
        return node == null || !node.isTextual() ? null : node.textValue();
    }
}
