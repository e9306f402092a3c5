package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.priming.Priming;
import dev.scimaws.scim.DiscoveryService;
import dev.scimaws.scim.InMemoryExtensionSchemaStore;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.RfcShapes;
import dev.scimaws.scim.schema.CoreSchemas;
import dev.scimaws.scim.schema.SchemaDocument;
import dev.scimaws.testing.Events;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample events in events/discovery through the handler, with a fake schema store. */
class DiscoveryHandlerTest {

    private static final String LOCAL_BASE = "https://scim.example.com/scim/v2";
    private static final String ACME_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";

    private final InMemoryExtensionSchemaStore store = new InMemoryExtensionSchemaStore();
    private final DiscoveryHandler handler = new DiscoveryHandler(store, null);

    /** Read as the Lambda runtime reads it. */
    private static APIGatewayProxyRequestEvent sample(String name) {
        return Events.load("discovery/" + name, APIGatewayProxyRequestEvent.class, Map.of());
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/scim+json");
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void serviceProviderConfigSample() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(sample("service-provider-config.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        RfcShapes.assertServiceProviderConfig(body(response), LOCAL_BASE);
    }

    @Test
    void resourceTypesSampleShowsTheTenantsExtension() throws Exception {
        store.put("local", SchemaDocument.parse("{\"id\":\"" + ACME_URN + "\",\"attributes\":[{\"name\":\"costCenter\",\"type\":\"string\"}]}"));
        APIGatewayProxyResponseEvent response = handler.handleRequest(sample("resource-types.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode list = body(response);
        RfcShapes.assertListResponse(list, 2);
        list.get("Resources").forEach(type -> RfcShapes.assertResourceType(type, LOCAL_BASE));
        assertThat(list.at("/Resources/0/schemaExtensions/1/schema").textValue()).isEqualTo(ACME_URN);
        assertThat(store.loads()).isEqualTo(1);
    }

    @Test
    void schemasSample() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(sample("schemas.json"), null);
        JsonNode list = body(response);
        RfcShapes.assertListResponse(list, 3);
        list.get("Resources").forEach(schema -> RfcShapes.assertSchema(schema, LOCAL_BASE));
    }

    @Test
    void schemaByIdSample() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(sample("schema-by-id.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode schema = body(response);
        RfcShapes.assertSchema(schema, LOCAL_BASE);
        assertThat(schema.get("id").textValue()).isEqualTo(CoreSchemas.ENTERPRISE_USER_URN);
        assertThat(store.loads()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void writesOnEveryDiscoveryPathAre405InScimJson(String method) throws Exception {
        for (String name : List.of("service-provider-config.json", "resource-types.json", "schemas.json", "schema-by-id.json")) {
            APIGatewayProxyRequestEvent event = sample(name).withHttpMethod(method).withBody("{}");
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            assertThat(response.getStatusCode()).as(method + " " + name).isEqualTo(405);
            JsonNode error = body(response);
            assertThat(error.get("schemas").get(0).textValue()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(error.get("status").textValue()).isEqualTo("405");
            assertThat(error.get("detail").textValue()).isNotBlank();
        }
    }

    @Test
    void stagePrefixAndAnEncodedIdWithoutPathParameters() throws Exception {
        APIGatewayProxyRequestEvent event = sample("schema-by-id.json")
                .withResource(null)
                .withPathParameters(null)
                .withPath("/scim/v2/Schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Acore%3A2.0%3AGroup")
                .withHeaders(Map.of("Host", "api.example.com"))
                .withMultiValueHeaders(null);
        event.getRequestContext().setPath("/prod/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group");
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode schema = body(response);
        assertThat(schema.get("id").textValue()).isEqualTo(CoreSchemas.GROUP_URN);
        assertThat(schema.at("/meta/location").textValue())
                .isEqualTo("https://api.example.com/prod/scim/v2/Schemas/" + CoreSchemas.GROUP_URN);
    }

    @Test
    void unknownSchemaAndResourceTypeAre404() throws Exception {
        APIGatewayProxyRequestEvent schema = sample("schema-by-id.json")
                .withPathParameters(Map.of("id", "urn:example:nothing:User"));
        assertThat(handler.handleRequest(schema, null).getStatusCode()).isEqualTo(404);
        APIGatewayProxyRequestEvent type = sample("resource-types.json")
                .withResource("/v2/ResourceTypes/{id}").withPathParameters(Map.of("id", "Widget"));
        APIGatewayProxyResponseEvent response = handler.handleRequest(type, null);
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(body(response).get("status").textValue()).isEqualTo("404");
    }

    @Test
    void aPathThatIsNoDiscoveryEndpointIs404() throws Exception {
        APIGatewayProxyRequestEvent event = sample("schemas.json").withResource("/v2/Widgets").withPath("/scim/v2/Widgets");
        event.getRequestContext().setPath("/scim/v2/Widgets");
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(body(response).get("status").textValue()).isEqualTo("404");
    }

    @Test
    void withoutATenantFromTheAuthorizerIs401() throws Exception {
        APIGatewayProxyRequestEvent event = sample("service-provider-config.json");
        event.getRequestContext().setAuthorizer(new HashMap<>());
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(body(response).get("status").textValue()).isEqualTo("401");
    }

    @Test
    void theResourceSegmentIsAWholePathElement() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource("/scim/v2/{proxy+}")
                .withPath("/SchemasX/scim/v2/ResourceTypes/Schemas");
        assertThat(ApiGateway.resourceSegment(event, DiscoveryService.ENDPOINTS)).contains("ResourceTypes");
        assertThat(ApiGateway.resourceSegment(new APIGatewayProxyRequestEvent().withPath("/scim/v2/Users"),
                DiscoveryService.ENDPOINTS)).isEmpty();
    }

    @Test
    void primingReadsOnly() {
        handler.prime();
        assertThat(store.loads()).as("/ResourceTypes, /Schemas and the unknown URN's look-up").isEqualTo(3);
        assertThat(store.load(Priming.TENANT)).isEmpty();
    }
}
