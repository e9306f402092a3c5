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
            "list --tenant a extra", "create --tenant a --table"})
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
    void schemasSubcommandIsHandedToTheSchemaCommands() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TokenAdmin.run(new String[] {"schemas", "frobnicate"}, Map.<String, String>of()::get,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Usage: TokenAdmin").containsIgnoringCase("put");
    }
}
