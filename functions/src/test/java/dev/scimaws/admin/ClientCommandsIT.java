package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.testing.DynamoEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code TokenAdmin clients ...} end to end against the engine, through the same entry point as main. */
class ClientCommandsIT {

    private static final Map<String, String> SAVED = new HashMap<>();
    private static Map<String, String> env;

    @BeforeAll
    static void engine() {
        DynamoEngine engine = DynamoEngine.get();
        for (String[] property : new String[][] {{"aws.region", "us-east-1"}, {"aws.accessKeyId", "local"}, {"aws.secretAccessKey", "local"}}) {
            SAVED.put(property[0], System.getProperty(property[0]));
            System.setProperty(property[0], property[1]);
        }
        env = Map.of("SCIM_DYNAMODB_ENDPOINT", engine.endpoint().toString(), "SCIM_TABLE", engine.createTable("client-admin-it"));
    }

    @AfterAll
    static void restore() {
        SAVED.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void createsListsAndRevokesClientsWithoutEverListingTheSecret() {
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

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TokenAdmin.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String field(String output, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\S+)$").matcher(output);
        assertThat(matcher.find()).as(name + " in:\n" + output).isTrue();
        return matcher.group(1);
    }
}
