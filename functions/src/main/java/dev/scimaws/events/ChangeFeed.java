package dev.scimaws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.events.TableItem.Deletion;
import dev.scimaws.events.TableItem.Membership;
import dev.scimaws.events.TableItem.Resource;
import dev.scimaws.events.TableItem.ResourceType;
import dev.scimaws.events.TableItem.Tombstone;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ScimTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one batch of stream changes into provisioning events, in the order of the records they come from.
 *
 * <ul>
 *   <li>A user or group item inserted, modified or removed becomes Created, Updated (Deactivated and
 *       Reactivated for users' {@code active}) or Deleted, with the changed attribute paths. A modification
 *       that changed no SCIM attribute is not an Updated event: a group's version bump for a member change
 *       ({@code touch}) supplies the Members Changed event's version and token id instead.</li>
 *   <li>A deletion takes its reason ({@code DELETE} or {@code purge}) and token id from the tombstone the
 *       store wrote in the same transaction; when the tombstone is not in this batch (Lambda split the
 *       transaction's records across two batches), the reason is left out.</li>
 *   <li>Membership items become one Group Members Changed event per group per batch, with the net added
 *       and removed user ids (at most {@value #MAX_MEMBER_IDS} ids an event). The memberships a deleted
 *       group loses are part of its Group Deleted event, not a separate one. A membership item that is only
 *       rewritten (its member's display refreshed after a user rename) is no change of members: the user's
 *       Updated event carries the rename.</li>
 *   <li>Everything else (tombstones, and every item that is not a {@link TableItem}) produces nothing.</li>
 * </ul>
 */
public final class ChangeFeed {

    /** Added plus removed ids in one Members Changed event; a bigger change is split. Keeps an entry far under 256 KB. */
    static final int MAX_MEMBER_IDS = 1000;
    /** What an event may weigh with its full resource; beyond it the resource is left out (PutEvents takes 256 KB). */
    static final int MAX_DETAIL_BYTES = 250 * 1024;

    private final boolean includeResource;

    /** @param includeResource whether events carry the full resource after the change (opt-in: it is personal data) */
    public ChangeFeed(boolean includeResource) {
        this.includeResource = includeResource;
    }

    public List<ProvisioningEvent> events(List<Change> changes) {
        Map<String, Tombstone> tombstones = new HashMap<>();
        Set<String> deletedGroups = new HashSet<>();
        for (Change change : changes) {
            if (change.after() instanceof Tombstone tombstone) {
                tombstones.put(key(tombstone.type(), tombstone.tenant(), tombstone.id()), tombstone);
            }
            if (change.before() instanceof Resource group && group.type() == ResourceType.GROUP && change.after() == null) {
                deletedGroups.add(key(ResourceType.GROUP, group.tenant(), group.id()));
            }
        }
        // Events in record order; a group's member changes take the place of its first membership record.
        List<Object> slots = new ArrayList<>();
        Map<String, MemberChanges> members = new LinkedHashMap<>();
        Map<String, Resource> latestGroups = new HashMap<>();
        for (Change change : changes) {
            TableItem before = change.before();
            TableItem after = change.after();
            if (after instanceof Resource resource) {
                if (resource.type() == ResourceType.GROUP) {
                    latestGroups.put(key(resource), resource);
                }
                if (before instanceof Resource previous) {
                    modified(previous, resource, change, slots, members);
                } else {
                    slots.add(resourceEvent(resource.type() == ResourceType.USER ? ProvisioningEvent.USER_CREATED
                            : ProvisioningEvent.GROUP_CREATED, resource, changedPaths(Json.object(), resource.body()), change));
                }
            } else if (before instanceof Resource removed && after == null) {
                slots.add(deleted(removed, tombstones.get(key(removed)), change));
            } else if (after instanceof Membership added && !(before instanceof Membership)) {
                String group = key(ResourceType.GROUP, added.tenant(), added.groupId());
                if (!deletedGroups.contains(group)) {
                    memberChanges(group, added.tenant(), added.groupId(), change, slots, members).add(added);
                }
            } else if (before instanceof Membership removed && after == null) {
                String group = key(ResourceType.GROUP, removed.tenant(), removed.groupId());
                if (!deletedGroups.contains(group)) {
                    memberChanges(group, removed.tenant(), removed.groupId(), change, slots, members).remove(removed);
                }
            }
        }
        List<ProvisioningEvent> events = new ArrayList<>();
        for (Object slot : slots) {
            if (slot instanceof ProvisioningEvent event) {
                events.add(event);
            } else if (slot instanceof MemberChanges changed) {
                events.addAll(changed.events(latestGroups.get(changed.groupKey)));
            }
        }
        return events;
    }

    private void modified(Resource previous, Resource resource, Change change, List<Object> slots,
                          Map<String, MemberChanges> members) {
        List<String> paths = changedPaths(previous.body(), resource.body());
        if (paths.isEmpty()) {
            if (resource.type() == ResourceType.GROUP) {
                String group = key(resource);
                memberChanges(group, resource.tenant(), resource.id(), change, slots, members).touched(resource);
            }
            return;
        }
        String type;
        if (resource.type() == ResourceType.GROUP) {
            type = ProvisioningEvent.GROUP_UPDATED;
        } else if (isActive(previous) && !isActive(resource)) {
            type = ProvisioningEvent.USER_DEACTIVATED;
        } else if (!isActive(previous) && isActive(resource)) {
            type = ProvisioningEvent.USER_REACTIVATED;
        } else {
            type = ProvisioningEvent.USER_UPDATED;
        }
        slots.add(resourceEvent(type, resource, paths, change));
    }

    private MemberChanges memberChanges(String group, String tenant, String groupId, Change change, List<Object> slots,
                                        Map<String, MemberChanges> members) {
        return members.computeIfAbsent(group, g -> {
            MemberChanges created = new MemberChanges(g, tenant, groupId, change);
            slots.add(created);
            return created;
        });
    }

    private ProvisioningEvent resourceEvent(String type, Resource resource, List<String> paths, Change change) {
        ObjectNode detail = common(resource.type(), resource.tenant(), resource.id(), resource.body(), change);
        detail.put("version", resource.version());
        detail.put("time", ScimTime.format(resource.lastModified()));
        ArrayNode changed = detail.putArray("changedAttributes");
        paths.forEach(changed::add);
        detail.put("tokenId", resource.modifiedBy());
        if (includeResource) {
            ObjectNode full = Json.object();
            full.put("id", resource.id());
            full.setAll(resource.body());
            detail.set("resource", full);
            if (Json.write(detail).getBytes(StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
                detail.remove("resource");
                detail.put("resourceOmitted", true);
            }
        }
        return new ProvisioningEvent(type, detail, change.sequenceNumber());
    }

    private static ProvisioningEvent deleted(Resource removed, Tombstone tombstone, Change change) {
        ObjectNode detail = common(removed.type(), removed.tenant(), removed.id(), removed.body(), change);
        detail.put("version", removed.version());
        Instant at = tombstone != null ? tombstone.at() : change.time();
        detail.put("time", ScimTime.format(at));
        detail.putArray("changedAttributes");
        detail.put("tokenId", tombstone == null ? null : tombstone.deletedBy());
        if (tombstone != null) {
            detail.put("deletion", tombstone.reason().value());
        }
        return new ProvisioningEvent(removed.type() == ResourceType.USER ? ProvisioningEvent.USER_DELETED
                : ProvisioningEvent.GROUP_DELETED, detail, change.sequenceNumber());
    }

    private static ObjectNode common(ResourceType type, String tenant, String id, ObjectNode body, Change change) {
        ObjectNode detail = Json.object();
        detail.put("schemaVersion", ProvisioningEvent.SCHEMA_VERSION);
        detail.put("sequenceNumber", change.sequenceNumber());
        detail.put("tenant", tenant);
        detail.put("id", id);
        copyText(body, "externalId", detail);
        copyText(body, type.nameAttribute(), detail);
        return detail;
    }

    private static void copyText(ObjectNode body, String attribute, ObjectNode detail) {
        JsonNode value = body == null ? null : body.get(attribute);
        if (value != null && value.isTextual()) {
            detail.put(attribute, value.textValue());
        }
    }

    /**
     * SCIM attribute paths whose value differs: top-level attributes, sub-attributes of complex ones
     * ({@code name.givenName}) and extension attributes by their full URN path
     * ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}). A multi-valued
     * attribute is reported as a whole ({@code emails}). Sorted, so equal changes read equally.
     */
    static List<String> changedPaths(ObjectNode before, ObjectNode after) {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        TreeSet<String> paths = new TreeSet<>();
        for (String name : names) {
            JsonNode old = before.get(name);
            JsonNode now = after.get(name);
            if (sameValue(old, now)) {
                continue;
            }
            boolean complex = (old == null || old.isObject()) && (now == null || now.isObject());
            if (!complex) {
                paths.add(name);
                continue;
            }
            String separator = name.startsWith("urn:") ? ":" : ".";
            Set<String> children = new LinkedHashSet<>();
            if (old != null) {
                old.fieldNames().forEachRemaining(children::add);
            }
            if (now != null) {
                now.fieldNames().forEachRemaining(children::add);
            }
            for (String child : children) {
                if (!sameValue(old == null ? null : old.get(child), now == null ? null : now.get(child))) {
                    paths.add(name + separator + child);
                }
            }
        }
        return List.copyOf(paths);
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        boolean absentA = a == null || a.isNull();
        boolean absentB = b == null || b.isNull();
        return absentA ? absentB : !absentB && a.equals(b);
    }

    private static boolean isActive(Resource user) {
        JsonNode active = user.body().get("active");
        return active == null || !active.isBoolean() || active.booleanValue();
    }

    private static String key(Resource resource) {
        return key(resource.type(), resource.tenant(), resource.id());
    }

    private static String key(ResourceType type, String tenant, String id) {
        return type.name() + "\u0000" + tenant + "\u0000" + id;
    }

    /** One group's membership changes in this batch, netted per user. */
    private static final class MemberChanges {
        final String groupKey;
        final String tenant;
        final String groupId;
        final Change first;
        final Set<String> added = new LinkedHashSet<>();
        final Set<String> removed = new LinkedHashSet<>();
        String addedBy;
        Resource touch;

        MemberChanges(String groupKey, String tenant, String groupId, Change first) {
            this.groupKey = groupKey;
            this.tenant = tenant;
            this.groupId = groupId;
            this.first = first;
        }

        void add(Membership membership) {
            if (!removed.remove(membership.userId())) {
                added.add(membership.userId());
            }
            if (membership.modifiedBy() != null) {
                addedBy = membership.modifiedBy();
            }
        }

        void remove(Membership membership) {
            if (!added.remove(membership.userId())) {
                removed.add(membership.userId());
            }
        }

        void touched(Resource group) {
            touch = group;
        }

        /** Version, name and token from the group's version bump when there was one, else from its latest write here. */
        List<ProvisioningEvent> events(Resource latest) {
            if (added.isEmpty() && removed.isEmpty()) {
                return List.of();
            }
            Resource group = touch != null ? touch : latest;
            String tokenId = touch != null && touch.modifiedBy() != null ? touch.modifiedBy()
                    : addedBy != null ? addedBy : group == null ? null : group.modifiedBy();
            List<ProvisioningEvent> events = new ArrayList<>();
            Iterator<String> adds = added.iterator();
            Iterator<String> removes = removed.iterator();
            while (adds.hasNext() || removes.hasNext()) {
                ObjectNode detail = common(ResourceType.GROUP, tenant, groupId, group == null ? null : group.body(), first);
                if (group != null) {
                    detail.put("version", group.version());
                    detail.put("time", ScimTime.format(group.lastModified()));
                } else {
                    detail.putNull("version");
                    detail.put("time", ScimTime.format(first.time()));
                }
                ArrayNode addedIds = detail.putArray("added");
                ArrayNode removedIds = detail.putArray("removed");
                int room = MAX_MEMBER_IDS;
                while (room > 0 && adds.hasNext()) {
                    addedIds.add(adds.next());
                    room--;
                }
                while (room > 0 && removes.hasNext()) {
                    removedIds.add(removes.next());
                    room--;
                }
                detail.put("tokenId", tokenId);
                events.add(new ProvisioningEvent(ProvisioningEvent.GROUP_MEMBERS_CHANGED, detail, first.sequenceNumber()));
            }
            return events;
        }
    }
}
