package dev.scimaws.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.scimaws.scim.schema.Attribute.Mutability;
import dev.scimaws.scim.schema.Attribute.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the validator does when a tenant's extension is removed or redefined under stored data. */
class ResourceValidatorSchemaChangeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final Schema ACME_V1 = new Schema(ACME, "Acme", "", List.of(
            Attribute.string("costCenter"), Attribute.of("badgeNumber", Type.INTEGER).with(Mutability.IMMUTABLE),
            Attribute.complex("building", Attribute.string("code"), Attribute.of("floor", Type.INTEGER))));
    private static final Schema ACME_V2 = new Schema(ACME, "Acme", "", List.of(
            Attribute.of("costCenter", Type.INTEGER), Attribute.of("badgeNumber", Type.INTEGER).with(Mutability.IMMUTABLE),
            Attribute.complex("building", Attribute.string("code"), Attribute.of("floor", Type.STRING))));
    private static final ResourceType WITH_V1 = CoreSchemas.USER_TYPE.withExtensions(List.of(ACME_V1));
    private static final ResourceType WITH_V2 = CoreSchemas.USER_TYPE.withExtensions(List.of(ACME_V2));

    private final ResourceValidator validator = new ResourceValidator();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final ObjectNode STORED = json("""
            {'userName':'jane','displayName':'Jane',
             'urn:ietf:params:scim:schemas:extension:acme:2.0:User':{'costCenter':'42','badgeNumber':7,
                'building':{'code':'B','floor':3}}}""");

    @Test
    void dataOfAnUndeclaredExtensionIsCarriedOverOnReplace() throws Exception {
        ObjectNode body = validator.sanitize(json("{'userName':'jane','displayName':'Janet',"
                + "'urn:ietf:params:scim:schemas:extension:acme:2.0:User':{'costCenter':'0'}}"),
                CoreSchemas.USER_TYPE, STORED).body();
        assertThat(body.get("displayName").textValue()).isEqualTo("Janet");
        assertThat(body.get(ACME)).isEqualTo(STORED.get(ACME));
    }

    @Test
    void onCreateNothingIsCarriedOverAndUnknownUrnsAreDropped() throws Exception {
        ObjectNode body = validator.sanitize(json("{'userName':'jane','urn:example:gone:User':{'a':1}}"),
                CoreSchemas.USER_TYPE, null).body();
        assertThat(body.has("urn:example:gone:User")).isFalse();
    }

    @Test
    void undeclaredDataIsHiddenAndDeclaredKeysTakeTheSchemasSpelling() {
        assertThat(validator.visible(STORED, CoreSchemas.USER_TYPE).has(ACME)).isFalse();
        assertThat(validator.visible(STORED, CoreSchemas.USER_TYPE).get("displayName").textValue()).isEqualTo("Jane");
        ObjectNode oddlySpelled = json("{'userName':'jane','URN:IETF:params:scim:schemas:extension:ACME:2.0:User':{'costCenter':'42'}}");
        ObjectNode visible = validator.visible(oddlySpelled, WITH_V1);
        assertThat(visible.get(ACME).get("costCenter").textValue()).isEqualTo("42");
        assertThat(validator.schemasFor(visible, WITH_V1)).containsExactly(CoreSchemas.USER_URN, ACME);
    }

    @Test
    void storedExtensionDataIsMatchedIgnoringTheUrnsCase() {
        ObjectNode oddlySpelled = json("{'userName':'jane','URN:IETF:params:scim:schemas:extension:ACME:2.0:User':{'badgeNumber':7}}");
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> validator.sanitize(
                json("{'userName':'jane','urn:ietf:params:scim:schemas:extension:acme:2.0:User':{'badgeNumber':8}}"),
                WITH_V1, oddlySpelled));
        assertThat(e.getScimError().getScimType()).isEqualTo("mutability");
    }

    @Test
    void aValueThatNoLongerFitsIsKeptWhileSentBackUnchanged() throws Exception {
        ObjectNode body = validator.sanitize(STORED.deepCopy().put("displayName", "Janet"), WITH_V2, STORED).body();
        assertThat(body.get(ACME)).isEqualTo(STORED.get(ACME));
        assertThat(body.get("displayName").textValue()).isEqualTo("Janet");
    }

    @Test
    void aChangedValueMustFitTheCurrentDefinition() throws Exception {
        ObjectNode changed = STORED.deepCopy();
        ((ObjectNode) changed.get(ACME)).put("costCenter", "43");
        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> validator.sanitize(changed, WITH_V2, STORED));
        assertThat(e.getScimError().getDetail()).contains("'" + ACME + ":costCenter' must be an integer");
        ((ObjectNode) changed.get(ACME).get("building")).put("floor", 4);
        ((ObjectNode) changed.get(ACME)).put("costCenter", 43);
        e = catchThrowableOfType(BadRequestException.class, () -> validator.sanitize(changed, WITH_V2, STORED));
        assertThat(e.getScimError().getDetail()).contains("building.floor' must be a string");
        ((ObjectNode) changed.get(ACME).get("building")).put("floor", "4");
        JsonNode acme = validator.sanitize(changed, WITH_V2, STORED).body().get(ACME);
        assertThat(acme.get("costCenter").intValue()).isEqualTo(43);
        assertThat(acme.get("building").get("floor").textValue()).isEqualTo("4");
    }

    @Test
    void withoutAStoredValueTheCurrentDefinitionApplies() {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> validator.sanitize(
                json("{'userName':'jane','urn:ietf:params:scim:schemas:extension:acme:2.0:User':{'costCenter':'42'}}"),
                WITH_V2, null));
        assertThat(e.getScimError().getScimType()).isEqualTo("invalidValue");
    }
}
