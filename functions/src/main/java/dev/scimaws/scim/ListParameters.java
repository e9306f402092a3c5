package dev.scimaws.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * Paging of a list request, validated: RFC 7644 §3.4.2.4 index paging (1-based {@code startIndex}) or RFC 9865
 * cursor paging ({@code cursor}, empty for the first page; null under index paging), {@code count} clamped to
 * the advertised maximum.
 */
public record ListParameters(int startIndex, int count, String cursor) {

    /** Advertised as filter.maxResults and pagination.maxPageSize in ServiceProviderConfig. */
    public static final int MAX_RESULTS = 200;

    public ListParameters(int startIndex, int count) {
        this(startIndex, count, null);
    }

    public boolean cursorPaging() {
        return cursor != null;
    }

    public static ListParameters from(ScimRequest request) throws BadRequestException {
        int startIndex = integer(request, "startIndex", 1);
        int count = Math.max(0, Math.min(integer(request, "count", MAX_RESULTS), MAX_RESULTS));
        String cursor = request.queryParam("cursor").map(String::trim).orElse(null);
        if (cursor != null && request.queryParam("startIndex").isPresent()) {
            throw BadRequestException.invalidValue("Use either startIndex (index paging) or cursor (cursor paging), not both.");
        }
        return new ListParameters(Math.max(1, startIndex), count, cursor);
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
