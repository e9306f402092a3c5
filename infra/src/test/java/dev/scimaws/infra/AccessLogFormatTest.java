package dev.scimaws.infra;

import static dev.scimaws.infra.Synth.map;
import static dev.scimaws.infra.Synth.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's access log stays one valid JSON object per request whatever a client sends: API Gateway pastes
 * {@code $context} values into the format unescaped, so the format may only use values the client cannot
 * shape. Checked on the synthesized stage by substituting hostile text for every variable a client controls.
 */
class AccessLogFormatTest {

    /** A value that breaks naive JSON in every way: quote, backslash, newline, braces, a fake field. */
    private static final String HOSTILE = "x\", \"status\":\"200\\\n}{\"";

    /** Variables whose value a client writes (headers, path, query, body) or which can echo it. */
    private static final Set<String> CLIENT_CONTROLLED = Set.of("identity.userAgent", "path", "error.message",
            "identity.caller", "identity.user", "domainName", "requestOverride", "responseOverride");

    /** What the format may use, with a representative value each (quoted by the format). */
    private static final Map<String, String> SERVER_GENERATED = Map.ofEntries(
            Map.entry("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"),
            Map.entry("requestTime", "01/Dec/2026:08:00:00 +0000"),
            Map.entry("identity.sourceIp", "203.0.113.7"),
            Map.entry("httpMethod", "PATCH"),
            Map.entry("resourcePath", "/v2/Users/{id}"),
            Map.entry("status", "401"),
            Map.entry("responseLength", "123"),
            Map.entry("responseLatency", "42"),
            Map.entry("integrationLatency", "-"),
            Map.entry("integrationStatus", "-"),
            Map.entry("authorizer.principalId", "acme"),
            Map.entry("authorizer.status", "401"),
            Map.entry("authorizer.latency", "17"),
            Map.entry("error.responseType", "UNAUTHORIZED"));

    private static final Pattern VARIABLE = Pattern.compile("\\$context\\.([A-Za-z.]+[A-Za-z])");

    @TempDir
    static Path workDir;

    static String format;

    @BeforeAll
    static void synthesize() {
        Synth synth = Synth.of(workDir, Map.of());
        Map<String, Object> stage = props(synth.ofType("AWS::ApiGateway::Stage").values().iterator().next());
        format = (String) map(stage.get("AccessLogSetting")).get("Format");
    }

    @Test
    void usesNoVariableAClientControls() {
        assertThat(variables(format)).doesNotContainAnyElementsOf(CLIENT_CONTROLLED)
                .allSatisfy(variable -> assertThat(SERVER_GENERATED).as("a variable nobody vetted").containsKey(variable));
    }

    @Test
    void isOneJsonObjectWhateverTheClientSent() throws Exception {
        JsonNode line = Synth.JSON.readTree(substitute(format));

        assertThat(line.isObject()).isTrue();
        assertThat(line.path("status").asText()).isEqualTo("401");
        assertThat(line.path("tenant").asText()).isEqualTo("acme");
        assertThat(line.path("resource").asText()).isEqualTo("/v2/Users/{id}");
        assertThat(line.has("userAgent")).isFalse();
    }

    /** The check above is not vacuous: the earlier format, with the user agent in quotes, breaks. */
    @Test
    void theUserAgentInQuotesWouldBreakTheLine() {
        String withUserAgent = format.replace("\"method\":", "\"userAgent\":\"$context.identity.userAgent\",\"method\":");

        assertThatThrownBy(() -> Synth.JSON.readTree(substitute(withUserAgent))).isInstanceOf(JsonProcessingException.class);
    }

    private static Set<String> variables(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** What API Gateway would write: every variable replaced by its value, unescaped. */
    private static String substitute(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder line = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value = CLIENT_CONTROLLED.contains(variable) ? HOSTILE : SERVER_GENERATED.getOrDefault(variable, HOSTILE);
            matcher.appendReplacement(line, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(line);
        return line.toString();
    }
}
