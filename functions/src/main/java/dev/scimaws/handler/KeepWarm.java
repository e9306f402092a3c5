package dev.scimaws.handler;

import java.util.Map;

/**
 * The scheduled pings that keep one execution environment of each request-path function alive between
 * provisioning bursts, so the first request after a quiet night meets neither a SnapStart restore nor, in
 * the authorizer, a fresh JVM (measurements and reasoning in {@code docs/performance.md}).
 *
 * <p>A ping is recognised by a marker in a field API Gateway always sets itself ({@code resource} of a
 * proxy event, {@code type} of a TOKEN authorizer event), so no client request can look like one. A ping
 * is answered at once: no DynamoDB call, no log line of ours (Lambda still writes its start and report
 * records), no tenant.
 *
 * <p>Plain Java on purpose: the CDK stack builds its schedule from {@link #SCIM_PING} and
 * {@link #AUTHORIZER_PING}, so the payload the schedule sends and the one the handlers recognise cannot
 * drift apart.
 */
public final class KeepWarm {

    /** Never a route API Gateway would put in {@code resource}, never a type it would put in {@code type}. */
    public static final String MARKER = "scimaws:keep-warm";

    /** What the schedule sends to the Users, Groups and Discovery functions (an API Gateway proxy event). */
    public static final Map<String, Object> SCIM_PING = Map.of("resource", MARKER);

    /** What the schedule sends to the authorizer (a TOKEN authorizer event). */
    public static final Map<String, Object> AUTHORIZER_PING = Map.of("type", MARKER);

    private KeepWarm() {}

    static boolean isPing(String fieldApiGatewaySets) {
        return MARKER.equals(fieldApiGatewaySets);
    }
}
