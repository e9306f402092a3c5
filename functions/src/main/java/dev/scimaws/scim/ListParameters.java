package dev.scimaws.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;

/** RFC 7644 §3.4.2.4 paging, validated: 1-based startIndex, count clamped to the advertised maximum. */
public record ListParameters(int startIndex, int count) {

    /** Advertised as filter.maxResults in ServiceProviderConfig. */
    public static final int MAX_RESULTS = 200;

    public static ListParameters from(ScimRequest request) throws BadRequestException {
        int startIndex = integer(request, "startIndex", 1);
        int count = integer(request, "count", MAX_RESULTS);
        return new ListParameters(Math.max(1, startIndex), Math.max(0, Math.min(count, MAX_RESULTS)));
    }

    private static int integer(ScimRequest request, String name, int fallback) throws BadRequestException {
        String raw = request.queryParam(name).map(String::trim).orElse("");
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue("'" + name + "' must be an integer.");
        }
    }
}
