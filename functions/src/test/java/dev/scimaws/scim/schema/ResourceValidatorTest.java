package dev.scimaws.scim.schema;

import static dev.scimaws.scim.schema.CoreSchemas.ENTERPRISE_USER_URN;
import static dev.scimaws.scim.schema.CoreSchemas.GROUP_TYPE;
import static dev.scimaws.scim.schema.CoreSchemas.USER_TYPE;
import static dev.scimaws.scim.schema.CoreSchemas.USER_URN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.scimaws.scim.schema.Attribute.Mutability;
import dev.scimaws.scim.schema.Attribute.Type;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResourceValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACME_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    /** A tenant's custom extension, as the admin command will declare it. */
    private static final Schema ACME = new Schema(ACME_URN, "AcmeUser", "Acme attributes", List.of(
            Attribute.of("badgeNumber", Type.INTEGER).with(Mutability.IMMUTABLE),
            Attribute.of("hireDate", Type.DATE_TIME),
            Attribute.of("allowance", Type.DECIMAL),
            Attribute.string("costCenter").asRequired()));
    private static final ResourceType USER_WITH_ACME = USER_TYPE.withExtensions(List.of(ACME));

    private final ResourceValidator validator = new ResourceValidator();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ResourceValidator.Sanitized sanitize(ResourceType type, String body, String existing) throws BadRequestException {
        return validator.sanitize(json(body), type, existing == null ? null : (ObjectNode) json(existing));
    }

    private ObjectNode user(String body) throws BadRequestException {
        return sanitize(USER_TYPE, body, null).body();
    }

    private BadRequestException rejected(ResourceType type, String body, String existing) {
        return catchThrowableOfType(BadRequestException.class, () -> sanitize(type, body, existing));
    }

    private BadRequestException rejectedUser(String body) {
        return rejected(USER_TYPE, body, null);
    }

    private static void assertInvalidValue(BadRequestException e, String attributePath) {
        assertThat(e).as("expected a 400").isNotNull();
        assertThat(e.getScimError().getStatus()).isEqualTo(400);
        assertThat(e.getScimError().getScimType()).isEqualTo("invalidValue");
        assertThat(e.getScimError().getDetail()).contains("'" + attributePath + "'");
    }

    @Nested
    class Shape {
        @Test
        void topLevelMustBeAnObject() throws Exception {
            BadRequestException e = rejectedUser("[{'userName':'a'}]");
            assertThat(e.getScimError().getScimType()).isEqualTo("invalidSyntax");
            assertThat(rejectedUser("'a'").getScimError().getScimType()).isEqualTo("invalidSyntax");
            assertThat(user("{'userName':'a'}").get("userName").asText()).isEqualTo("a");
        }

        @Test
        void namesAreMatchedIgnoringCaseAndStoredInCanonicalSpelling() throws Exception {
            ObjectNode body = user("""
                    {'USERNAME':'jane','NAME':{'GIVENNAME':'Jane','familyname':'Doe'},
                     'Emails':[{'VALUE':'jane@x.org','Type':'work','PRIMARY':true}]}""");
            assertThat(body).isEqualTo(json("""
                    {'userName':'jane','name':{'familyName':'Doe','givenName':'Jane'},
                     'emails':[{'value':'jane@x.org','type':'work','primary':true}]}"""));
        }

        @Test
        void aNameThatIsNotTheAttributeDoesNotMatch() throws Exception {
            assertInvalidValue(rejectedUser("{'user_name':'jane'}"), "userName");
        }

        @Test
        void unknownAttributesExtensionsAndSchemasAreIgnored() throws Exception {
            ObjectNode body = user("""
                    {'schemas':['%s','urn:example:unknown'],'userName':'jane','favouriteColour':'blue',
                     'name':{'givenName':'Jane','nickname2':'J'},
                     'urn:example:unknown':{'x':1},'urn:example:unknown:y':'z'}""".formatted(USER_URN));
            assertThat(body).isEqualTo(json("{'userName':'jane','name':{'givenName':'Jane'}}"));
        }

        @Test
        void aKnownAttributeWithAWrongTypeIsNotIgnored() {
            assertInvalidValue(rejectedUser("{'userName':'jane','favouriteColour':1,'title':1}"), "title");
        }

        @Test
        void nullMeansUnset() throws Exception {
            ObjectNode body = user("""
                    {'userName':'jane','displayName':null,'name':{'givenName':null},
                     'emails':[null],'roles':[],'%s':null,'%s:department':null}""".formatted(ENTERPRISE_USER_URN, ENTERPRISE_USER_URN));
            assertThat(body).isEqualTo(json("{'userName':'jane'}"));
        }

        @Test
        void nullForARequiredAttributeIsMissing() {
            assertInvalidValue(rejectedUser("{'userName':null}"), "userName");
        }

        @Test
        void readOnlyInputIsIgnored() throws Exception {
            ObjectNode body = user("""
                    {'id':'x1','meta':{'resourceType':'User','version':'W/1'},'userName':'jane',
                     'groups':[{'value':'g1','display':'Sales'}],
                     '%s':{'manager':{'value':'m1','displayName':'Boss'}}}""".formatted(ENTERPRISE_USER_URN));
            assertThat(body).isEqualTo(json("{'userName':'jane','%s':{'manager':{'value':'m1'}}}"
                    .formatted(ENTERPRISE_USER_URN)));
        }

        @Test
        void oktaPutEchoingTheResourceItReadIsAccepted() throws Exception {
            ObjectNode body = user("""
                    {'schemas':['%s'],'id':'u1','userName':'jane@x.org','name':{'givenName':'Jane','familyName':'Doe'},
                     'emails':[{'primary':true,'value':'jane@x.org','type':'work'}],'displayName':'Jane Doe',
                     'locale':'en-US','externalId':'00u1','groups':[],'active':true,
                     'meta':{'resourceType':'User','created':'2024-01-01T00:00:00Z','lastModified':'2024-01-01T00:00:00Z',
                             'location':'https://h/scim/v2/Users/u1','version':'W/3'}}""".formatted(USER_URN));
            assertThat(body.has("id")).isFalse();
            assertThat(body.has("meta")).isFalse();
            assertThat(body.get("externalId").asText()).isEqualTo("00u1");
            assertThat(body.get("active").booleanValue()).isTrue();
        }
    }

    @Nested
    class Types {
        @Test
        void booleanStringsAreCoercedIgnoringCase() throws Exception {
            ObjectNode body = user("{'userName':'j','active':'False','emails':[{'value':'a','primary':'TRUE'}]}");
            assertThat(body.get("active").isBoolean()).isTrue();
            assertThat(body.get("active").booleanValue()).isFalse();
            assertThat(body.at("/emails/0/primary").booleanValue()).isTrue();
        }

        @Test
        void otherStringsForABooleanAreRejected() {
            assertInvalidValue(rejectedUser("{'userName':'j','active':'no'}"), "active");
            assertInvalidValue(rejectedUser("{'userName':'j','emails':[{'value':'a','primary':'yes'}]}"),
                    "emails[0].primary");
            assertInvalidValue(rejectedUser("{'userName':'j','active':1}"), "active");
        }

        @Test
        void anObjectWhereAStringIsExpectedIsRejected() {
            assertInvalidValue(rejectedUser("{'userName':'j','displayName':{'text':'J'}}"), "displayName");
            assertInvalidValue(rejectedUser("{'userName':'j','name':{'givenName':['J']}}"), "name.givenName");
        }

        @Test
        void aNumberForUserNameIsRejected() {
            assertInvalidValue(rejectedUser("{'userName':42}"), "userName");
        }

        @Test
        void aScalarForAComplexAttributeIsRejected() {
            assertInvalidValue(rejectedUser("{'userName':'j','name':'Jane Doe'}"), "name");
        }

        @Test
        void multiValuedAttributesMustBeArrays() throws Exception {
            assertInvalidValue(rejectedUser("{'userName':'j','emails':{'value':'a@x.org'}}"), "emails");
            assertInvalidValue(rejectedUser("{'userName':'j','emails':'a@x.org'}"), "emails");
            assertInvalidValue(rejectedUser("{'userName':'j','emails':['a@x.org']}"), "emails[0]");
            assertThat(user("{'userName':'j','emails':[{'value':'a@x.org'}]}").at("/emails/0/value").asText())
                    .isEqualTo("a@x.org");
        }

        @Test
        void customExtensionTypesAreEnforcedAndNormalised() throws Exception {
            ObjectNode body = sanitize(USER_WITH_ACME, """
                    {'userName':'j','%s':{'badgeNumber':42,'hireDate':'2024-05-01T14:00:00+02:00',
                     'allowance':12.5,'costCenter':'C1'}}""".formatted(ACME_URN), null).body();
            assertThat(body.get(ACME_URN)).isEqualTo(json(
                    "{'badgeNumber':42,'hireDate':'2024-05-01T12:00:00Z','allowance':12.5,'costCenter':'C1'}"));

            String base = "{'userName':'j','" + ACME_URN + "':{'costCenter':'C1',%s}}";
            assertInvalidValue(rejected(USER_WITH_ACME, base.formatted("'badgeNumber':4.5"), null), ACME_URN + ":badgeNumber");
            assertInvalidValue(rejected(USER_WITH_ACME, base.formatted("'badgeNumber':'42'"), null), ACME_URN + ":badgeNumber");
            assertInvalidValue(rejected(USER_WITH_ACME, base.formatted("'hireDate':'May 1st'"), null), ACME_URN + ":hireDate");
            assertInvalidValue(rejected(USER_WITH_ACME, base.formatted("'allowance':'12.5'"), null), ACME_URN + ":allowance");
        }

        @Test
        void binaryValuesMustBeBase64() throws Exception {
            assertThat(user("{'userName':'j','x509Certificates':[{'value':'TUlJQw=='}]}").at("/x509Certificates/0/value")
                    .asText()).isEqualTo("TUlJQw==");
            assertInvalidValue(rejectedUser("{'userName':'j','x509Certificates':[{'value':'not base64!'}]}"),
                    "x509Certificates[0].value");
        }

        @Test
        void oversizedStringsAndArraysAreRejected() throws Exception {
            String big = "x".repeat(ResourceValidator.MAX_STRING_LENGTH + 1);
            assertInvalidValue(rejectedUser("{'userName':'j','title':'" + big + "'}"), "title");
            assertThat(user("{'userName':'j','title':'" + big.substring(1) + "'}").get("title").asText())
                    .hasSize(ResourceValidator.MAX_STRING_LENGTH);

            ObjectNode body = MAPPER.createObjectNode().put("userName", "j");
            ArrayNode emails = body.putArray("emails");
            for (int i = 0; i <= ResourceValidator.MAX_VALUES; i++) {
                emails.addObject().put("value", i + "@x.org");
            }
            assertInvalidValue(catchThrowableOfType(BadRequestException.class,
                    () -> validator.sanitize(body, USER_TYPE, null)), "emails");
            emails.remove(0);
            assertThat(validator.sanitize(body, USER_TYPE, null).body().get("emails")).hasSize(ResourceValidator.MAX_VALUES);
        }
    }

    @Nested
    class Rules {
        @Test
        void userNameIsRequiredAndNotEmpty() throws Exception {
            assertInvalidValue(rejectedUser("{'displayName':'Jane'}"), "userName");
            assertInvalidValue(rejectedUser("{'userName':''}"), "userName");
            assertInvalidValue(rejectedUser("{'userName':'  '}"), "userName");
            assertThat(user("{'userName':'jane'}").get("userName").asText()).isEqualTo("jane");
        }

        @Test
        void groupDisplayNameIsRequired() throws Exception {
            assertInvalidValue(rejected(GROUP_TYPE, "{'members':[]}", null), "displayName");
            assertThat(sanitize(GROUP_TYPE, "{'displayName':'Sales','members':[]}", null).body())
                    .isEqualTo(json("{'displayName':'Sales'}"));
        }

        @Test
        void anExtensionsRequiredAttributesBindOnlyResourcesUsingIt() throws Exception {
            assertThat(sanitize(USER_WITH_ACME, "{'userName':'j'}", null).body().has(ACME_URN)).isFalse();
            assertInvalidValue(rejected(USER_WITH_ACME, "{'userName':'j','" + ACME_URN + ":hireDate':'2024-01-01T00:00:00Z'}",
                    null), ACME_URN + ":costCenter");
        }

        @Test
        void atMostOnePrimaryValue() throws Exception {
            assertInvalidValue(rejectedUser("""
                    {'userName':'j','emails':[{'value':'a','primary':true},{'value':'b','primary':'True'}]}"""), "emails");
            assertThat(user("{'userName':'j','emails':[{'value':'a','primary':true},{'value':'b','primary':false}]}")
                    .get("emails")).hasSize(2);
        }

        @Test
        void groupMemberTypeIsStrictlyUserOrGroup() throws Exception {
            ObjectNode body = sanitize(GROUP_TYPE, "{'displayName':'S','members':[{'value':'u1','type':'user'}]}", null).body();
            assertThat(body.at("/members/0/type").asText()).isEqualTo("User");
            assertInvalidValue(rejected(GROUP_TYPE, "{'displayName':'S','members':[{'value':'u1','type':'Robot'}]}", null),
                    "members[0].type");
        }

        @Test
        void groupMembersNeedAValue() throws Exception {
            assertInvalidValue(rejected(GROUP_TYPE, "{'displayName':'S','members':[{'display':'Jane'}]}", null),
                    "members[0].value");
            assertThat(sanitize(GROUP_TYPE, "{'displayName':'S','members':[{'value':'u1','display':'Jane'}]}", null)
                    .body().get("members")).isEqualTo(json("[{'value':'u1','display':'Jane'}]"));
        }

        @Test
        void phoneTypesOutsideTheSuggestedValuesAreKept() throws Exception {
            assertThat(user("{'userName':'j','phoneNumbers':[{'value':'+1','type':'main'}]}").at("/phoneNumbers/0/type")
                    .asText()).isEqualTo("main");
        }

        @Test
        void aChangedImmutableValueIsRejected() throws Exception {
            String existing = "{'id':'u1','userName':'j','" + ACME_URN + "':{'badgeNumber':7,'costCenter':'C1'}}";
            BadRequestException e = rejected(USER_WITH_ACME,
                    "{'userName':'j','" + ACME_URN + "':{'badgeNumber':8,'costCenter':'C1'}}", existing);
            assertThat(e.getScimError().getScimType()).isEqualTo("mutability");
            assertThat(e.getScimError().getDetail()).contains(ACME_URN + ":badgeNumber");

            assertThat(sanitize(USER_WITH_ACME, "{'userName':'j','" + ACME_URN + "':{'badgeNumber':7,'costCenter':'C2'}}",
                    existing).body().at("/" + ACME_URN + "/costCenter").asText()).isEqualTo("C2");
        }

        @Test
        void anImmutableValueMayBeSetOnceAndIsKeptWhenOmitted() throws Exception {
            assertThat(sanitize(USER_WITH_ACME, "{'userName':'j','" + ACME_URN + "':{'badgeNumber':7,'costCenter':'C'}}",
                    "{'userName':'j'}").body().at("/" + ACME_URN + "/badgeNumber").intValue()).isEqualTo(7);
            assertThat(sanitize(USER_WITH_ACME, "{'userName':'j','" + ACME_URN + ":costCenter':'C'}",
                    "{'userName':'j','" + ACME_URN + "':{'badgeNumber':7,'costCenter':'C'}}")
                    .body().at("/" + ACME_URN + "/badgeNumber").intValue()).isEqualTo(7);
        }

        @Test
        void passwordIsSeparatedFromTheBody() throws Exception {
            ResourceValidator.Sanitized result = sanitize(USER_TYPE, "{'userName':'j','PASSWORD':'t1meMa$heen'}", null);
            assertThat(result.password()).contains("t1meMa$heen");
            assertThat(result.body().has("password")).isFalse();
            assertThat(result.body().toString()).doesNotContain("t1meMa$heen");
            assertThat(sanitize(USER_TYPE, "{'userName':'j'}", null).password()).isEmpty();
        }

        @Test
        void aPasswordMustStillBeAString() {
            assertInvalidValue(rejectedUser("{'userName':'j','password':12345}"), "password");
        }

        @Test
        void anAttributeGivenTwiceWithDifferentValuesIsRejected() throws Exception {
            assertInvalidValue(rejectedUser("{'userName':'j','title':'A','TITLE':'B'}"), "TITLE");
            assertThat(user("{'userName':'j','title':'A','TITLE':'A'}").get("title").asText()).isEqualTo("A");
        }
    }

    @Nested
    class EnterpriseExtension {
        @Test
        void dataUnderTheUrnKey() throws Exception {
            ObjectNode body = user("{'userName':'j','" + ENTERPRISE_USER_URN.toUpperCase() + "':{'EmployeeNumber':'7'}}");
            assertThat(body.get(ENTERPRISE_USER_URN)).isEqualTo(json("{'employeeNumber':'7'}"));
        }

        @Test
        void urnPrefixedKeysAreFoldedIntoTheExtension() throws Exception {
            ObjectNode body = user("""
                    {'userName':'j','%1$s:employeeNumber':'7','%1$s':{'department':'Sales'},
                     '%2$s:displayName':'Jane'}""".formatted(ENTERPRISE_USER_URN, USER_URN));
            assertThat(body).isEqualTo(json("{'userName':'j','displayName':'Jane','%s':{'employeeNumber':'7','department':'Sales'}}"
                    .formatted(ENTERPRISE_USER_URN)));
        }

        @Test
        void extensionValuesAreTypeChecked() {
            assertInvalidValue(rejectedUser("{'userName':'j','" + ENTERPRISE_USER_URN + ":employeeNumber':7}"),
                    ENTERPRISE_USER_URN + ":employeeNumber");
            assertInvalidValue(rejectedUser("{'userName':'j','" + ENTERPRISE_USER_URN + "':'7'}"), ENTERPRISE_USER_URN);
        }

        @Test
        void managerAsObjectOrArrayOfOne() throws Exception {
            String expected = "{'manager':{'value':'m1'}}";
            assertThat(user("{'userName':'j','" + ENTERPRISE_USER_URN + "':{'manager':{'value':'m1'}}}")
                    .get(ENTERPRISE_USER_URN)).isEqualTo(json(expected));
            assertThat(user("{'userName':'j','" + ENTERPRISE_USER_URN + "':{'manager':[{'value':'m1'}]}}")
                    .get(ENTERPRISE_USER_URN)).isEqualTo(json(expected));
            assertThat(user("{'userName':'j','" + ENTERPRISE_USER_URN + ":manager':{'VALUE':'m1'}}")
                    .get(ENTERPRISE_USER_URN)).isEqualTo(json(expected));
        }

        @Test
        void managerWithAnEmptyValueIsRemoved() throws Exception {
            ObjectNode body = user("{'userName':'j','" + ENTERPRISE_USER_URN + "':{'manager':{'value':''}}}");
            assertThat(body.has(ENTERPRISE_USER_URN)).isFalse();
            assertThat(user("{'userName':'j','" + ENTERPRISE_USER_URN + "':{'department':'D','manager':{'value':''}}}")
                    .get(ENTERPRISE_USER_URN)).isEqualTo(json("{'department':'D'}"));
        }

        @Test
        void managerIsSingleValued() {
            assertInvalidValue(rejectedUser(
                    "{'userName':'j','" + ENTERPRISE_USER_URN + "':{'manager':[{'value':'m1'},{'value':'m2'}]}}"),
                    ENTERPRISE_USER_URN + ":manager");
        }
    }

    @Nested
    class SchemasFor {
        @Test
        void listsTheCoreSchemaAndExtensionsWithData() throws Exception {
            assertThat(validator.schemasFor(user("{'userName':'j'}"), USER_TYPE)).containsExactly(USER_URN);
            assertThat(validator.schemasFor(user("{'userName':'j','" + ENTERPRISE_USER_URN + ":department':'D'}"), USER_TYPE))
                    .containsExactly(USER_URN, ENTERPRISE_USER_URN);
            assertThat(validator.schemasFor(user("{'userName':'j','" + ENTERPRISE_USER_URN + "':{'manager':{'value':''}}}"),
                    USER_TYPE)).containsExactly(USER_URN);
        }
    }
}
