package dev.scimaws.scim.query;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.scimaws.scim.ResourceStore.Position;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * RFC 9865 cursors: opaque to clients, base64url of where the next page starts (a place in list order, or
 * an offset into the matches of a lookup) and a fingerprint of the query that issued it. A cursor is only
 * ever applied inside the requesting tenant's own partition, so one from another tenant reads nothing of
 * that tenant; a cursor of another query (other filter or resource type), or one edited so it no longer
 * decodes, is a 400 {@code invalidCursor}. A cursor never expires: it holds a position, not server state.
 */
public final class Cursors {

    public static final String INVALID_CURSOR = "invalidCursor";
    private static final String VERSION = "1";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_LENGTH = 512;

    /** Where a cursor points: a position in list order, or an offset into a lookup's matches. */
    public record Target(Position position, int offset) {}

    private Cursors() {}

    /** Binds a cursor to its query: the resource type and the exact filter text (null for none). */
    public static String fingerprint(String resourceType, String filter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((resourceType + "\n" + (filter == null ? "" : filter)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String after(String fingerprint, Position position) {
        return encode(VERSION + "|" + fingerprint + "|p|" + position.created().toEpochMilli() + "|" + position.id());
    }

    public static String offset(String fingerprint, int offset) {
        return encode(VERSION + "|" + fingerprint + "|o|" + offset);
    }

    /** The target of {@code cursor}; the empty cursor (first page) is the start: no position, offset 0. */
    public static Target decode(String cursor, String fingerprint) throws BadRequestException {
        if (cursor.isEmpty()) {
            return new Target(null, 0);
        }
        String text;
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("The cursor is not one this service issued.");
        }
        String[] parts = text.split("\\|", -1);
        if (parts.length < 4 || !parts[0].equals(VERSION)) {
            throw invalid("The cursor is not one this service issued.");
        }
        if (!parts[1].equals(fingerprint)) {
            throw invalid("The cursor belongs to another query: repeat the filter of the request that returned it.");
        }
        try {
            if (parts[2].equals("o") && parts.length == 4) {
                int offset = Integer.parseInt(parts[3]);
                if (offset >= 0) {
                    return new Target(null, offset);
                }
            } else if (parts[2].equals("p") && parts.length == 5 && ID.matcher(parts[4]).matches()) {
                return new Target(new Position(Instant.ofEpochMilli(Long.parseLong(parts[3])), parts[4]), 0);
            }
        } catch (RuntimeException e) {
            // falls through to the same answer as any other malformed cursor
        }
        throw invalid("The cursor is not one this service issued.");
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static BadRequestException invalid(String detail) {
        return new BadRequestException(detail, INVALID_CURSOR);
    }
}
