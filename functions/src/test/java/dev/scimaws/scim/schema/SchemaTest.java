package dev.scimaws.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.schema.Attribute.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaTest {

    private static final Set<String> ATTRIBUTE_KEYS = Set.of("name", "type", "multiValued", "description", "required",
            "caseExact", "mutability", "returned", "uniqueness");

    private static List<String> names(JsonNode attributes) {
        List<String> names = new ArrayList<>();
        attributes.forEach(attribute -> names.add(attribute.get("name").asText()));
        return names;
    }

    private static JsonNode attribute(JsonNode attributes, String name) {
        for (JsonNode attribute : attributes) {
            if (attribute.get("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name);
    }

    @Test
    void userSchemaDocumentHasEveryRfcAttribute() {
        ObjectNode json = CoreSchemas.USER.toJson();
        assertThat(json.get("schemas")).containsExactly(json.textNode(Schema.SCHEMA_URN));
        assertThat(json.get("id").asText()).isEqualTo(CoreSchemas.USER_URN);
        assertThat(json.get("name").asText()).isEqualTo("User");
        assertThat(json.get("description").asText()).isNotBlank();
        assertThat(json.has("meta")).isFalse();

        JsonNode attributes = json.get("attributes");
        assertThat(names(attributes)).containsExactly("userName", "name", "displayName", "nickName", "profileUrl",
                "title", "userType", "preferredLanguage", "locale", "timezone", "active", "password", "emails",
                "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates");
        assertThat(names(attribute(attributes, "name").get("subAttributes"))).containsExactly("formatted", "familyName",
                "givenName", "middleName", "honorificPrefix", "honorificSuffix");
        assertThat(names(attribute(attributes, "emails").get("subAttributes")))
                .containsExactly("value", "display", "type", "primary");
        assertThat(names(attribute(attributes, "addresses").get("subAttributes"))).containsExactly("formatted",
                "streetAddress", "locality", "region", "postalCode", "country", "type", "primary");
        assertThat(names(attribute(attributes, "groups").get("subAttributes")))
                .containsExactly("value", "$ref", "display", "type");

        JsonNode userName = attribute(attributes, "userName");
        assertThat(userName.get("required").booleanValue()).isTrue();
        assertThat(userName.get("caseExact").booleanValue()).isFalse();
        assertThat(userName.get("uniqueness").asText()).isEqualTo("server");
        JsonNode password = attribute(attributes, "password");
        assertThat(password.get("mutability").asText()).isEqualTo("writeOnly");
        assertThat(password.get("returned").asText()).isEqualTo("never");
        assertThat(attribute(attributes, "groups").get("mutability").asText()).isEqualTo("readOnly");
        assertThat(attribute(attributes, "emails").get("multiValued").booleanValue()).isTrue();
        assertThat(attribute(attribute(attributes, "phoneNumbers").get("subAttributes"), "type").get("canonicalValues"))
                .extracting(JsonNode::asText).containsExactly("work", "home", "mobile", "fax", "pager", "other");
        assertThat(attribute(attributes, "profileUrl").get("referenceTypes"))
                .extracting(JsonNode::asText).containsExactly("external");
        assertThat(attribute(attribute(attributes, "x509Certificates").get("subAttributes"), "value")
                .get("type").asText()).isEqualTo("binary");
    }

    @Test
    void everyAttributeHasTheRfcKeysAndComplexOnesHaveSubAttributes() {
        for (Schema schema : List.of(CoreSchemas.USER, CoreSchemas.GROUP, CoreSchemas.ENTERPRISE_USER)) {
            for (JsonNode attribute : schema.toJson().get("attributes")) {
                assertRfcShape(attribute);
                assertThat(attribute.has("subAttributes")).isEqualTo(attribute.get("type").asText().equals("complex"));
                attribute.path("subAttributes").forEach(SchemaTest::assertRfcShape);
            }
        }
    }

    private static void assertRfcShape(JsonNode attribute) {
        List<String> keys = new ArrayList<>();
        attribute.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as(attribute.get("name").asText()).containsAll(ATTRIBUTE_KEYS);
        assertThat(attribute.get("description").asText()).isNotBlank();
        assertThat(attribute.has("referenceTypes")).isEqualTo(attribute.get("type").asText().equals("reference"));
    }

    @Test
    void groupAndEnterpriseSchemas() {
        JsonNode group = CoreSchemas.GROUP.toJson().get("attributes");
        assertThat(attribute(group, "displayName").get("required").booleanValue()).isTrue();
        JsonNode members = attribute(group, "members").get("subAttributes");
        assertThat(names(members)).containsExactly("value", "$ref", "display", "type");
        assertThat(attribute(members, "value").get("mutability").asText()).isEqualTo("immutable");
        assertThat(attribute(members, "type").get("canonicalValues")).extracting(JsonNode::asText)
                .containsExactly("User", "Group");

        JsonNode enterprise = CoreSchemas.ENTERPRISE_USER.toJson().get("attributes");
        assertThat(names(enterprise)).containsExactly("employeeNumber", "costCenter", "organization", "division",
                "department", "manager");
        JsonNode manager = attribute(enterprise, "manager").get("subAttributes");
        assertThat(names(manager)).containsExactly("value", "$ref", "displayName");
        assertThat(attribute(manager, "displayName").get("mutability").asText()).isEqualTo("readOnly");
    }

    @Test
    void invalidDefinitionsAreRefused() {
        assertThatThrownBy(() -> Attribute.complex("x", Attribute.complex("y", Attribute.string("z"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attribute.complex("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Schema("urn:a", "A", "", List.of(Attribute.string("b"), Attribute.string("B"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Schema("acme", "A", "", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Attribute.of("n", Type.INTEGER).toJson().get("type").asText()).isEqualTo("integer");
    }
}
