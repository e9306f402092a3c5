package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsersServiceTest {

    private static final String BASE = "https://scim.example.com/scim/v2";
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final UsersService users = new UsersService(store, new SchemaResourceRules(dev.scimaws.scim.schema.CoreSchemas.USER_TYPE),
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    private ScimResponse call(String method, String id, Map<String, String> query, String body) throws ScimException {
        return users.handle(new ScimRequest("acme", method, id, query, Map.of("Content-Type", "application/scim+json"),
                body, BASE, "req-1"));
    }

    private JsonNode json(ScimResponse response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private String createJane() throws Exception {
        ScimResponse created = call("POST", null, Map.of(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jane@example.org",
                 "name":{"givenName":"Jane","familyName":"Doe"},"active":true,"password":"Secret-1",
                 "emails":[{"primary":true,"value":"jane@example.org","type":"work"}],"groups":[]}""");
        assertThat(created.status()).isEqualTo(201);
        return json(created).get("id").textValue();
    }

    @Test
    void createReturnsFullResourceWithoutPasswordAndWithLocation() throws Exception {
        ScimResponse created = call("POST", null, Map.of(), """
                {"userName":"jane@example.org","password":"Secret-1","id":"client-chosen","meta":{"version":"x"}}""");
        JsonNode body = json(created);
        assertThat(created.status()).isEqualTo(201);
        assertThat(body.get("id").textValue()).isNotEqualTo("client-chosen");
        assertThat(body.has("password")).isFalse();
        assertThat(created.headers()).containsEntry("Location", BASE + "/Users/" + body.get("id").textValue());
        assertThat(body.at("/meta/location").textValue()).isEqualTo(created.headers().get("Location"));
        assertThat(body.at("/meta/version").textValue()).isEqualTo("W/\"1\"").isEqualTo(created.headers().get("ETag"));
    }

    @Test
    void oktaPathlessDeactivationKeepsUserReadableAndRecordsWhen() throws Exception {
        String id = createJane();
        ScimResponse patched = call("PATCH", id, Map.of(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(json(patched).get("active").booleanValue()).isFalse();
        assertThat(store.get("acme", id).orElseThrow().deactivatedAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));

        ScimResponse reactivated = call("PATCH", id, Map.of(), """
                {"Operations":[{"op":"Replace","value":{"active":"True"}}]}""");
        assertThat(json(reactivated).get("active").booleanValue()).isTrue();
        assertThat(store.get("acme", id).orElseThrow().deactivatedAt()).isNull();
    }

    @Test
    void patchAppliesValueFilterPathsAndDottedKeys() throws Exception {
        String id = createJane();
        ScimResponse patched = call("PATCH", id, Map.of(), """
                {"Operations":[
                  {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"jane.doe@example.org"},
                  {"op":"replace","path":"NAME.FAMILYNAME","value":"Dow"},
                  {"op":"Replace","value":{"name.givenName":"Janet",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7"}}]}""");
        JsonNode body = json(patched);
        assertThat(body.at("/emails/0/value").textValue()).isEqualTo("jane.doe@example.org");
        assertThat(body.at("/name/givenName").textValue()).isEqualTo("Janet");
        assertThat(body.at("/name/familyName").textValue()).isEqualTo("Dow");
        assertThat(body.get("name").size()).isEqualTo(2);
        assertThat(body.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").get("employeeNumber").textValue())
                .isEqualTo("7");
    }

    @Test
    void failingOperationLeavesUserUnchanged() throws Exception {
        String id = createJane();
        assertThatThrownBy(() -> call("PATCH", id, Map.of(), """
                {"Operations":[{"op":"replace","path":"displayName","value":"Changed"},
                               {"op":"remove","path":"userName"}]}"""))
                .isInstanceOf(ScimException.class);
        assertThat(store.get("acme", id).orElseThrow().body().has("displayName")).isFalse();
        assertThat(store.get("acme", id).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void filterByUserNameIsCaseInsensitiveAndMissIsEmptyList() throws Exception {
        createJane();
        JsonNode hit = json(call("GET", null, Map.of("filter", "userName eq \"JANE@EXAMPLE.ORG\""), null));
        assertThat(hit.get("totalResults").intValue()).isEqualTo(1);
        JsonNode miss = json(call("GET", null, Map.of("filter", "userName eq \"nobody@example.org\"",
                "startIndex", "1", "count", "100"), null));
        assertThat(miss.get("totalResults").intValue()).isZero();
        assertThat(miss.get("Resources")).isEmpty();
    }

    @Test
    void unparsableFilterIsInvalidFilter() {
        assertThatThrownBy(() -> call("GET", null, Map.of("filter", "userName eq"), null))
                .isInstanceOfSatisfying(ScimException.class,
                        e -> assertThat(e.getScimError().getScimType()).isEqualTo("invalidFilter"));
    }

    @Test
    void duplicateUserNameInAnyCaseIsUniquenessConflict() throws Exception {
        createJane();
        assertThatThrownBy(() -> call("POST", null, Map.of(), "{\"userName\":\"JANE@example.org\"}"))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.getScimError().getStatus()).isEqualTo(409);
                    assertThat(e.getScimError().getScimType()).isEqualTo("uniqueness");
                });
    }

    @Test
    void putNeverCreatesAndIfMatchMismatchIs412() throws Exception {
        assertThatThrownBy(() -> call("PUT", "010101001010101011001010101011", Map.of(), "{\"userName\":\"x\"}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(404));
        String id = createJane();
        assertThatThrownBy(() -> users.handle(new ScimRequest("acme", "PUT", id, Map.of(),
                Map.of("If-Match", "W/\"9\""), "{\"userName\":\"jane@example.org\"}", BASE, "r")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(412));
    }

    @Test
    void otherTenantCannotSeeUser() throws Exception {
        String id = createJane();
        assertThatThrownBy(() -> users.handle(new ScimRequest("other", "GET", id, Map.of(), Map.of(), null, BASE, "r")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(404));
    }

    @Test
    void attributesAndExcludedAttributesShapeTheResponse() throws Exception {
        String id = createJane();
        JsonNode only = json(call("GET", id, Map.of("attributes", "userName,name.givenName"), null));
        assertThat(only.has("userName")).isTrue();
        assertThat(only.at("/name/givenName").textValue()).isEqualTo("Jane");
        assertThat(only.at("/name/familyName").isMissingNode()).isTrue();
        assertThat(only.has("emails")).isFalse();
        assertThat(only.get("id").textValue()).isEqualTo(id);
        JsonNode without = json(call("GET", id, Map.of("excludedAttributes", "emails"), null));
        assertThat(without.has("emails")).isFalse();
        assertThat(without.has("userName")).isTrue();
    }

    @Test
    void pagingParametersMustBeIntegers() {
        assertThatThrownBy(() -> call("GET", null, Map.of("startIndex", "one"), null))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(400));
    }

    @Test
    void entraFiltersWithAnyCaseNamesValuePathsAndAnd() throws Exception {
        String id = createJane();
        call("POST", null, Map.of(), "{\"userName\":\"john@example.org\",\"externalId\":\"E-2\"}");
        JsonNode byEmail = json(call("GET", null,
                Map.of("filter", "emails[type eq \"work\"].value eq \"jane@example.org\""), null));
        assertThat(byEmail.get("totalResults").intValue()).isEqualTo(1);
        assertThat(byEmail.at("/Resources/0/id").textValue()).isEqualTo(id);
        JsonNode anyCase = json(call("GET", null, Map.of("filter", "USERNAME eq \"john@example.org\" and EXTERNALID eq \"E-2\""), null));
        assertThat(anyCase.get("totalResults").intValue()).isEqualTo(1);
        JsonNode randomGuid = json(call("GET", null,
                Map.of("filter", "externalId eq \"6f1c1f40-9a8e-4c54-8a8b-1f6a3a2b9c77\""), null));
        assertThat(randomGuid.get("totalResults").intValue()).isZero();
        JsonNode startsWith = json(call("GET", null, Map.of("filter", "userName sw \"J\""), null));
        assertThat(startsWith.get("totalResults").intValue()).isEqualTo(2);
    }

    @Test
    void caseExactAttributesCompareExactlyEvenWhenNoIndexNarrowsTheCandidates() throws Exception {
        String id = createJane();
        call("POST", null, Map.of(), "{\"userName\":\"john@example.org\",\"externalId\":\"E-2\"}");
        // "or" with a miss: no indexed lookup, every user goes through the in-memory evaluation.
        String noIndex = " or userName eq \"nobody@example.org\"";

        assertThat(total("externalId eq \"e-2\"" + noIndex)).isZero();
        assertThat(total("externalId eq \"E-2\"" + noIndex)).isEqualTo(1);
        assertThat(total("externalId sw \"e\"" + noIndex)).isZero();
        assertThat(total("id eq \"" + id.toUpperCase(java.util.Locale.ROOT) + "\"" + noIndex)).isZero();
        assertThat(total("id eq \"" + id + "\"" + noIndex)).isEqualTo(1);
        assertThat(total("meta.resourceType eq \"user\"")).isZero();
        assertThat(total("meta.resourceType eq \"User\"")).isEqualTo(2);
        // Not caseExact: userName, and sub-attributes inside a value filter.
        assertThat(total("userName eq \"JOHN@EXAMPLE.ORG\"" + noIndex)).isEqualTo(1);
        assertThat(total("emails[type eq \"WORK\" and value ew \"EXAMPLE.ORG\"]")).isEqualTo(1);
    }

    private int total(String filter) throws Exception {
        return json(call("GET", null, Map.of("filter", filter), null)).get("totalResults").intValue();
    }

    @Test
    void methodsNotServedAre405NotAnUnknownRoute() throws Exception {
        String id = createJane();
        // API Gateway routes ANY method here; these must be SCIM 405s, and must change nothing.
        for (String method : List.of("DELETE", "PUT", "PATCH", "HEAD", "OPTIONS")) {
            assertThatThrownBy(() -> call(method, null, Map.of(), "{}")).as(method + " /Users")
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(405));
        }
        for (String method : List.of("POST", "HEAD", "OPTIONS")) {
            assertThatThrownBy(() -> call(method, id, Map.of(), "{}")).as(method + " /Users/{id}")
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(405));
        }
        assertThat(total("userName eq \"jane@example.org\"")).isEqualTo(1);
    }

    @Test
    void countZeroGivesTotalsOnly() throws Exception {
        createJane();
        JsonNode totals = json(call("GET", null, Map.of("count", "0"), null));
        assertThat(totals.get("totalResults").intValue()).isEqualTo(1);
        assertThat(totals.get("itemsPerPage").intValue()).isZero();
        assertThat(totals.get("Resources")).isEmpty();
    }
}
