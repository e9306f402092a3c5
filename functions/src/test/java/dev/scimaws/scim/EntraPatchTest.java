package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import dev.scimaws.scim.schema.CoreSchemas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PATCH requests Entra ID sends for attribute changes, in its exact shapes, applied to a user. */
class EntraPatchTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final UsersService users = new UsersService(store, new SchemaResourceRules(CoreSchemas.USER_TYPE),
            Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));

    private ScimResponse call(String method, String id, String body) throws ScimException {
        return users.handle(new ScimRequest("acme", method, id, Map.of(), Map.of("Content-Type", "application/scim+json"),
                body, "https://scim.example.com/scim/v2", "req-1"));
    }

    private JsonNode patch(String id, String operations) throws Exception {
        ScimResponse response = call("PATCH", id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[" + operations + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private String createUser() throws Exception {
        ScimResponse created = call("POST", null, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ryan@example.org",
                 "displayName":"Ryan","title":"Engineer","active":"True",
                 "emails":[{"primary":"True","value":"ryan@example.org","type":"work"},
                           {"primary":false,"value":"ryan@home.example","type":"home"}],
                 "phoneNumbers":[{"type":"mobile","value":"+1 555 0100"}],
                 "addresses":[{"type":"work","streetAddress":"1 Main St","locality":"Springfield"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body()).get("id").textValue();
    }

    private static JsonNode typed(JsonNode user, String attribute, String type) {
        for (JsonNode value : user.path(attribute)) {
            if (type.equals(value.path("type").textValue())) {
                return value;
            }
        }
        return null;
    }

    @Test
    void addOnAFilteredPathOverwritesTheMatchedValue() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, """
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"new@example.org"},
                {"op":"Add","path":"addresses[type eq \\"work\\"].streetAddress","value":"2 High St"}""");
        assertThat(user.get("emails")).hasSize(2);
        assertThat(typed(user, "emails", "work").get("value").textValue()).isEqualTo("new@example.org");
        assertThat(typed(user, "emails", "work").get("primary").booleanValue()).isTrue();
        assertThat(typed(user, "addresses", "work").get("streetAddress").textValue()).isEqualTo("2 High St");
        assertThat(typed(user, "addresses", "work").get("locality").textValue()).isEqualTo("Springfield");
    }

    @Test
    void addAndReplaceOnAFilteredPathWithoutAMatchCreateTheValue() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, """
                {"op":"Add","path":"phoneNumbers[type eq \\"work\\"].value","value":"+1 555 0199"},
                {"op":"Replace","path":"phoneNumbers[type eq \\"fax\\"].value","value":"+1 555 0142"},
                {"op":"Replace","path":"addresses[type eq \\"home\\"].locality","value":"Shelbyville"}""");
        assertThat(user.get("phoneNumbers")).hasSize(3);
        assertThat(typed(user, "phoneNumbers", "work").get("value").textValue()).isEqualTo("+1 555 0199");
        assertThat(typed(user, "phoneNumbers", "fax").get("value").textValue()).isEqualTo("+1 555 0142");
        assertThat(typed(user, "phoneNumbers", "mobile").get("value").textValue()).isEqualTo("+1 555 0100");
        assertThat(typed(user, "addresses", "home").get("locality").textValue()).isEqualTo("Shelbyville");
    }

    @Test
    void aFilterThatNamesNoValueToCreateIsNoTarget() throws Exception {
        String id = createUser();
        assertThatThrownBy(() -> call("PATCH", id, """
                {"Operations":[{"op":"Replace","path":"emails[value co \\"nobody\\"].value","value":"x@example.org"}]}"""))
                .isInstanceOf(ScimException.class)
                .satisfies(e -> assertThat(((ScimException) e).getScimError().getScimType()).isEqualTo("noTarget"));
    }

    @Test
    void managerAsABareIdIsAddedReplacedAndClearedWithAnEmptyString() throws Exception {
        String id = createUser();
        JsonNode added = patch(id, "{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"boss-1\"}");
        assertThat(added.at("/" + ENTERPRISE.replace("/", "~1") + "/manager/value").textValue()).isEqualTo("boss-1");
        JsonNode replaced = patch(id, "{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"boss-2\"}");
        assertThat(replaced.get(ENTERPRISE).get("manager").get("value").textValue()).isEqualTo("boss-2");
        JsonNode cleared = patch(id, "{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"\"}");
        assertThat(cleared.path(ENTERPRISE).has("manager")).isFalse();
    }

    @Test
    void managerAsABareIdInAPathlessValue() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, "{\"op\":\"Replace\",\"value\":{\"" + ENTERPRISE + ":manager\":\"boss-3\"}}");
        assertThat(user.get(ENTERPRISE).get("manager").get("value").textValue()).isEqualTo("boss-3");
    }

    @Test
    void nullValueOnAddOrReplaceRemovesTheAttribute() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, """
                {"op":"Replace","path":"title","value":null},
                {"op":"Add","path":"displayName","value":null},
                {"op":"Replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":null}""");
        assertThat(user.has("title")).isFalse();
        assertThat(user.has("displayName")).isFalse();
        assertThat(user.has("phoneNumbers")).isFalse();
        assertThat(user.get("userName").textValue()).isEqualTo("ryan@example.org");
    }

    @Test
    void removeWithAValueOnAMultiValuedAttributeRemovesThoseValues() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, """
                {"op":"Remove","path":"emails","value":[{"value":"ryan@home.example"}]}""");
        assertThat(user.get("emails")).hasSize(1);
        assertThat(user.get("emails").get(0).get("value").textValue()).isEqualTo("ryan@example.org");
    }

    @Test
    void removeWithAValueOnASingleValuedAttributeRemovesItOnlyWhenItMatches() throws Exception {
        String id = createUser();
        JsonNode kept = patch(id, "{\"op\":\"Remove\",\"path\":\"title\",\"value\":\"Manager\"}");
        assertThat(kept.get("title").textValue()).isEqualTo("Engineer");
        patch(id, "{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"boss-1\"}");
        JsonNode removed = patch(id, """
                {"op":"Remove","path":"title","value":"engineer"},
                {"op":"Remove","path":"%s:manager","value":[{"value":"boss-1"}]}""".formatted(ENTERPRISE));
        assertThat(removed.has("title")).isFalse();
        assertThat(removed.has(ENTERPRISE)).isFalse();
    }

    @Test
    void removeWithAValueOfTheWrongShapeIsInvalidValue() throws Exception {
        String id = createUser();
        assertThatThrownBy(() -> call("PATCH", id, """
                {"Operations":[{"op":"Remove","path":"emails","value":42}]}"""))
                .isInstanceOf(ScimException.class)
                .satisfies(e -> assertThat(((ScimException) e).getScimError().getScimType()).isEqualTo("invalidValue"));
    }

    @Test
    void primaryTrueOnOneValueDemotesTheOthers() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, """
                {"op":"Replace","path":"emails[type eq \\"home\\"].primary","value":"True"}""");
        assertThat(typed(user, "emails", "home").get("primary").booleanValue()).isTrue();
        assertThat(typed(user, "emails", "work").get("primary").booleanValue()).isFalse();
        JsonNode added = patch(id, """
                {"op":"Add","path":"emails","value":[{"value":"third@example.org","type":"other","primary":true}]}""");
        assertThat(typed(added, "emails", "other").get("primary").booleanValue()).isTrue();
        assertThat(typed(added, "emails", "home").get("primary").booleanValue()).isFalse();
    }

    @Test
    void twoPrimariesGivenByTheClientInOneValueAreStillRefused() throws Exception {
        String id = createUser();
        assertThatThrownBy(() -> call("PATCH", id, """
                {"Operations":[{"op":"Replace","path":"emails","value":[{"value":"a@example.org","primary":true},
                  {"value":"b@example.org","primary":true}]}]}"""))
                .isInstanceOf(ScimException.class);
    }

    @Test
    void fullyQualifiedCorePathsWorkInRemove() throws Exception {
        String id = createUser();
        JsonNode user = patch(id, """
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:core:2.0:User:displayName"},
                {"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \\"work\\"].value","value":"q@example.org"}""");
        assertThat(user.has("displayName")).isFalse();
        assertThat(typed(user, "emails", "work").get("value").textValue()).isEqualTo("q@example.org");
    }

    @Test
    void fullyQualifiedCoreAttributesWorkInFilters() throws Exception {
        createUser();
        ScimResponse found = users.handle(new ScimRequest("acme", "GET", null,
                Map.of("filter", "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"ryan@example.org\""),
                Map.of(), null, "https://scim.example.com/scim/v2", "req-2"));
        assertThat(Json.MAPPER.readTree(found.body()).get("totalResults").intValue()).isEqualTo(1);
        ScimResponse byDisplay = users.handle(new ScimRequest("acme", "GET", null,
                Map.of("filter", "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:displayName eq \"Ryan\" and "
                        + "urn:ietf:params:scim:schemas:core:2.0:User:title eq \"urn:ietf:params:scim:schemas:core:2.0:User:x\""),
                Map.of(), null, "https://scim.example.com/scim/v2", "req-3"));
        assertThat(Json.MAPPER.readTree(byDisplay.body()).get("totalResults").intValue()).isZero();
    }
}
