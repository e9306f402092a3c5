package dev.scimaws.events;

import java.util.Locale;
import java.util.function.Function;

/**
 * The events function's configuration, from its environment.
 *
 * @param busName the EventBridge bus to put events on; null: none (events are written as JSON lines)
 * @param includeResource whether events carry the full resource after the change (off unless opted in)
 */
public record EventsSettings(String busName, boolean includeResource) {

    public static final String BUS_ENV = "SCIM_EVENT_BUS";
    public static final String FULL_RESOURCE_ENV = "SCIM_EVENTS_FULL_RESOURCE";

    public static EventsSettings fromEnvironment(Function<String, String> env) {
        String bus = env.apply(BUS_ENV);
        String full = env.apply(FULL_RESOURCE_ENV);
        boolean includeResource = full != null && switch (full.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalStateException(FULL_RESOURCE_ENV + " must be true or false, got '" + full + "'");
        };
        return new EventsSettings(bus == null || bus.isBlank() ? null : bus.trim(), includeResource);
    }
}
