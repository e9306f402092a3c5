package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argument errors never reach DynamoDB: usage and exit code 2. */
class TokenAdminTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "delete --tenant a", "create", "create --tenant", "revoke --tenant a", "list --tenant a --id x",
            "list --tenant a extra", "create --tenant a --table", "rotate --tenant a", "create --tenant a --overlap 1h",
            "revoke --tenant a --id x --expires 90d"})
    void printsUsageOnBadArguments(String line) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        int code = TokenAdmin.run(args, Map.of("SCIM_TABLE", "t")::get, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: TokenAdmin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list --tenant a"})
    void needsATable(String line) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TokenAdmin.run(line.split(" "), Map.<String, String>of()::get, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--table").contains("SCIM_TABLE");
    }

    @org.junit.jupiter.api.Test
    void expiryIsDaysFromNowADateAtMidnightUtcOrAnInstant() {
        java.time.Instant now = java.time.Instant.parse("2026-12-01T07:30:00Z");

        assertThat(TokenAdmin.expiry("90d", now)).isEqualTo(java.time.Instant.parse("2027-03-01T07:30:00Z"));
        assertThat(TokenAdmin.expiry("2027-06-30", now)).isEqualTo(java.time.Instant.parse("2027-06-30T00:00:00Z"));
        assertThat(TokenAdmin.expiry("2027-06-30T12:00:00Z", now)).isEqualTo(java.time.Instant.parse("2027-06-30T12:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenAdmin.expiry("next year", now))
                .hasMessageContaining("--expires takes");
    }

    @org.junit.jupiter.api.Test
    void overlapIsMinutesHoursOrDays() {
        assertThat(TokenAdmin.duration("30m")).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(TokenAdmin.duration("24h")).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(TokenAdmin.duration("7d")).isEqualTo(java.time.Duration.ofDays(7));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenAdmin.duration("1w")).hasMessageContaining("--overlap takes");
        assertThat(TokenAdmin.DEFAULT_OVERLAP).isEqualTo(java.time.Duration.ofHours(24));
    }

    @org.junit.jupiter.api.Test
    void schemasSubcommandIsHandedToTheSchemaCommands() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TokenAdmin.run(new String[] {"schemas", "frobnicate"}, Map.<String, String>of()::get,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Usage: TokenAdmin").containsIgnoringCase("put");
    }
}
