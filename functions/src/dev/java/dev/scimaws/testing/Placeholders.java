package dev.scimaws.testing;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} in event files, so one file serves every run ({@code "Bearer ${SCIM_TOKEN}"},
 * {@code "/scim/v2/Users/${USER_ID}"}). Values are escaped for a JSON string, where placeholders stand.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Placeholders() {}

    public static String expand(String text, Map<String, String> values) {
        return expand(text, values::get);
    }

    /** Every placeholder must have a value; the error names all that are missing, not only the first. */
    public static String expand(String text, Function<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        TreeSet<String> missing = new TreeSet<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.apply(name);
            if (value == null) {
                missing.add(name);
                matcher.appendReplacement(out, "");
            } else {
                matcher.appendReplacement(out, Matcher.quoteReplacement(jsonEscape(value)));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("No value for " + String.join(", ", missing.stream().map(n -> "${" + n + "}").toList())
                    + ": set " + (missing.size() == 1 ? "it" : "them") + " in the environment (for example "
                    + missing.first() + "=...)");
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code value} as the text between the quotes of a JSON string. */
    public static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
