package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;

/**
 * Assertions that a discovery document has the shape RFC 7643 gives it: required attributes present and
 * of the right JSON type, characteristic values from the RFC's vocabulary. Shared by unit and
 * integration tests.
 */
public final class RfcShapes {

    private static final Set<String> TYPES = Set.of("string", "boolean", "decimal", "integer", "dateTime", "reference",
            "complex", "binary");
    private static final Set<String> MUTABILITY = Set.of("readOnly", "readWrite", "immutable", "writeOnly");
    private static final Set<String> RETURNED = Set.of("always", "never", "default", "request");
    private static final Set<String> UNIQUENESS = Set.of("none", "server", "global");

    private RfcShapes() {}

    /** RFC 7644 §3.4.2: the ListResponse envelope, holding every resource on one page. */
    public static void assertListResponse(JsonNode list, int expectedTotal) {
        assertThat(list.get("schemas")).containsExactly(TextNode.valueOf("urn:ietf:params:scim:api:messages:2.0:ListResponse"));
        assertThat(list.get("totalResults").isInt()).isTrue();
        assertThat(list.get("totalResults").intValue()).isEqualTo(expectedTotal);
        assertThat(list.get("itemsPerPage").isInt()).isTrue();
        assertThat(list.get("itemsPerPage").intValue()).isEqualTo(expectedTotal);
        assertThat(list.get("startIndex").isInt()).isTrue();
        assertThat(list.get("startIndex").intValue()).isEqualTo(1);
        assertThat(list.get("Resources").isArray()).isTrue();
        assertThat(list.get("Resources")).hasSize(expectedTotal);
    }

    /** RFC 7643 §5. */
    public static void assertServiceProviderConfig(JsonNode config, String base) {
        assertThat(config.get("schemas"))
                .containsExactly(TextNode.valueOf("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
        for (String feature : List.of("patch", "bulk", "filter", "changePassword", "sort", "etag")) {
            assertThat(config.path(feature).path("supported").isBoolean()).as(feature + ".supported").isTrue();
        }
        assertThat(config.at("/bulk/maxOperations").isInt()).isTrue();
        assertThat(config.at("/bulk/maxPayloadSize").isInt()).isTrue();
        assertThat(config.at("/filter/maxResults").isInt()).isTrue();
        JsonNode schemes = config.get("authenticationSchemes");
        assertThat(schemes.isArray()).isTrue();
        assertThat(schemes).isNotEmpty();
        for (JsonNode scheme : schemes) {
            for (String required : List.of("type", "name", "description")) {
                assertThat(scheme.path(required).isTextual()).as("authenticationSchemes." + required).isTrue();
                assertThat(scheme.get(required).textValue()).isNotBlank();
            }
        }
        if (config.has("documentationUri")) {
            assertThat(config.get("documentationUri").isTextual()).isTrue();
        }
        assertMeta(config, "ServiceProviderConfig", base + "/ServiceProviderConfig");
    }

    /** RFC 7643 §6. */
    public static void assertResourceType(JsonNode type, String base) {
        assertThat(type.get("schemas"))
                .containsExactly(TextNode.valueOf("urn:ietf:params:scim:schemas:core:2.0:ResourceType"));
        for (String required : List.of("name", "endpoint", "schema")) {
            assertThat(type.path(required).isTextual()).as(required).isTrue();
        }
        assertThat(type.get("endpoint").textValue()).startsWith("/");
        assertThat(type.get("schema").textValue()).startsWith("urn:");
        if (type.has("id")) {
            assertThat(type.get("id").isTextual()).isTrue();
        }
        if (type.has("description")) {
            assertThat(type.get("description").isTextual()).isTrue();
        }
        if (type.has("schemaExtensions")) {
            assertThat(type.get("schemaExtensions").isArray()).isTrue();
            for (JsonNode extension : type.get("schemaExtensions")) {
                assertThat(extension.path("schema").isTextual()).isTrue();
                assertThat(extension.get("schema").textValue()).startsWith("urn:");
                assertThat(extension.path("required").isBoolean()).isTrue();
            }
        }
        assertMeta(type, "ResourceType", base + "/ResourceTypes/" + type.get("name").textValue());
    }

    /** RFC 7643 §7: the schema and, recursively, complete attribute definitions. */
    public static void assertSchema(JsonNode schema, String base) {
        assertThat(schema.get("schemas")).containsExactly(TextNode.valueOf("urn:ietf:params:scim:schemas:core:2.0:Schema"));
        assertThat(schema.path("id").isTextual()).isTrue();
        assertThat(schema.get("id").textValue()).startsWith("urn:");
        assertThat(schema.path("name").isTextual()).isTrue();
        assertThat(schema.path("description").isTextual()).isTrue();
        assertThat(schema.get("attributes").isArray()).isTrue();
        assertThat(schema.get("attributes")).isNotEmpty();
        for (JsonNode attribute : schema.get("attributes")) {
            assertAttribute(attribute, false);
        }
        assertMeta(schema, "Schema", base + "/Schemas/" + schema.get("id").textValue());
    }

    private static void assertAttribute(JsonNode attribute, boolean sub) {
        String name = attribute.path("name").asText("?");
        assertThat(attribute.path("name").isTextual()).as("name").isTrue();
        assertThat(TYPES).as(name + ".type").contains(attribute.path("type").asText());
        for (String flag : List.of("multiValued", "required", "caseExact")) {
            assertThat(attribute.path(flag).isBoolean()).as(name + "." + flag).isTrue();
        }
        assertThat(attribute.path("description").isTextual()).as(name + ".description").isTrue();
        assertThat(MUTABILITY).as(name + ".mutability").contains(attribute.path("mutability").asText());
        assertThat(RETURNED).as(name + ".returned").contains(attribute.path("returned").asText());
        assertThat(UNIQUENESS).as(name + ".uniqueness").contains(attribute.path("uniqueness").asText());
        if (attribute.has("canonicalValues")) {
            assertThat(attribute.get("canonicalValues").isArray()).isTrue();
            attribute.get("canonicalValues").forEach(value -> assertThat(value.isTextual()).isTrue());
        }
        if (attribute.get("type").textValue().equals("reference")) {
            assertThat(attribute.get("referenceTypes").isArray()).as(name + ".referenceTypes").isTrue();
            assertThat(attribute.get("referenceTypes")).isNotEmpty();
        }
        if (attribute.get("type").textValue().equals("complex")) {
            assertThat(sub).as(name + ": no complex sub-attributes").isFalse();
            assertThat(attribute.get("subAttributes").isArray()).as(name + ".subAttributes").isTrue();
            assertThat(attribute.get("subAttributes")).isNotEmpty();
            attribute.get("subAttributes").forEach(subAttribute -> assertAttribute(subAttribute, true));
        } else {
            assertThat(attribute.has("subAttributes")).as(name + ": only complex has subAttributes").isFalse();
        }
    }

    private static void assertMeta(JsonNode document, String resourceType, String location) {
        assertThat(document.at("/meta/resourceType").textValue()).isEqualTo(resourceType);
        assertThat(document.at("/meta/location").textValue()).isEqualTo(location);
    }
}
