package dev.scimaws.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scimaws.scim.schema.Attribute.Mutability;
import dev.scimaws.scim.schema.Attribute.Returned;
import dev.scimaws.scim.schema.Attribute.Type;
import dev.scimaws.scim.schema.Attribute.Uniqueness;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDocumentTest {

    static final String ACME_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    /** The example: what an operator declares for Okta custom attributes. */
    static final String ACME = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
             "id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User",
             "name": "AcmeUser",
             "description": "Acme's own user attributes",
             "attributes": [
               {"name": "costCenter", "type": "string", "description": "Cost center code"},
               {"name": "badgeNumber", "type": "integer", "mutability": "immutable", "caseExact": true},
               {"name": "hireDate", "type": "dateTime", "returned": "request"},
               {"name": "skills", "type": "string", "multiValued": true, "canonicalValues": ["java", "sql"]},
               {"name": "homepage", "type": "reference", "referenceTypes": ["external"]},
               {"name": "building", "type": "complex", "subAttributes": [
                  {"name": "code", "type": "string", "required": true},
                  {"name": "floor", "type": "integer"}]}
             ],
             "meta": {"resourceType": "Schema", "location": "https://elsewhere.example/Schemas/x"}}""";

    private static InvalidSchemaException refused(String document) {
        return catchThrowableOfType(InvalidSchemaException.class, () -> SchemaDocument.parse(document));
    }

    private static String withAttribute(String attribute) {
        return "{\"id\":\"" + ACME_URN + "\",\"attributes\":[" + attribute + "]}";
    }

    private static void assertRefused(String document, String... expectedFragments) {
        InvalidSchemaException e = refused(document);
        assertThat(e).as("expected the document to be refused: " + document).isNotNull();
        assertThat(String.join("\n", e.problems())).contains(expectedFragments);
    }

    @Test
    void acmeDocumentParsesWithRfcDefaults() throws Exception {
        Schema schema = SchemaDocument.parse(ACME);
        assertThat(schema.id()).isEqualTo(ACME_URN);
        assertThat(schema.name()).isEqualTo("AcmeUser");
        assertThat(schema.description()).isEqualTo("Acme's own user attributes");
        assertThat(schema.attributes()).extracting(Attribute::name)
                .containsExactly("costCenter", "badgeNumber", "hireDate", "skills", "homepage", "building");

        Attribute costCenter = schema.attribute("COSTCENTER").orElseThrow();
        assertThat(costCenter.type()).isEqualTo(Type.STRING);
        assertThat(costCenter.multiValued()).isFalse();
        assertThat(costCenter.required()).isFalse();
        assertThat(costCenter.caseExact()).isFalse();
        assertThat(costCenter.mutability()).isEqualTo(Mutability.READ_WRITE);
        assertThat(costCenter.returned()).isEqualTo(Returned.DEFAULT);
        assertThat(costCenter.uniqueness()).isEqualTo(Uniqueness.NONE);
        assertThat(costCenter.description()).isEqualTo("Cost center code");

        assertThat(schema.attribute("badgeNumber").orElseThrow().mutability()).isEqualTo(Mutability.IMMUTABLE);
        assertThat(schema.attribute("badgeNumber").orElseThrow().caseExact()).isTrue();
        assertThat(schema.attribute("hireDate").orElseThrow().returned()).isEqualTo(Returned.REQUEST);
        assertThat(schema.attribute("skills").orElseThrow().canonicalValues()).containsExactly("java", "sql");
        assertThat(schema.attribute("skills").orElseThrow().strictCanonicalValues()).isFalse();
        assertThat(schema.attribute("homepage").orElseThrow().referenceTypes()).containsExactly("external");
        Attribute building = schema.attribute("building").orElseThrow();
        assertThat(building.subAttribute("code").orElseThrow().required()).isTrue();
        assertThat(building.subAttribute("floor").orElseThrow().type()).isEqualTo(Type.INTEGER);
    }

    @Test
    void storedDocumentReadsBackUnchanged() throws Exception {
        Schema schema = SchemaDocument.parse(ACME);
        assertThat(SchemaDocument.parse(schema.toJson())).isEqualTo(schema);
        assertThat(SchemaDocument.parse(schema.toJson().toString())).isEqualTo(schema);
    }

    @Test
    void minimalDocumentNeedsOnlyIdAndAttributes() throws Exception {
        Schema schema = SchemaDocument.parse(withAttribute("{\"name\":\"costCenter\",\"type\":\"string\"}"));
        assertThat(schema.name()).isEqualTo(ACME_URN);
        assertThat(schema.description()).isEmpty();
    }

    @Test
    void notJsonOrNotAnObjectIsRefused() {
        assertRefused("{\"id\": ", "not valid JSON");
        assertRefused("[1, 2]", "must be a JSON object");
    }

    @Test
    void idIsRequiredAndMustBeAUrn() {
        assertRefused("{\"attributes\":[{\"name\":\"a\",\"type\":\"string\"}]}", "id: is required");
        assertRefused("{\"id\": 42, \"attributes\":[{\"name\":\"a\",\"type\":\"string\"}]}", "id: must be a string");
        for (String bad : List.of("acme:2.0:User", "urn:acme", "urn:acme:", "urn:acme::User", "urn:ac me:User",
                "urn:acme:User?x", "urn:-acme:User", "http://acme.example/schemas/User")) {
            assertRefused("{\"id\":\"" + bad + "\",\"attributes\":[{\"name\":\"a\",\"type\":\"string\"}]}",
                    "id: '" + bad + "' is not a URN");
        }
    }

    @Test
    void idMustNotCollideWithCoreOrReservedUrns() {
        String attributes = ",\"attributes\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        assertRefused("{\"id\":\"urn:ietf:params:scim:schemas:core:2.0:User\"" + attributes, "which RFC 7643/7644 reserve");
        assertRefused("{\"id\":\"URN:IETF:params:scim:schemas:core:2.0:Widget\"" + attributes, "reserve");
        assertRefused("{\"id\":\"urn:ietf:params:scim:api:messages:2.0:Acme\"" + attributes, "reserve");
        assertRefused("{\"id\":\"" + CoreSchemas.ENTERPRISE_USER_URN.toUpperCase() + "\"" + attributes,
                "collides with the built-in schema " + CoreSchemas.ENTERPRISE_USER_URN);
        assertRefused("{\"id\":\"" + CoreSchemas.ENTERPRISE_USER_URN + ":acme\"" + attributes, "collides");
        assertRefused("{\"id\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0\"" + attributes, "collides");
    }

    @Test
    void overlapMeansAmbiguousAttributePaths() {
        assertThat(SchemaDocument.overlap("urn:a:User", "URN:A:USER")).isTrue();
        assertThat(SchemaDocument.overlap("urn:a:User", "urn:a:User:x")).isTrue();
        assertThat(SchemaDocument.overlap("urn:a:User:x", "urn:a:User")).isTrue();
        assertThat(SchemaDocument.overlap("urn:a:User", "urn:a:Users")).isFalse();
        assertThat(SchemaDocument.overlap("urn:a:User", "urn:b:User")).isFalse();
    }

    @Test
    void attributesAreRequiredAndNonEmpty() {
        assertRefused("{\"id\":\"" + ACME_URN + "\"}", "attributes: is required");
        assertRefused("{\"id\":\"" + ACME_URN + "\",\"attributes\":[]}", "attributes: must be a non-empty array");
        assertRefused("{\"id\":\"" + ACME_URN + "\",\"attributes\":{\"name\":\"a\"}}", "must be a non-empty array");
        assertRefused(withAttribute("\"costCenter\""), "attributes[0]: must be a JSON object");
    }

    @Test
    void schemasMustBeTheSchemaUrnWhenGiven() {
        assertRefused("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"" + ACME_URN
                + "\",\"attributes\":[{\"name\":\"a\",\"type\":\"string\"}]}", "schemas: must be");
    }

    @Test
    void attributeNamesFollowRfc7643() throws Exception {
        for (String bad : List.of("cost center", "1stDay", "$ref", "cost.center", "cost:center", "", "kostenstelle€")) {
            assertRefused(withAttribute("{\"name\":\"" + bad + "\",\"type\":\"string\"}"),
                    bad.isEmpty() ? "name: must not be empty" : "is not an attribute name");
        }
        assertRefused(withAttribute("{\"type\":\"string\"}"), "attributes[0].name: is required");
        assertRefused(withAttribute("{\"name\":\"" + "a".repeat(129) + "\",\"type\":\"string\"}"), "is not an attribute name");
        assertThat(SchemaDocument.parse(withAttribute("{\"name\":\"badge-number_2\",\"type\":\"string\"}"))
                .attribute("badge-number_2")).isPresent();
    }

    @Test
    void typeIsRequiredAndSpelledAsTheRfcDoes() throws Exception {
        assertRefused(withAttribute("{\"name\":\"a\"}"), "attributes[0] (a).type: is required");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"strng\"}"),
                "attributes[0] (a).type: \"strng\" is not one of [string, boolean, integer, decimal, dateTime, "
                        + "reference, complex, binary]");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"DateTime\"}"), "(the RFC spells it 'dateTime')");
        for (Type type : List.of(Type.STRING, Type.BOOLEAN, Type.INTEGER, Type.DECIMAL, Type.DATE_TIME, Type.BINARY)) {
            Schema schema = SchemaDocument.parse(withAttribute("{\"name\":\"a\",\"type\":\"" + type.json + "\"}"));
            assertThat(schema.attribute("a").orElseThrow().type()).isEqualTo(type);
        }
    }

    @Test
    void characteristicValuesMustBeKnown() {
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"mutability\":\"sometimes\"}"),
                ".mutability: \"sometimes\" is not one of [readOnly, readWrite, immutable, writeOnly]");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"returned\":\"maybe\"}"),
                ".returned: \"maybe\" is not one of [always, never, default, request]");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"uniqueness\":\"tenant\"}"),
                ".uniqueness: \"tenant\" is not one of [none, server, global]");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"required\":\"true\"}"),
                ".required: must be true or false");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"description\":7}"),
                ".description: must be a string");
    }

    @Test
    void characteristicsTheServerCannotHonourAreRefused() throws Exception {
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"mutability\":\"readOnly\"}"),
                "readOnly is refused");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"mutability\":\"writeOnly\"}"),
                "writeOnly is refused");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"uniqueness\":\"server\"}"),
                "does not enforce the uniqueness");
        Schema stored = SchemaDocument.parse(withAttribute(
                "{\"name\":\"a\",\"type\":\"string\",\"returned\":\"never\",\"mutability\":\"immutable\"}"));
        assertThat(stored.attribute("a").orElseThrow().returned()).isEqualTo(Returned.NEVER);
    }

    @Test
    void unknownKeysAreRefusedWithAHint() {
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"Mutability\":\"immutable\"}"),
                "unknown key 'Mutability' (did you mean 'mutability'?)");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"mutablity\":\"immutable\"}"),
                "unknown key 'mutablity'");
        assertRefused("{\"id\":\"" + ACME_URN + "\",\"attributes\":[{\"name\":\"a\",\"type\":\"string\"}],\"extends\":\"User\"}",
                "the document: unknown key 'extends'");
    }

    @Test
    void complexAttributesNeedFlatSubAttributes() throws Exception {
        assertRefused(withAttribute("{\"name\":\"building\",\"type\":\"complex\"}"),
                "attributes[0] (building).subAttributes: a complex attribute needs a non-empty subAttributes array");
        assertRefused(withAttribute("{\"name\":\"building\",\"type\":\"complex\",\"subAttributes\":[]}"),
                "needs a non-empty subAttributes array");
        assertRefused(withAttribute("{\"name\":\"code\",\"type\":\"string\",\"subAttributes\":[{\"name\":\"x\",\"type\":\"string\"}]}"),
                "only complex attributes have sub-attributes");
        assertRefused(withAttribute("{\"name\":\"building\",\"type\":\"complex\",\"subAttributes\":["
                        + "{\"name\":\"wing\",\"type\":\"complex\",\"subAttributes\":[{\"name\":\"x\",\"type\":\"string\"}]}]}"),
                "attributes[0] (building).subAttributes[0] (wing).type: a sub-attribute cannot be complex");
        Schema multi = SchemaDocument.parse(withAttribute("{\"name\":\"badges\",\"type\":\"complex\",\"multiValued\":true,"
                + "\"subAttributes\":[{\"name\":\"value\",\"type\":\"string\"},{\"name\":\"primary\",\"type\":\"boolean\"}]}"));
        assertThat(multi.attribute("badges").orElseThrow().multiValued()).isTrue();
    }

    @Test
    void duplicateNamesAreRefusedIgnoringCase() {
        assertRefused(withAttribute("{\"name\":\"costCenter\",\"type\":\"string\"},{\"name\":\"COSTCENTER\",\"type\":\"integer\"}"),
                "attributes[1] (COSTCENTER).name: 'COSTCENTER' is defined more than once");
        assertRefused(withAttribute("{\"name\":\"b\",\"type\":\"complex\",\"subAttributes\":["
                + "{\"name\":\"x\",\"type\":\"string\"},{\"name\":\"X\",\"type\":\"string\"}]}"),
                "subAttributes[1] (X).name: 'X' is defined more than once");
    }

    @Test
    void referencesNeedReferenceTypesAndOnlyThey() {
        assertRefused(withAttribute("{\"name\":\"homepage\",\"type\":\"reference\"}"),
                "a reference attribute needs referenceTypes");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"referenceTypes\":[\"external\"]}"),
                "only reference attributes have referenceTypes");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"integer\",\"canonicalValues\":[\"1\"]}"),
                "only string and reference attributes have canonical values");
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"canonicalValues\":[\"x\", 2]}"),
                ".canonicalValues: must be an array of non-empty strings");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        InvalidSchemaException e = refused("{\"id\":\"acme\",\"attributes\":[{\"name\":\"a b\",\"type\":\"strng\"},"
                + "{\"name\":\"c\",\"type\":\"string\",\"uniqueness\":\"global\"}]}");
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains("id:", "attributes[0] (a b).name", "attributes[0] (a b).type",
                "attributes[1] (c).uniqueness");
    }

    @Test
    void sizeIsBounded() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= SchemaDocument.MAX_ATTRIBUTES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"a").append(i).append("\",\"type\":\"string\"}");
        }
        assertRefused(withAttribute(many.toString()), "at most " + SchemaDocument.MAX_ATTRIBUTES + " are accepted");
        String longDescription = "x".repeat(SchemaDocument.MAX_DOCUMENT_CHARS);
        assertRefused(withAttribute("{\"name\":\"a\",\"type\":\"string\",\"description\":\"" + longDescription + "\"}"),
                "characters as JSON; at most " + SchemaDocument.MAX_DOCUMENT_CHARS);
    }
}
