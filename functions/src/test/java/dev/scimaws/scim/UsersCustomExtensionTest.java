package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.scim.schema.SchemaDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tenant's custom extension through the Users service: per-tenant rules from a fake schema port. */
class UsersCustomExtensionTest {

    private static final String BASE = "https://scim.example.com/scim/v2";
    private static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER_URN;
    private static final String ACME_DOCUMENT = """
            {"id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "AcmeUser",
             "attributes": [
               {"name": "costCenter", "type": "string"},
               {"name": "badgeNumber", "type": "integer", "mutability": "immutable"},
               {"name": "hireDate", "type": "dateTime", "returned": "request"},
               {"name": "secret", "type": "string", "returned": "never"},
               {"name": "region", "type": "string", "returned": "always"},
               {"name": "Address", "type": "complex", "subAttributes": [
                 {"name": "street", "type": "string"}, {"name": "city", "type": "string"}]}]}""";

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final InMemoryExtensionSchemaStore schemas = new InMemoryExtensionSchemaStore();
    private final AtomicLong nanos = new AtomicLong();
    private final UsersService service = new UsersService(users,
            new TenantUserRules(schemas, Duration.ofSeconds(30), nanos::get),
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void declareAcme() throws Exception {
        declare(ACME_DOCUMENT);
    }

    private void declare(String document) throws Exception {
        new ExtensionSchemas(schemas).declare("acme", document);
        expireSchemaCache();
    }

    private void expireSchemaCache() {
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    }

    private JsonNode call(String method, String id, Map<String, String> query, String body) throws Exception {
        ScimResponse response = service.handle(new ScimRequest("acme", method, id, query,
                Map.of("Content-Type", "application/scim+json"), body, BASE, "req-1"));
        return response.body() == null ? null : Json.MAPPER.readTree(response.body());
    }

    private ScimException failure(String method, String id, String body) {
        return catchThrowableOfType(ScimException.class, () -> call(method, id, Map.of(), body));
    }

    private String createJane() throws Exception {
        JsonNode created = call("POST", null, Map.of(), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
                 "userName": "jane@example.org", "active": true,
                 "%s": {"costCenter": "42", "badgeNumber": 7, "hireDate": "2024-05-01T09:00:00+02:00",
                        "secret": "s3", "region": "EMEA", "address": {"street": "Main 1", "city": "Bergen"}}}"""
                .formatted(ACME, ACME));
        return created.get("id").textValue();
    }

    private ObjectNode stored(String id) {
        return users.get("acme", id).orElseThrow().body();
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    @Test
    void customAttributesAreValidatedStoredAndReturned() throws Exception {
        String id = createJane();
        JsonNode user = call("GET", id, Map.of(), null);
        assertThat(user.get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN, ACME);
        assertThat(user.at("/" + ACME.replace("/", "~1") + "/costCenter").textValue()).isEqualTo("42");
        JsonNode acme = user.get(ACME);
        assertThat(acme.get("badgeNumber").intValue()).isEqualTo(7);
        assertThat(acme.get("Address").get("city").textValue()).isEqualTo("Bergen");
        assertThat(acme.get("region").textValue()).isEqualTo("EMEA");
        assertThat(acme.has("hireDate")).as("returned: request").isFalse();
        assertThat(acme.has("secret")).as("returned: never").isFalse();
        assertThat(stored(id).get(ACME).get("hireDate").textValue()).isEqualTo("2024-05-01T07:00:00Z");
        assertThat(stored(id).get(ACME).get("secret").textValue()).isEqualTo("s3");
    }

    @Test
    void aWrongTypeInADeclaredExtensionIs400NamingTheAttribute() {
        ScimException e = failure("POST", null, """
                {"userName": "x@example.org", "%s": {"badgeNumber": "seven"}}""".formatted(ACME));
        assertThat(e.getScimError().getStatus()).isEqualTo(400);
        assertThat(e.getScimError().getScimType()).isEqualTo("invalidValue");
        assertThat(e.getScimError().getDetail()).contains("'" + ACME + ":badgeNumber'");
    }

    @Test
    void patchByUrnPathInAnyCase() throws Exception {
        String id = createJane();
        JsonNode patched = call("PATCH", id, Map.of(), patch(
                "{\"op\":\"replace\",\"path\":\"" + ACME + ":costCenter\",\"value\":\"43\"}"));
        assertThat(patched.get(ACME).get("costCenter").textValue()).isEqualTo("43");
        patched = call("PATCH", id, Map.of(), patch(
                "{\"op\":\"Replace\",\"path\":\"" + ACME.toUpperCase() + ":COSTCENTER\",\"value\":\"44\"}"));
        assertThat(patched.get(ACME).get("costCenter").textValue()).isEqualTo("44");
        assertThat(stored(id).get(ACME).get("costCenter").textValue()).isEqualTo("44");
        patched = call("PATCH", id, Map.of(), patch(
                "{\"op\":\"remove\",\"path\":\"" + ACME + ":Address.street\"}"));
        assertThat(patched.get(ACME).get("Address")).isEqualTo(Json.MAPPER.readTree("{\"city\":\"Bergen\"}"));
    }

    @Test
    void pathlessPatchWithTheExtensionAsKeyMergesIntoIt() throws Exception {
        String id = createJane();
        JsonNode patched = call("PATCH", id, Map.of(), patch("""
                {"op": "replace", "value": {"%s": {"costCenter": "50", "Address": {"city": "Oslo"}}}}""".formatted(ACME)));
        JsonNode acme = patched.get(ACME);
        assertThat(acme.get("costCenter").textValue()).isEqualTo("50");
        assertThat(acme.get("badgeNumber").intValue()).isEqualTo(7);
        assertThat(acme.get("Address").get("city").textValue()).isEqualTo("Oslo");
        assertThat(acme.get("Address").get("street").textValue()).as("complex values merge").isEqualTo("Main 1");
    }

    @Test
    void patchPathNamingTheWholeExtension() throws Exception {
        String id = createJane();
        JsonNode added = call("PATCH", id, Map.of(), patch("""
                {"op": "add", "path": "%s", "value": {"costCenter": "60"}}""".formatted(ACME)));
        assertThat(added.get(ACME).get("costCenter").textValue()).isEqualTo("60");
        JsonNode removed = call("PATCH", id, Map.of(), patch("{\"op\": \"remove\", \"path\": \"" + ACME + "\"}"));
        assertThat(removed.get(ACME).has("costCenter")).isFalse();
        assertThat(removed.get(ACME).get("badgeNumber").intValue()).as("immutable values stay").isEqualTo(7);
        assertThat(failure("PATCH", id, patch("{\"op\": \"add\", \"path\": \"" + ACME + "\", \"value\": 5}"))
                .getScimError().getScimType()).isEqualTo("invalidValue");
    }

    @Test
    void anExtensionUrnIsRecognisedByLookupNotBySpelling() throws Exception {
        declare("""
                {"id": "urn:acme:scim:user-extension",
                 "attributes": [{"name": "level", "type": "string"},
                                {"name": "Badge", "type": "complex", "subAttributes": [{"name": "code", "type": "string"}]}]}""");
        String id = createJane();
        JsonNode patched = call("PATCH", id, Map.of(), patch("""
                {"op": "add", "value": {"urn:acme:scim:user-extension": {"level": "3", "badge": {"code": "B"}},
                                        "urn:unknown:ext:2.0:User": {"x": 1}}}"""));
        assertThat(patched.get("urn:acme:scim:user-extension").get("level").textValue()).isEqualTo("3");
        assertThat(patched.get("urn:acme:scim:user-extension").get("Badge").get("code").textValue()).isEqualTo("B");
        assertThat(patched.has("urn:unknown:ext:2.0:User")).isFalse();
        assertThat(patched.get("schemas")).extracting(JsonNode::textValue)
                .containsExactly(CoreSchemas.USER_URN, "urn:acme:scim:user-extension", ACME); // extensions by URN
    }

    @Test
    void filterOnACustomAttribute() throws Exception {
        String id = createJane();
        call("POST", null, Map.of(), "{\"userName\":\"john@example.org\",\"" + ACME + "\":{\"costCenter\":\"7\"}}");
        JsonNode hit = call("GET", null, Map.of("filter", ACME + ":costCenter eq \"42\""), null);
        assertThat(hit.get("totalResults").intValue()).isEqualTo(1);
        assertThat(hit.at("/Resources/0/id").textValue()).isEqualTo(id);
        JsonNode anyCase = call("GET", null, Map.of("filter", ACME.toLowerCase() + ":COSTCENTER eq \"42\" and active eq true"), null);
        assertThat(anyCase.get("totalResults").intValue()).isEqualTo(1);
        JsonNode present = call("GET", null, Map.of("filter", ACME + ":badgeNumber pr"), null);
        assertThat(present.get("totalResults").intValue()).isEqualTo(1);
        JsonNode miss = call("GET", null, Map.of("filter", ACME + ":costCenter eq \"99\""), null);
        assertThat(miss.get("totalResults").intValue()).isZero();
    }

    @Test
    void schemasListsExactlyTheSchemasWithData() throws Exception {
        JsonNode plain = call("POST", null, Map.of(), "{\"userName\":\"a@example.org\",\"" + ACME + "\":{}}");
        assertThat(plain.get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN);
        JsonNode enterprise = call("POST", null, Map.of(), "{\"userName\":\"b@example.org\",\"" + ENTERPRISE
                + ":employeeNumber\":\"9\"}");
        assertThat(enterprise.get("schemas")).extracting(JsonNode::textValue)
                .containsExactly(CoreSchemas.USER_URN, ENTERPRISE);
    }

    @Test
    void returnedRulesShapeResponses() throws Exception {
        String id = createJane();
        JsonNode asked = call("GET", id, Map.of("attributes", ACME + ":hireDate"), null);
        assertThat(asked.get(ACME).get("hireDate").textValue()).isEqualTo("2024-05-01T07:00:00Z");
        assertThat(asked.get(ACME).get("region").textValue()).as("returned: always").isEqualTo("EMEA");
        assertThat(asked.get(ACME).has("costCenter")).isFalse();
        assertThat(asked.has("userName")).isFalse();

        JsonNode whole = call("GET", id, Map.of("attributes", ACME.toLowerCase()), null);
        assertThat(whole.get(ACME).has("hireDate")).as("naming the extension asks for its request attributes").isTrue();
        assertThat(whole.get(ACME).has("costCenter")).isTrue();
        assertThat(whole.get(ACME).has("secret")).isFalse();

        JsonNode excluded = call("GET", id, Map.of("excludedAttributes", ACME + ":region," + ACME + ":costCenter"), null);
        assertThat(excluded.get(ACME).get("region").textValue()).isEqualTo("EMEA");
        assertThat(excluded.get(ACME).has("costCenter")).isFalse();

        JsonNode listed = call("GET", null, Map.of("attributes", "userName"), null);
        assertThat(listed.at("/Resources/0/userName").textValue()).isEqualTo("jane@example.org");
        assertThat(listed.at("/Resources/0/" + ACME.replace("/", "~1") + "/region").textValue()).isEqualTo("EMEA");
        assertThat(listed.at("/Resources/0").get(ACME).size()).isEqualTo(1);

        JsonNode secretAsked = call("GET", id, Map.of("attributes", ACME + ":secret"), null);
        assertThat(secretAsked.get(ACME).has("secret")).as("returned: never, even when asked").isFalse();
    }

    @Test
    void removingTheExtensionKeepsStoredValuesThroughPutAndPatchUntilItComesBack() throws Exception {
        String id = createJane();
        ObjectNode before = stored(id).get(ACME).deepCopy();
        assertThat(new ExtensionSchemas(schemas).remove("acme", ACME)).isTrue();
        expireSchemaCache();

        JsonNode read = call("GET", id, Map.of(), null);
        assertThat(read.has(ACME)).as("undeclared data is not returned").isFalse();
        assertThat(read.get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN);
        assertThat(call("GET", null, Map.of("filter", ACME + ":costCenter eq \"42\""), null)
                .get("totalResults").intValue()).isZero();

        // Okta's profile push: PUT exactly what it read, plus a change; its old mapping may still send the values.
        ObjectNode put = read.deepCopy();
        put.put("displayName", "Jane");
        put.putObject(ACME).put("costCenter", "overwritten?");
        call("PUT", id, Map.of(), Json.write(put));
        call("PATCH", id, Map.of(), patch("{\"op\":\"replace\",\"value\":{\"active\":false}}"));
        call("PATCH", id, Map.of(), patch("{\"op\":\"replace\",\"path\":\"" + ACME + ":costCenter\",\"value\":\"x\"}"));
        assertThat(stored(id).get(ACME)).isEqualTo(before);
        assertThat(stored(id).get("displayName").textValue()).isEqualTo("Jane");

        declare(ACME_DOCUMENT);
        JsonNode back = call("GET", id, Map.of(), null);
        assertThat(back.get(ACME).get("costCenter").textValue()).isEqualTo("42");
        assertThat(back.get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN, ACME);
    }

    @Test
    void aRedefinedAttributeKeepsItsOldValueUntilAClientChangesIt() throws Exception {
        String id = createJane();
        declare(ACME_DOCUMENT.replace("""
                {"name": "costCenter", "type": "string"}""", """
                {"name": "costCenter", "type": "integer"}"""));
        JsonNode deactivated = call("PATCH", id, Map.of(), patch("{\"op\":\"replace\",\"value\":{\"active\":false}}"));
        assertThat(deactivated.get("active").booleanValue()).isFalse();
        assertThat(deactivated.get(ACME).get("costCenter").textValue()).isEqualTo("42");
        JsonNode echoed = call("GET", id, Map.of(), null);
        call("PUT", id, Map.of(), Json.write(echoed));
        ObjectNode changed = echoed.deepCopy();
        ((ObjectNode) changed.get(ACME)).put("costCenter", "43");
        assertThat(failure("PUT", id, Json.write(changed)).getScimError().getDetail()).contains(ACME + ":costCenter");
        ((ObjectNode) changed.get(ACME)).put("costCenter", 43);
        assertThat(call("PUT", id, Map.of(), Json.write(changed)).get(ACME).get("costCenter").intValue()).isEqualTo(43);
    }

    @Test
    void theTenantsSchemasAreReadOncePerCacheLifetime() throws Exception {
        int loads = schemas.loads();
        String id = createJane();
        call("GET", id, Map.of(), null);
        call("PATCH", id, Map.of(), patch("{\"op\":\"replace\",\"value\":{\"active\":false}}"));
        call("GET", null, Map.of("filter", "userName eq \"jane@example.org\""), null);
        assertThat(schemas.loads() - loads).isEqualTo(1);
        expireSchemaCache();
        call("GET", id, Map.of(), null);
        assertThat(schemas.loads() - loads).isEqualTo(2);
    }

    @Test
    void otherTenantsDoNotGetTheExtension() throws Exception {
        JsonNode created = Json.MAPPER.readTree(service.handle(new ScimRequest("other", "POST", null, Map.of(), Map.of(),
                "{\"userName\":\"o@example.org\",\"" + ACME + "\":{\"costCenter\":\"1\"}}", BASE, "r")).body());
        assertThat(created.has(ACME)).isFalse();
        assertThat(users.get("other", created.get("id").textValue()).orElseThrow().body().has(ACME)).isFalse();
    }

    @Test
    void enterpriseManagerInEntrasShapes() throws Exception {
        String id = createJane();
        JsonNode set = call("PATCH", id, Map.of(), patch("""
                {"op": "Add", "path": "%s:manager", "value": [{"value": "boss-id"}]}""".formatted(ENTERPRISE)));
        assertThat(set.get(ENTERPRISE).get("manager").get("value").textValue()).isEqualTo("boss-id");
        JsonNode cleared = call("PATCH", id, Map.of(), patch("""
                {"op": "Replace", "value": {"%s:manager": {"value": ""}}}""".formatted(ENTERPRISE)));
        assertThat(cleared.has(ENTERPRISE)).isFalse();
        assertThat(cleared.get("schemas")).extracting(JsonNode::textValue).containsExactly(CoreSchemas.USER_URN, ACME);
    }

    @Test
    void theDocumentIsTheOneDeclared() throws Exception {
        assertThat(schemas.load("acme")).containsExactly(SchemaDocument.parse(ACME_DOCUMENT));
    }
}
