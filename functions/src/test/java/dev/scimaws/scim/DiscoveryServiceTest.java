package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.scim.schema.SchemaDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryServiceTest {

    private static final String BASE = "https://scim.example.com/v2/scim/v2";
    private static final String ACME_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final String ACME = """
            {"id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "AcmeUser",
             "attributes": [
               {"name": "costCenter", "type": "string"},
               {"name": "badgeNumber", "type": "integer", "mutability": "immutable"},
               {"name": "homepage", "type": "reference", "referenceTypes": ["external"]},
               {"name": "building", "type": "complex", "subAttributes": [{"name": "code", "type": "string"}]}]}""";

    private final InMemoryExtensionSchemaStore store = new InMemoryExtensionSchemaStore();
    private final DiscoveryService discovery = new DiscoveryService(store, null);

    private JsonNode get(String endpoint, String id) throws Exception {
        return get("acme", endpoint, id, Map.of());
    }

    private JsonNode get(String tenant, String endpoint, String id, Map<String, String> query) throws Exception {
        ScimResponse response = discovery.handle(request(tenant, "GET", id, query), endpoint);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/scim+json");
        return Json.MAPPER.readTree(response.body());
    }

    private static ScimRequest request(String tenant, String method, String id, Map<String, String> query) {
        return new ScimRequest(tenant, method, id, query, Map.of(), method.equals("GET") ? null : "{}", BASE, "req-1");
    }

    private ScimException failure(String method, String endpoint, String id, Map<String, String> query) {
        return catchThrowableOfType(ScimException.class,
                () -> discovery.handle(request("acme", method, id, query), endpoint));
    }

    private void declareAcme() throws Exception {
        store.put("acme", SchemaDocument.parse(ACME));
    }

    @Test
    void serviceProviderConfigSaysWhatTheServerDoes() throws Exception {
        JsonNode config = get(DiscoveryService.SERVICE_PROVIDER_CONFIG, null);
        RfcShapes.assertServiceProviderConfig(config, BASE);
        assertThat(config.at("/patch/supported").booleanValue()).isTrue();
        assertThat(config.at("/bulk/supported").booleanValue()).isFalse();
        assertThat(config.at("/bulk/maxOperations").intValue()).isZero();
        assertThat(config.at("/bulk/maxPayloadSize").intValue()).isEqualTo(UsersService.MAX_BODY_BYTES);
        assertThat(config.at("/filter/supported").booleanValue()).isTrue();
        assertThat(config.at("/filter/maxResults").intValue()).isEqualTo(ListParameters.MAX_RESULTS);
        assertThat(config.at("/filter/maxScanned").intValue()).isEqualTo(dev.scimaws.scim.query.Budgets.SCAN_ITEMS);
        assertThat(config.at("/patch/maxMemberChanges").intValue()).isEqualTo(dev.scimaws.scim.query.Budgets.MEMBER_CHANGES);
        assertThat(config.at("/pagination/cursor").booleanValue()).isTrue();
        assertThat(config.at("/pagination/index").booleanValue()).isTrue();
        assertThat(config.at("/pagination/maxPageSize").intValue()).isEqualTo(ListParameters.MAX_RESULTS);
        assertThat(config.at("/changePassword/supported").booleanValue()).isFalse();
        assertThat(config.at("/sort/supported").booleanValue()).isFalse();
        assertThat(config.at("/etag/supported").booleanValue()).isTrue();
        JsonNode bearer = config.at("/authenticationSchemes/0");
        assertThat(config.get("authenticationSchemes")).hasSize(1);
        assertThat(bearer.get("type").textValue()).isEqualTo("oauthbearertoken");
        assertThat(bearer.get("primary").booleanValue()).isTrue();
        assertThat(bearer.get("specUri").textValue()).isEqualTo(DiscoveryService.BEARER_SPEC_URI);
        assertThat(config.has("documentationUri")).isFalse();
        assertThat(store.loads()).as("no DynamoDB call").isZero();
    }

    @Test
    void documentationUriIsAdvertisedWhenConfigured() throws Exception {
        ScimResponse response = new DiscoveryService(store, "https://docs.example.com/scim")
                .handle(request("acme", "GET", null, Map.of()), DiscoveryService.SERVICE_PROVIDER_CONFIG);
        JsonNode config = Json.MAPPER.readTree(response.body());
        assertThat(config.get("documentationUri").textValue()).isEqualTo("https://docs.example.com/scim");
        assertThat(config.at("/authenticationSchemes/0/documentationUri").textValue()).isEqualTo("https://docs.example.com/scim");
    }

    @Test
    void resourceTypesListUserWithEveryExtensionAndGroup() throws Exception {
        declareAcme();
        JsonNode list = get(DiscoveryService.RESOURCE_TYPES, null);
        RfcShapes.assertListResponse(list, 2);
        list.get("Resources").forEach(type -> RfcShapes.assertResourceType(type, BASE));
        JsonNode user = list.at("/Resources/0");
        assertThat(user.get("id").textValue()).isEqualTo("User");
        assertThat(user.get("name").textValue()).isEqualTo("User");
        assertThat(user.get("endpoint").textValue()).isEqualTo("/Users");
        assertThat(user.get("schema").textValue()).isEqualTo(CoreSchemas.USER_URN);
        assertThat(user.get("schemaExtensions")).hasSize(2);
        assertThat(user.at("/schemaExtensions/0/schema").textValue()).isEqualTo(CoreSchemas.ENTERPRISE_USER_URN);
        assertThat(user.at("/schemaExtensions/1/schema").textValue()).isEqualTo(ACME_URN);
        user.get("schemaExtensions").forEach(extension -> assertThat(extension.get("required").booleanValue()).isFalse());
        assertThat(user.at("/meta/location").textValue()).isEqualTo(BASE + "/ResourceTypes/User");
        JsonNode group = list.at("/Resources/1");
        assertThat(group.get("endpoint").textValue()).isEqualTo("/Groups");
        assertThat(group.get("schema").textValue()).isEqualTo(CoreSchemas.GROUP_URN);
        assertThat(group.has("schemaExtensions")).isFalse();
        assertThat(store.loads()).isEqualTo(1);
    }

    @Test
    void resourceTypeByNameIgnoringCase() throws Exception {
        declareAcme();
        JsonNode user = get(DiscoveryService.RESOURCE_TYPES, "user");
        RfcShapes.assertResourceType(user, BASE);
        assertThat(user.get("schemaExtensions")).extracting(e -> e.get("schema").textValue())
                .containsExactly(CoreSchemas.ENTERPRISE_USER_URN, ACME_URN);
        assertThat(store.loads()).isEqualTo(1);
        RfcShapes.assertResourceType(get(DiscoveryService.RESOURCE_TYPES, "Group"), BASE);
        assertThat(store.loads()).as("Group has no tenant extensions: no read").isEqualTo(1);
    }

    @Test
    void schemasListEveryCompleteDefinition() throws Exception {
        declareAcme();
        JsonNode list = get(DiscoveryService.SCHEMAS, null);
        RfcShapes.assertListResponse(list, 4);
        list.get("Resources").forEach(schema -> RfcShapes.assertSchema(schema, BASE));
        assertThat(list.get("Resources")).extracting(schema -> schema.get("id").textValue())
                .containsExactly(CoreSchemas.USER_URN, CoreSchemas.GROUP_URN, CoreSchemas.ENTERPRISE_USER_URN, ACME_URN);
        JsonNode user = list.at("/Resources/0");
        assertThat(user.get("attributes")).extracting(attribute -> attribute.get("name").textValue())
                .contains("userName", "name", "emails", "password", "groups");
        assertThat(store.loads()).as("one DynamoDB call").isEqualTo(1);
    }

    @Test
    void tenantsSeeOnlyTheirOwnExtensions() throws Exception {
        declareAcme();
        JsonNode other = get("other", DiscoveryService.SCHEMAS, null, Map.of());
        RfcShapes.assertListResponse(other, 3);
        assertThat(catchThrowableOfType(ScimException.class, () -> discovery.handle(
                request("other", "GET", ACME_URN, Map.of()), DiscoveryService.SCHEMAS)).getScimError().getStatus())
                .isEqualTo(404);
    }

    @Test
    void schemaByIdIgnoringCaseWithTheCustomExtensionComplete() throws Exception {
        declareAcme();
        JsonNode enterprise = get(DiscoveryService.SCHEMAS, CoreSchemas.ENTERPRISE_USER_URN.toLowerCase());
        RfcShapes.assertSchema(enterprise, BASE);
        assertThat(enterprise.get("id").textValue()).isEqualTo(CoreSchemas.ENTERPRISE_USER_URN);
        assertThat(store.loads()).as("built-in schemas need no read").isZero();

        JsonNode acme = get(DiscoveryService.SCHEMAS, ACME_URN);
        RfcShapes.assertSchema(acme, BASE);
        assertThat(acme.get("name").textValue()).isEqualTo("AcmeUser");
        assertThat(acme.at("/attributes/1/mutability").textValue()).isEqualTo("immutable");
        assertThat(acme.at("/attributes/2/referenceTypes/0").textValue()).isEqualTo("external");
        assertThat(acme.at("/attributes/3/subAttributes/0/name").textValue()).isEqualTo("code");
        assertThat(acme.at("/meta/location").textValue()).isEqualTo(BASE + "/Schemas/" + ACME_URN);
        assertThat(store.loads()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"Schemas,urn:example:unknown:User", "ResourceTypes,Widget", "ServiceProviderConfig,x"})
    void unknownDocumentsAre404(String endpoint, String id) {
        ScimException e = failure("GET", endpoint, id, Map.of());
        assertThat(e.getScimError().getStatus()).isEqualTo(404);
        assertThat(e.getScimError().getDetail()).isNotBlank();
    }

    @Test
    void everyWriteMethodOnEveryDiscoveryPathIs405() {
        List<String> cases = new ArrayList<>();
        for (String endpoint : DiscoveryService.ENDPOINTS) {
            for (String id : new String[] {null, "User"}) {
                for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                    ScimException e = failure(method, endpoint, id, Map.of());
                    assertThat(e.getScimError().getStatus()).as(method + " " + endpoint + "/" + id).isEqualTo(405);
                    assertThat(ScimErrors.from(e).body()).contains("\"status\":\"405\"", "read-only");
                    cases.add(method + endpoint);
                }
            }
        }
        assertThat(cases).hasSize(24);
        assertThat(store.loads()).isZero();
    }

    @Test
    void filterIsRefusedAndPagingIgnored() throws Exception {
        ScimException e = failure("GET", DiscoveryService.SCHEMAS, null, Map.of("filter", "id eq \"x\""));
        assertThat(e.getScimError().getStatus()).isEqualTo(403);
        Map<String, String> paging = new HashMap<>(Map.of("startIndex", "2", "count", "1", "sortBy", "id"));
        RfcShapes.assertListResponse(get("acme", DiscoveryService.RESOURCE_TYPES, null, paging), 2);
    }
}
