package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.LocalEngineCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token command end to end against the engine, through the same entry point as main. */
class TokenAdminIT {

    private static LocalEngineCredentials credentials;
    private static Map<String, String> env;

    @BeforeAll
    static void engine() {
        DynamoEngine engine = DynamoEngine.get();
        // TokenAdmin uses the SDK's default chains, as it does against AWS; give them what a local engine accepts.
        credentials = LocalEngineCredentials.set();
        env = Map.of("SCIM_DYNAMODB_ENDPOINT", engine.endpoint().toString(), "SCIM_TABLE", engine.createTable("token-admin-it"));
    }

    @AfterAll
    static void restore() {
        credentials.close();
    }

    @Test
    void createsListsAndRevokesWithoutEverListingTheToken() {
        Result created = run("create", "--tenant", "acme", "--label", "okta production");
        assertThat(created.code()).isZero();
        String token = field(created.out(), "token");
        String id = field(created.out(), "id");
        assertThat(token).startsWith("scimaws_");

        Result listed = run("list", "--tenant", "acme");
        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains(id).contains("okta production").doesNotContain(token);
        assertThat(listed.out().lines().filter(line -> line.startsWith(id)).findFirst().orElseThrow()).contains(" - ");

        Result revoked = run("revoke", "--tenant", "acme", "--id", id);
        assertThat(revoked.code()).isZero();
        String row = run("list", "--tenant", "acme").out().lines().filter(line -> line.startsWith(id)).findFirst().orElseThrow();
        assertThat(row).doesNotContain(" - ").containsPattern("\\d{4}-\\d{2}-\\d{2}T.*\\d{4}-\\d{2}-\\d{2}T");
    }

    @Test
    void listsOnlyTheTenantsOwnTokens() {
        String other = field(run("create", "--tenant", "other-tenant").out(), "id");

        assertThat(run("list", "--tenant", "acme").out()).doesNotContain(other);
        assertThat(run("revoke", "--tenant", "acme", "--id", other).code()).isEqualTo(1);
    }

    @Test
    void failsOnAnUnknownId() {
        Result result = run("revoke", "--tenant", "acme", "--id", "000000000000");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("no token with id 000000000000");
    }

    @Test
    void reportsATenantWithoutTokens() {
        assertThat(run("list", "--tenant", "nobody").out()).contains("No tokens for tenant nobody");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TokenAdmin.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String field(String output, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\S+)$").matcher(output);
        assertThat(matcher.find()).as(name + " in:\n" + output).isTrue();
        return matcher.group(1);
    }
}
