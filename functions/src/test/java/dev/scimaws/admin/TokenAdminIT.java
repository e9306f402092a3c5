package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.LocalEngineCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        assertThat(row).as("created, then revoked after expires and last used").containsPattern(
                "^\\S+\\s+\\d{4}-\\d{2}-\\d{2}T\\S+\\s+-\\s+-\\s+\\d{4}-\\d{2}-\\d{2}T");
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

    @Test
    void clientsAreCreatedListedAndRevokedWithoutEverListingTheSecret() {
        Result created = run("clients", "create", "--tenant", "acme", "--label", "entra production");
        assertThat(created.code()).as(created.err()).isZero();
        String id = field(created.out(), "client_id");
        String secret = field(created.out(), "client_secret");
        assertThat(id).startsWith("scimaws-client-");
        assertThat(secret).startsWith("scimaws_secret_");

        Result listed = run("clients", "list", "--tenant", "acme");
        assertThat(listed.out()).contains(id).contains("entra production").doesNotContain(secret);
        assertThat(run("clients", "list", "--tenant", "other").out()).doesNotContain(id);
        assertThat(run("clients", "revoke", "--tenant", "other", "--id", id).code()).isEqualTo(1);

        assertThat(run("clients", "revoke", "--tenant", "acme", "--id", id).code()).isZero();
        String row = run("clients", "list", "--tenant", "acme").out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        assertThat(row).doesNotContain(" - ");
        assertThat(run("clients", "bogus").code()).isEqualTo(2);
    }

    @Test
    void createsATokenThatExpiresAndRotatesItWithAnOverlap() {
        Result created = run("create", "--tenant", "rotating", "--label", "okta", "--expires", "2099-06-30");
        assertThat(created.code()).isZero();
        assertThat(field(created.out(), "expires")).isEqualTo("2099-06-30T00:00:00Z");
        String id = field(created.out(), "id");

        Result rotated = run("rotate", "--tenant", "rotating", "--id", id, "--overlap", "2h");
        assertThat(rotated.code()).isZero();
        String replacement = field(rotated.out(), "id");
        assertThat(field(rotated.out(), "token")).startsWith("scimaws_");
        assertThat(rotated.out()).contains("The old token " + id + " keeps working until ");

        String list = run("list", "--tenant", "rotating").out();
        assertThat(list.lines().findFirst().orElseThrow()).containsSubsequence("ID", "CREATED", "EXPIRES", "LAST USED", "REVOKED", "LABEL");
        String oldRow = list.lines().filter(line -> line.startsWith(id)).findFirst().orElseThrow();
        String newRow = list.lines().filter(line -> line.startsWith(replacement)).findFirst().orElseThrow();
        assertThat(oldRow).as("expiry, never used, revocation scheduled").containsPattern("2099-06-30T00:00:00Z\\s+-\\s+\\d{4}-");
        assertThat(newRow).as("the old lifetime again, not revoked").containsPattern("\\s+2099-06-\\S+\\s+-\\s+-\\s+okta$");
    }

    @Test
    void refusesAMalformedExpiryOrOverlap() {
        assertThat(run("create", "--tenant", "acme", "--expires", "soon").err()).contains("--expires takes 90d");
        String id = field(run("create", "--tenant", "acme").out(), "id");
        assertThat(run("rotate", "--tenant", "acme", "--id", id, "--overlap", "1w").err()).contains("--overlap takes");
    }

    /** The token commands need nothing beyond the packaged artifact: the jar alone, in a JVM of its own, no test classes. */
    @Test
    void runsFromTheDeployableJarAlone() throws Exception {
        Path jar = Path.of("target", "functions.jar");
        assertThat(jar).as("packaged before the integration tests").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), TokenAdmin.class.getName(), "create", "--tenant", "from-jar", "--expires", "30d")
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        String id = field(output, "id");
        assertThat(run("list", "--tenant", "from-jar").out()).contains(id);
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
