package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.Locale;
import java.util.Optional;

/**
 * Filter parsing (by the SCIM SDK) and planning: which indexed lookup, if any, narrows the candidates
 * before the whole filter is evaluated in memory.
 */
public final class Filters {

    /** An equality on an attribute we can look up directly. */
    public record IndexedEquality(String attribute, String value) {}

    private Filters() {}

    public static Filter parse(String filter) throws BadRequestException {
        if (filter.length() > 4096) {
            throw BadRequestException.invalidFilter("The filter is too long.");
        }
        try {
            return Filter.fromString(foldValuePathSubAttributes(filter));
        } catch (BadRequestException e) {
            throw BadRequestException.invalidFilter("Invalid filter: " + e.getMessage());
        } catch (RuntimeException e) {
            throw BadRequestException.invalidFilter("Invalid filter '" + filter + "'.");
        }
    }

    /**
     * Entra sends {@code emails[type eq "work"].value eq "x"}, which RFC 7644's grammar (and so the SDK)
     * does not accept; it means {@code emails[type eq "work" and value eq "x"]}, which both do.
     */
    static String foldValuePathSubAttributes(String filter) {
        return VALUE_PATH_SUB_ATTRIBUTE.matcher(filter).replaceAll(match -> {
            String comparison = match.group(4) != null ? "pr" : match.group(5) + " " + match.group(6);
            return java.util.regex.Matcher.quoteReplacement(
                    match.group(1) + "[(" + match.group(2) + ") and " + match.group(3) + " " + comparison + "]");
        });
    }

    private static final java.util.regex.Pattern VALUE_PATH_SUB_ATTRIBUTE = java.util.regex.Pattern.compile(
            "([A-Za-z][\\w:.$-]*)\\[([^\\]]*)\\]\\.([A-Za-z][\\w$-]*)\\s+"
                    + "(?i:(pr)|(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s)]+))");

    /**
     * The best indexed equality in {@code filter}: the filter itself, or one conjunct of an {@code and}.
     * {@code indexed} lists the attribute names (lower case) the caller can look up.
     */
    public static Optional<IndexedEquality> indexedEquality(Filter filter, java.util.List<String> indexed) {
        if (filter instanceof EqualFilter equal) {
            String attribute = simpleAttribute(equal.getAttributePath());
            JsonNode value = equal.getComparisonValue();
            if (attribute != null && indexed.contains(attribute) && value != null && value.isTextual()) {
                return Optional.of(new IndexedEquality(attribute, value.textValue()));
            }
            return Optional.empty();
        }
        if (filter instanceof AndFilter and) {
            for (String preferred : indexed) {
                for (Filter component : and.getCombinedFilters()) {
                    Optional<IndexedEquality> found = indexedEquality(component, indexed);
                    if (found.isPresent() && found.get().attribute().equals(preferred)) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Attribute names in filters are case-insensitive: evaluate over the SDK's case-ignoring node tree. */
    public static boolean matches(Filter filter, JsonNode resource) throws ScimException {
        return FilterEvaluator.evaluate(filter, com.unboundid.scim2.common.utils.JsonUtils.valueToNode(resource));
    }

    /** "userName" or "urn:...:core:2.0:User:userName" -> "username"; sub-attributes and value filters -> null. */
    private static String simpleAttribute(Path path) {
        if (path == null || path.size() != 1 || path.getElement(0).getValueFilter() != null) {
            return null;
        }
        String urn = path.getSchemaUrn();
        if (urn != null && !urn.toLowerCase(Locale.ROOT).startsWith("urn:ietf:params:scim:schemas:core:2.0:")) {
            return null;
        }
        return path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
    }
}
