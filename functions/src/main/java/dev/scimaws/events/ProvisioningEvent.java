package dev.scimaws.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event for the bus: {@code detailType} and {@code detail} exactly as put; {@code sequenceNumber} is
 * the earliest stream record it came from (the one to report when it cannot be published).
 */
public record ProvisioningEvent(String detailType, ObjectNode detail, String sequenceNumber) {

    /** The EventBridge {@code source} of every event. */
    public static final String SOURCE = "scim-aws";
    /** Detail schema version: changes only by adding optional fields; a breaking change is a new major. */
    public static final String SCHEMA_VERSION = "1.0";

    public static final String USER_CREATED = "User Created";
    public static final String USER_UPDATED = "User Updated";
    public static final String USER_DEACTIVATED = "User Deactivated";
    public static final String USER_REACTIVATED = "User Reactivated";
    public static final String USER_DELETED = "User Deleted";
    public static final String GROUP_CREATED = "Group Created";
    public static final String GROUP_UPDATED = "Group Updated";
    public static final String GROUP_DELETED = "Group Deleted";
    public static final String GROUP_MEMBERS_CHANGED = "Group Members Changed";
}
