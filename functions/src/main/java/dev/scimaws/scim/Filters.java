package dev.scimaws.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.scimaws.scim.schema.ResourceType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Filter parsing and evaluation (by the SCIM SDK, with our schema's caseExact rules), and which equalities
 * an index can answer; the plan itself is {@link dev.scimaws.scim.query.QueryPlanner}'s.
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
            return Filter.fromString(foldValuePathSubAttributes(withoutCoreUrns(filter)));
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

    /**
     * {@code urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"} -> {@code userName eq "x"}: core
     * attributes live at the top level of a resource, where the SDK's evaluator looks for unqualified names.
     * Quoted values are left as they are.
     */
    static String withoutCoreUrns(String filter) {
        StringBuilder out = new StringBuilder(filter.length());
        boolean quoted = false;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '"' && (i == 0 || filter.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted) {
                java.util.regex.Matcher urn = CORE_URN.matcher(filter).region(i, filter.length());
                if (urn.lookingAt() && (i == 0 || !Character.isLetterOrDigit(filter.charAt(i - 1)))) {
                    i = urn.end() - 1;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static final java.util.regex.Pattern CORE_URN = java.util.regex.Pattern.compile(
            "(?i)urn:ietf:params:scim:schemas:core:2\\.0:(User|Group):(?=[A-Za-z])");

    private static final java.util.regex.Pattern VALUE_PATH_SUB_ATTRIBUTE = java.util.regex.Pattern.compile(
            "([A-Za-z][\\w:.$-]*)\\[([^\\]]*)\\]\\.([A-Za-z][\\w$-]*)\\s+"
                    + "(?i:(pr)|(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s)]+))");

    /**
     * The attribute (lower case, one of {@code indexed}) and string value of an equality the caller can look
     * up directly; combinations are planned by {@link dev.scimaws.scim.query.QueryPlanner}.
     */
    public static Optional<IndexedEquality> indexedEquality(EqualFilter equal, java.util.List<String> indexed) {
        String attribute = simpleAttribute(equal.getAttributePath());
        JsonNode value = equal.getComparisonValue();
        if (attribute != null && indexed.contains(attribute) && value != null && value.isTextual()) {
            return Optional.of(new IndexedEquality(attribute, value.textValue()));
        }
        return Optional.empty();
    }

    /** The group id of {@code groups.value eq "<id>"} (also {@code groups eq "<id>"}), the member lookup. */
    public static Optional<String> memberOf(EqualFilter equal) {
        Path path = equal.getAttributePath();
        JsonNode value = equal.getComparisonValue();
        boolean groups = path != null && path.getSchemaUrn() == null && path.getElement(0).getValueFilter() == null
                && path.getElement(0).getAttribute().equalsIgnoreCase("groups")
                && (path.size() == 1 || (path.size() == 2 && path.getElement(1).getAttribute().equalsIgnoreCase("value")));
        return groups && value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /**
     * For a user filter that mentions {@code groups}: the group it is a member lookup of. Served only as
     * {@code groups.value eq "<id>"}, alone or and-ed with conditions on other attributes, since a user's
     * groups are not stored on it: any other use is an invalidFilter that says so.
     */
    public static Optional<String> requiredGroup(Filter filter) throws BadRequestException {
        List<Filter> conjuncts = filter instanceof AndFilter and ? and.getCombinedFilters() : List.of(filter);
        String group = null;
        for (Filter conjunct : conjuncts) {
            Optional<String> member = conjunct instanceof EqualFilter equal ? memberOf(equal) : Optional.empty();
            if (member.isPresent() && group == null) {
                group = member.get();
            } else if (mentionsGroups(conjunct)) {
                throw BadRequestException.invalidFilter("Filters on groups are served as 'groups.value eq \"<group id>\"',"
                        + " alone or joined by 'and' to conditions on other attributes.");
            }
        }
        return Optional.ofNullable(group);
    }

    private static boolean mentionsGroups(Filter filter) {
        if (filter.isCombiningFilter()) {
            return filter.getCombinedFilters().stream().anyMatch(Filters::mentionsGroups);
        }
        if (filter.isNotFilter()) {
            return mentionsGroups(filter.getInvertedFilter());
        }
        Path path = filter.getAttributePath();
        return path != null && !path.isRoot() && path.getSchemaUrn() == null
                && path.getElement(0).getAttribute().equalsIgnoreCase("groups");
    }

    /**
     * Whether {@code resource} matches: attribute names ignore case (the SDK's case-ignoring node tree),
     * string values ignore case unless {@code type} declares the attribute {@code caseExact} (RFC 7644
     * §3.4.2.2), as {@code id} and {@code externalId} are.
     */
    public static boolean matches(Filter filter, JsonNode resource, ResourceType type) throws ScimException {
        return new SchemaAwareEvaluator(type, null).evaluateOn(filter, resource);
    }

    /**
     * Whether one value of the multi-valued {@code attribute} (a member of {@code members}, say) matches a
     * value filter, whose paths are relative to that attribute.
     */
    public static boolean matchesValue(Filter valueFilter, JsonNode value, ResourceType type, String attribute)
            throws ScimException {
        return new SchemaAwareEvaluator(type, attribute).evaluateOn(valueFilter, value);
    }

    /**
     * The SDK compares strings ignoring case unless it is given an attribute definition that says
     * otherwise; this one answers from our schema. Inside {@code emails[...]} the SDK passes sub-attribute
     * paths relative to {@code emails}, so the enclosing attributes are kept on a stack.
     */
    private static final class SchemaAwareEvaluator extends FilterEvaluator {

        private static final AttributeDefinition CASE_EXACT = new AttributeDefinition.Builder()
                .setName("caseExact").setType(AttributeDefinition.Type.STRING).setCaseExact(true).build();

        private final ResourceType type;
        private final Deque<String> enclosing = new ArrayDeque<>();

        SchemaAwareEvaluator(ResourceType type, String enclosingAttribute) {
            this.type = type;
            if (enclosingAttribute != null) {
                enclosing.push(enclosingAttribute);
            }
        }

        boolean evaluateOn(Filter filter, JsonNode node) throws ScimException {
            return filter.visit(this, JsonUtils.valueToNode(node));
        }

        @Override
        public Boolean visit(ComplexValueFilter filter, JsonNode object) throws ScimException {
            enclosing.push(qualified(filter.getAttributePath()));
            try {
                return super.visit(filter, object);
            } finally {
                enclosing.pop();
            }
        }

        @Override
        protected AttributeDefinition getAttributeDefinition(Path path) {
            return type.isCaseExact(qualified(path)) ? CASE_EXACT : null;
        }

        private String qualified(Path path) {
            return enclosing.isEmpty() ? path.toString() : enclosing.peek() + "." + path;
        }
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
