package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.admin.SchemaCommands;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.RfcShapes;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.store.DynamoUserStore;
import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.TickingClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's custom extension end to end over HTTP: the operator's {@code schemas} command against the
 * engine, the discovery and Users handlers behind the local API, the data in the table.
 */
class CustomExtensionIT {

    private static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final String ACME_DOCUMENT = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
             "id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "AcmeUser",
             "description": "Acme's custom attributes, mapped in Okta's profile editor",
             "attributes": [
               {"name": "costCenter", "type": "string", "description": "Cost center code"},
               {"name": "badgeNumber", "type": "integer", "mutability": "immutable"},
               {"name": "hireDate", "type": "dateTime"}]}""";
    private static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[%s]}";

    private static final CallCounter calls = new CallCounter();
    private static final List<LocalApi> apis = new ArrayList<>();
    private static DynamoEngine engine;
    private static String table;

    @TempDir
    static Path dir;

    @BeforeAll
    static void table() {
        engine = DynamoEngine.get();
        table = engine.createTable("custom-ext-e2e");
    }

    @AfterAll
    static void stop() {
        apis.forEach(LocalApi::close);
    }

    /** A new local API on the same table: a fresh execution environment, with no cached schemas. */
    private static ScimHttp freshEnvironment() throws Exception {
        LocalApi api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(calls), table, TickingClock.fromNow()));
        apis.add(api);
        return new ScimHttp(api.baseUrl(), api.token());
    }

    private record Result(int code, String out, String err) {}

    private static Result schemas(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table, "--endpoint", engine.endpoint().toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SchemaCommands.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> ids(JsonNode list, String field) {
        List<String> ids = new ArrayList<>();
        list.get("Resources").forEach(resource -> ids.add(resource.get(field).textValue()));
        return ids;
    }

    @Test
    void declareCreatePatchFilterDiscoverRemoveAndRedeclare() throws Exception {
        ScimHttp okta = freshEnvironment();
        String base = apis.getLast().baseUrl();
        assertThat(ids(okta.get("/Schemas").json(), "id")).doesNotContain(ACME);

        // The operator declares the extension.
        Path file = Files.writeString(dir.resolve("acme.json"), ACME_DOCUMENT);
        Result declared = schemas("schemas", "put", "--tenant", LocalApi.TENANT, "--file", file.toString());
        assertThat(declared.code()).as(declared.err()).isZero();

        // Discovery shows it at once, for one Query per request.
        calls.reset();
        JsonNode schemaList = okta.get("/Schemas").json();
        assertThat(calls.snapshot()).isEqualTo(Map.of("Query", 1L));
        RfcShapes.assertListResponse(schemaList, 4);
        schemaList.get("Resources").forEach(schema -> RfcShapes.assertSchema(schema, base));
        assertThat(ids(schemaList, "id")).containsExactly(CoreSchemas.USER_URN, CoreSchemas.GROUP_URN,
                CoreSchemas.ENTERPRISE_USER_URN, ACME);
        ScimHttp.Response acmeSchema = okta.get("/Schemas/" + ACME);
        assertThat(acmeSchema.status()).isEqualTo(200);
        assertThat(acmeSchema.contentType()).startsWith("application/scim+json");
        assertThat(acmeSchema.json().at("/attributes/1/mutability").textValue()).isEqualTo("immutable");
        JsonNode userType = okta.get("/ResourceTypes/User").json();
        RfcShapes.assertResourceType(userType, base);
        assertThat(userType.get("schemaExtensions")).extracting(e -> e.get("schema").textValue())
                .containsExactly(CoreSchemas.ENTERPRISE_USER_URN, ACME);
        calls.reset();
        RfcShapes.assertServiceProviderConfig(okta.get("/ServiceProviderConfig").json(), base);
        assertThat(calls.total()).as("ServiceProviderConfig reads nothing").isZero();

        // Okta creates a user with the custom attributes: validated, stored, returned.
        calls.reset();
        ScimHttp.Response created = okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
                 "userName": "jane.custom@example.org", "active": true, "password": "Okta-placeholder-1",
                 "%s": {"costCenter": "42", "badgeNumber": 7, "hireDate": "2024-05-01T09:00:00Z"}}"""
                .formatted(ACME, ACME));
        assertThat(created.status()).isEqualTo(201);
        assertThat(calls.snapshot()).as("a cold environment reads the tenant's schemas once")
                .isEqualTo(Map.of("Query", 1L, "TransactWriteItems", 1L));
        String id = created.json().get("id").textValue();
        assertThat(created.json().get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN, ACME);
        assertThat(created.json().get(ACME).get("costCenter").textValue()).isEqualTo("42");
        ScimHttp.Response badType = okta.post("/Users", "{\"userName\":\"bad@example.org\",\"" + ACME
                + "\":{\"badgeNumber\":\"seven\"}}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("detail").textValue()).contains(ACME + ":badgeNumber");

        // Okta pushes a profile update by URN path: within the PATCH budget once the schemas are cached.
        calls.reset();
        ScimHttp.Response patched = okta.patch("/Users/" + id, PATCH.formatted(
                "{\"op\":\"replace\",\"path\":\"" + ACME + ":costCenter\",\"value\":\"43\"}"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get(ACME).get("costCenter").textValue()).isEqualTo("43");
        assertThat(calls.snapshot()).as("+ the user's groups, returned by default").isEqualTo(Map.of("GetItem", 1L, "PutItem", 1L, "Query", 1L));

        // Filterable.
        JsonNode found = okta.get("/Users?" + ScimHttp.query(ACME + ":costCenter eq \"43\"")).json();
        assertThat(found.get("totalResults").intValue()).isEqualTo(1);
        assertThat(found.at("/Resources/0/id").textValue()).isEqualTo(id);

        // Read-only discovery, unknown documents.
        assertThat(okta.post("/Schemas", ACME_DOCUMENT).status()).isEqualTo(405);
        assertThat(okta.delete("/Schemas/" + ACME).json().get("status").textValue()).isEqualTo("405");
        assertThat(okta.get("/Schemas/urn:example:nothing:User").status()).isEqualTo(404);
        assertThat(okta.get("/ResourceTypes/Widget").status()).isEqualTo(404);

        // The operator removes the extension: discovery drops it at once; the values stay in the table.
        Result removed = schemas("remove", "--tenant", LocalApi.TENANT, "--urn", ACME);
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(ids(okta.get("/Schemas").json(), "id")).doesNotContain(ACME);

        ScimHttp later = freshEnvironment();
        JsonNode read = later.get("/Users/" + id).json();
        assertThat(read.has(ACME)).isFalse();
        assertThat(read.get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN);
        ObjectNode echoed = read.deepCopy();
        echoed.put("displayName", "Jane Custom");
        assertThat(later.put("/Users/" + id, echoed.toString()).status()).isEqualTo(200);
        assertThat(later.patch("/Users/" + id, PATCH.formatted("{\"op\":\"replace\",\"value\":{\"active\":false}}"))
                .status()).isEqualTo(200);
        assertThat(later.get("/Users?" + ScimHttp.query(ACME + ":costCenter eq \"43\"")).json()
                .get("totalResults").intValue()).isZero();
        StoredResource stored = new DynamoUserStore(engine.client(), table, Clock.systemUTC())
                .get(LocalApi.TENANT, id).orElseThrow();
        assertThat(stored.body().get(ACME).get("costCenter").textValue()).isEqualTo("43");
        assertThat(stored.body().get(ACME).get("badgeNumber").intValue()).isEqualTo(7);
        assertThat(stored.body().get("displayName").textValue()).isEqualTo("Jane Custom");

        // Declared again: the values come back.
        assertThat(schemas("put", "--tenant", LocalApi.TENANT, "--file", file.toString()).code()).isZero();
        Result listed = schemas("list", "--tenant", LocalApi.TENANT);
        assertThat(listed.out()).contains(ACME + ":costCenter  string");
        JsonNode back = freshEnvironment().get("/Users/" + id).json();
        assertThat(back.get(ACME).get("costCenter").textValue()).isEqualTo("43");
        assertThat(back.get(ACME).get("hireDate").textValue()).isEqualTo("2024-05-01T09:00:00Z");
        assertThat(back.get("active").booleanValue()).isFalse();
    }

    @Test
    void aMalformedDocumentIsRefusedAndNothingIsDeclared() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), """
                {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": [{"name": "x", "type": "complex"}]}""");
        Result refused = schemas("put", "--tenant", "refused-tenant", "--file", file.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("which RFC 7643/7644 reserve", "needs a non-empty subAttributes array");
        assertThat(schemas("list", "--tenant", "refused-tenant").out()).contains("declares no extension schemas");
    }
}
