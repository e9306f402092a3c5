package dev.scimaws.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.scim.InMemoryExtensionSchemaStore;
import dev.scimaws.scim.schema.Schema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCommandsTest {

    private static final String ACME_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final String ACME = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
             "id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "AcmeUser",
             "attributes": [{"name": "costCenter", "type": "string"},
                            {"name": "badgeNumber", "type": "integer", "mutability": "immutable"},
                            {"name": "hireDate", "type": "dateTime"}]}""";

    @TempDir
    Path dir;

    private final InMemoryExtensionSchemaStore store = new InMemoryExtensionSchemaStore();
    private final List<String> opened = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Map<String, String> env = Map.of("SCIM_TABLE", "scim-local", "SCIM_DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");

    private int run(String... args) {
        out.reset();
        err.reset();
        return SchemaCommands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, (table, endpoint) -> {
                    opened.add(table + " " + endpoint);
                    return new SchemaCommands.Opened(store, () -> opened.add("closed"));
                });
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void putDeclaresListShowsAndRemoveRemoves() throws Exception {
        Path acme = file("acme.json", ACME);
        assertThat(run("schemas", "put", "--tenant", "acme", "--file", acme.toString())).isZero();
        assertThat(out()).contains("Declared " + ACME_URN + " (3 attributes) for tenant acme.", "within 30 s");
        assertThat(store.load("acme")).extracting(Schema::id).containsExactly(ACME_URN);
        assertThat(opened).containsExactly("scim-local http://127.0.0.1:8000", "closed");

        assertThat(run("put", "--tenant=acme", "--file=" + acme)).isZero();
        assertThat(out()).startsWith("Replaced " + ACME_URN);

        assertThat(run("list", "--tenant", "acme")).isZero();
        assertThat(out()).contains(ACME_URN + "  \"AcmeUser\"", ACME_URN + ":costCenter  string",
                ACME_URN + ":badgeNumber  integer, immutable", ACME_URN + ":hireDate  dateTime");

        assertThat(run("remove", "--tenant", "acme", "--urn", ACME_URN.toLowerCase())).isZero();
        assertThat(out()).contains("Removed", "keep their stored values");
        assertThat(store.load("acme")).isEmpty();
        assertThat(run("list", "--tenant", "acme")).isZero();
        assertThat(out()).contains("Tenant acme declares no extension schemas.");
    }

    @Test
    void aMalformedDocumentIsRefusedWithEveryProblem() throws Exception {
        Path bad = file("bad.json", """
                {"id": "acme", "attributes": [{"name": "cost center", "type": "strng"}]}""");
        assertThat(run("put", "--tenant", "acme", "--file", bad.toString())).isEqualTo(1);
        assertThat(err()).contains("was refused:", "  - id: 'acme' is not a URN", "  - attributes[0] (cost center).name",
                "  - attributes[0] (cost center).type");
        assertThat(store.load("acme")).isEmpty();
    }

    @Test
    void anExtensionOverlappingAnotherOfTheTenantIsRefused() throws Exception {
        assertThat(run("put", "--tenant", "acme", "--file", file("acme.json", ACME).toString())).isZero();
        Path overlapping = file("sub.json", ACME.replace(ACME_URN, ACME_URN + ":badges"));
        assertThat(run("put", "--tenant", "acme", "--file", overlapping.toString())).isEqualTo(1);
        assertThat(err()).contains("overlaps the tenant's extension " + ACME_URN);
    }

    @Test
    void atMostTenExtensionsPerTenant() throws Exception {
        for (int i = 0; i < 10; i++) {
            Path each = file("x" + i + ".json", ACME.replace("acme:2.0", "acme" + i + ":2.0"));
            assertThat(run("put", "--tenant", "acme", "--file", each.toString())).isZero();
        }
        assertThat(run("put", "--tenant", "acme", "--file", file("acme.json", ACME).toString())).isEqualTo(1);
        assertThat(err()).contains("at most 10 are accepted");
        Path replacement = file("again.json", ACME.replace("acme:2.0", "acme3:2.0"));
        assertThat(run("put", "--tenant", "acme", "--file", replacement.toString())).as("replacing is fine").isZero();
    }

    @Test
    void removingWhatIsNotDeclaredFails() {
        assertThat(run("remove", "--tenant", "acme", "--urn", ACME_URN)).isEqualTo(1);
        assertThat(err()).contains("Tenant acme has no extension schema " + ACME_URN);
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("usage: schemas put");
        assertThat(run("help")).isZero();
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'frobnicate'");
        assertThat(run("list")).isEqualTo(2);
        assertThat(err()).contains("--tenant is required");
        assertThat(run("list", "--tenant")).isEqualTo(2);
        assertThat(err()).contains("--tenant needs a value");
        assertThat(run("list", "--tenant", "acme", "--verbose")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--verbose'");
        assertThat(run("put", "--tenant", "acme")).isEqualTo(2);
        assertThat(run("remove", "--tenant", "acme")).isEqualTo(2);
        assertThat(run("list", "--tenant", "a#b")).isEqualTo(2);
        assertThat(err()).contains("tenant must be");
        env = Map.of();
        assertThat(run("list", "--tenant", "acme")).isEqualTo(2);
        assertThat(err()).contains("pass --table or set SCIM_TABLE");
        assertThat(run("put", "--tenant", "acme", "--file", dir.resolve("missing.json").toString(), "--table", "t"))
                .isEqualTo(1);
        assertThat(err()).contains("Cannot read");
    }

    @Test
    void optionsOverrideTheEnvironmentAndNoEndpointMeansAws() {
        env = Map.of("SCIM_TABLE", "scim-local");
        assertThat(run("list", "--tenant", "acme", "--table", "scim-prod")).isZero();
        assertThat(opened).containsExactly("scim-prod null", "closed");
    }

    @Test
    void describeNamesWhatDiffersFromTheDefaults() throws Exception {
        Schema schema = dev.scimaws.scim.schema.SchemaDocument.parse("""
                {"id": "urn:example:b", "attributes": [{"name": "x", "type": "complex", "multiValued": true, "required": true,
                  "returned": "request", "subAttributes": [{"name": "y", "type": "string", "caseExact": true}]}]}""");
        assertThat(SchemaCommands.describe(schema.attributes().get(0)))
                .isEqualTo("complex, multiValued, required, returned request {y: string, caseExact}");
    }
}
