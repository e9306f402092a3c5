package dev.scimaws.scim.query;

import java.util.List;

/**
 * How a list request finds its candidates, before the whole filter is evaluated on each: a value tests can
 * inspect, and the docs describe per request ({@link #describe()}).
 */
public sealed interface Plan {

    String describe();

    /** No filter: the list index in creation order; totalResults from the maintained count. */
    record Ordered() implements Plan {
        @Override
        public String describe() {
            return "ordered list";
        }
    }

    /** One direct read: by id, through the name lock, or through the externalId index. */
    record Lookup(Key key, String value) implements Plan {
        @Override
        public String describe() {
            return switch (key) {
                case ID -> "id lookup";
                case NAME -> "lock lookup";
                case EXTERNAL_ID -> "externalId lookup";
                case GROUP_MEMBERS -> "group member lookup";
            };
        }
    }

    /** An {@code or} of indexed equalities: the union of their lookups. */
    record Union(List<Lookup> lookups) implements Plan {
        @Override
        public String describe() {
            return "union of " + lookups.size() + " lookups";
        }
    }

    /** Anything else: the list read in order, at most {@code budget} resources per request. */
    record BoundedScan(int budget) implements Plan {
        @Override
        public String describe() {
            return "bounded scan, budget " + budget + " items";
        }
    }

    /** {@code GROUP_MEMBERS}: {@code groups.value eq "<groupId>"} on users, read as the group's member items. */
    enum Key { ID, NAME, EXTERNAL_ID, GROUP_MEMBERS }
}
