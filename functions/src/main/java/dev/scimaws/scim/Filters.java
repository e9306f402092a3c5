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
            return Filter.fromString(filter);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidFilter("Invalid filter: " + e.getMessage());
        } catch (RuntimeException e) {
            throw BadRequestException.invalidFilter("Invalid filter '" + filter + "'.");
        }
    }

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

    public static boolean matches(Filter filter, JsonNode resource) throws ScimException {
        return FilterEvaluator.evaluate(filter, resource);
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
