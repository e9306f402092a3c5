package dev.scimaws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void replacesEveryPlaceholder() {
        String text = "{\"authorizationToken\":\"Bearer ${SCIM_TOKEN}\",\"path\":\"/Users/${USER_ID}\",\"id\":\"${USER_ID}\"}";

        assertThat(Placeholders.expand(text, Map.of("SCIM_TOKEN", "scimaws_abc", "USER_ID", "42")))
                .isEqualTo("{\"authorizationToken\":\"Bearer scimaws_abc\",\"path\":\"/Users/42\",\"id\":\"42\"}");
    }

    @Test
    void escapesValuesForTheJsonStringTheyStandIn() {
        assertThat(Placeholders.expand("\"${V}\"", Map.of("V", "a\"b\\c\nd$1")))
                .isEqualTo("\"a\\\"b\\\\c\\nd$1\"");
    }

    @Test
    void leavesTextWithoutPlaceholdersAndLoneDollarsAlone() {
        assertThat(Placeholders.expand("{\"price\":\"$5\",\"x\":\"${}\"}", Map.of())).isEqualTo("{\"price\":\"$5\",\"x\":\"${}\"}");
    }

    @Test
    void namesEveryMissingPlaceholder() {
        assertThatThrownBy(() -> Placeholders.expand("${B} ${A} ${B} ${SET}", Map.of("SET", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${A}, ${B}");
    }
}
