package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.Json;
import dev.scimaws.testing.DynamoEngine;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's published checks (the Entra SCIM validator's test workflows and the reference Postman
 * collection in AzureAD/SCIMReferenceCode), re-written here as our own requests and assertions. Checks that
 * only test the reference server's own quirks are listed, with the reason, in docs/entra.md.
 */
class EntraValidatorIT {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[%s]}";
    private static LocalApi api;
    private static ScimHttp entra;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        api = LocalApi.start(0, engine, engine.createTable("entra-validator"));
        // The validator authenticates with the client credentials grant.
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + URLEncoder.encode(api.clientId(), StandardCharsets.UTF_8) + "&client_secret="
                        + URLEncoder.encode(api.clientSecret(), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode granted = Json.MAPPER.readTree(token.body());
        // Validate_Credentials: a token valid between 60 and 360 minutes.
        assertThat(granted.get("expires_in").longValue()).isBetween(60L * 60, 360L * 60);
        entra = new ScimHttp(api.baseUrl(), granted.get("access_token").textValue());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static String user(String userName) {
        ScimHttp.Response created = entra.send("POST", "/Users", """
                {"userName":"%s","active":true,"displayName":"BobIsAmazing",
                 "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"%s",
                 "name":{"formatted":"Ryan Leenay","familyName":"Leenay","givenName":"Ryan"},
                 "emails":[{"Primary":true,"type":"work","value":"testing@bob.com"},
                           {"Primary":false,"type":"home","value":"testinghome@bob.com"}]}""".formatted(userName, UUID.randomUUID()),
                "application/json");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("userName").textValue()).isEqualTo(userName);
        return created.json().get("id").textValue();
    }

    @Test
    void endpointTestsOfThePostmanCollection() {
        assertThat(entra.get("/Users").status()).isEqualTo(200);
        assertThat(entra.get("/Groups").status()).isEqualTo(200);
        assertThat(entra.get("/ResourceTypes").json().at("/Resources/0/endpoint").textValue()).isEqualTo("/Users");
        assertThat(entra.get("/ServiceProviderConfig").json().at("/patch/supported").booleanValue()).isTrue();
        ScimHttp.Response schemas = entra.get("/Schemas");
        assertThat(schemas.status()).isEqualTo(200);
        assertThat(schemas.body()).contains("User Account");
    }

    @Test
    void userTestsOfThePostmanCollection() {
        String id1 = user("UserName123");
        ScimHttp.Response enterprise = entra.send("POST", "/Users", """
                {"userName":"UserName222","active":true,"displayName":"lennay",
                 "schemas":["%s","urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"%s",
                 "name":{"formatted":"Adrew Ryan","familyName":"Ryan","givenName":"Andrew"},
                 "emails":[{"Primary":true,"type":"work","value":"testing@bob2.com"}],
                 "%s":{"Department":"bob","Manager":{"Value":"SuzzyQ"}}}""".formatted(ENTERPRISE, UUID.randomUUID(), ENTERPRISE),
                "application/json");
        assertThat(enterprise.status()).as(enterprise.body()).isEqualTo(201);
        String id2 = enterprise.json().get("id").textValue();
        assertThat(enterprise.json().get(ENTERPRISE).get("department").textValue()).isEqualTo("bob");
        assertThat(enterprise.json().get(ENTERPRISE).get("manager").get("value").textValue()).isEqualTo("SuzzyQ");

        assertThat(entra.get("/Users/" + id1).json().get("id").textValue()).isEqualTo(id1);
        assertThat(entra.get("/Users?attributes=userName,emails").body()).contains(id1);
        assertThat(entra.get("/Users?" + ScimHttp.query("DisplayName eq \"BobIsAmazing\"")).body()).contains(id1);

        assertThat(entra.patch("/Users/" + id1, PATCH.formatted("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"ryan3\"}"))
                .status()).isEqualTo(200);
        assertThat(entra.get("/Users/" + id1).json().get("userName").textValue()).isEqualTo("ryan3");

        ScimHttp.Response replaced = entra.send("PUT", "/Users/" + id2, """
                {"userName":"UserNameReplace2","active":true,"displayName":"BobIsAmazing",
                 "schemas":["%s","urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","externalId":"%s",
                 "name":{"formatted":"NewName","familyName":"Leenay","givenName":"Ryan"},
                 "emails":[{"Primary":true,"type":"work","value":"testing@bobREPLACE.com"}]}"""
                .formatted(ENTERPRISE, id2, UUID.randomUUID()), "application/json");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(entra.get("/Users/" + id2).json().at("/name/formatted").textValue()).isEqualTo("NewName");

        assertThat(entra.delete("/Users/" + id1).status()).isEqualTo(204);
        assertThat(entra.delete("/Users/" + id2).status()).isEqualTo(204);
        assertThat(entra.get("/Users/" + id1).status()).isEqualTo(404);
    }

    @Test
    void groupTestsOfThePostmanCollection() {
        ScimHttp.Response empty = entra.post("/Groups", """
                {"externalId":"%s","schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
                 "displayName":"Group1DisplayName","members":[]}""".formatted(UUID.randomUUID()));
        assertThat(empty.status()).isEqualTo(201);
        String member = user("UserName333");
        String other = user("UserName444");
        ScimHttp.Response filled = entra.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"%s",
                 "displayName":"GroupDisplayName2","members":[{"value":"%s","display":"VP"}]}"""
                .formatted(UUID.randomUUID(), member));
        assertThat(filled.status()).as(filled.body()).isEqualTo(201);
        String group = filled.json().get("id").textValue();
        assertThat(entra.get("/Groups").status()).isEqualTo(200);

        // Group_Update_Add_Member / Remove_Member as the provisioning engine sends them
        assertThat(entra.patch("/Groups/" + group, PATCH.formatted(
                "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}")).status()).isEqualTo(204);
        assertThat(entra.get("/Groups/" + group).body()).contains(other);
        assertThat(entra.patch("/Groups/" + group, PATCH.formatted(
                "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}")).status()).isEqualTo(204);
        assertThat(entra.get("/Groups/" + group).body()).doesNotContain(other);

        // SCIM_Group_Update: single-valued attributes patched, then read back
        assertThat(entra.patch("/Groups/" + group, PATCH.formatted(
                "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed 2\"},"
                        + "{\"op\":\"Replace\",\"path\":\"externalId\",\"value\":\"ext-2\"}")).status()).isEqualTo(204);
        JsonNode read = entra.get("/Groups/" + group + "?excludedAttributes=members").json();
        assertThat(read.get("displayName").textValue()).isEqualTo("Renamed 2");
        assertThat(read.get("externalId").textValue()).isEqualTo("ext-2");
        assertThat(entra.get("/Groups?" + ScimHttp.query("displayName eq \"Renamed 2\"")).json().get("totalResults").intValue())
                .isEqualTo(1);
        assertThat(entra.delete("/Groups/" + group).status()).isEqualTo(204);
        assertThat(entra.get("/Groups?" + ScimHttp.query("displayName eq \"Renamed 2\"")).json().get("totalResults").intValue())
                .isZero();
    }

    /** Schema_Discoverability: every attribute Entra maps must be found in /Schemas, by name, ignoring case. */
    @Test
    void schemaDiscoverability() {
        Set<String> listed = new HashSet<>();
        for (JsonNode schema : entra.get("/Schemas").json().get("Resources")) {
            String urn = schema.get("id").textValue();
            for (JsonNode attribute : schema.get("attributes")) {
                String name = attribute.get("name").textValue();
                listed.add(name.toLowerCase(Locale.ROOT));
                listed.add((urn + ":" + name).toLowerCase(Locale.ROOT));
                for (JsonNode sub : attribute.path("subAttributes")) {
                    listed.add((name + "." + sub.get("name").textValue()).toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> mapped = List.of("userName", "active", "displayName", "title", "externalId", "emails.value",
                "emails.type", "name.givenName", "name.familyName", "name.formatted", "addresses.streetAddress",
                "addresses.locality", "addresses.region", "addresses.postalCode", "addresses.country",
                "phoneNumbers.value", "phoneNumbers.type", "preferredLanguage",
                ENTERPRISE + ":employeeNumber", ENTERPRISE + ":department", ENTERPRISE + ":manager",
                "members", "members.value");
        List<String> missing = new ArrayList<>();
        for (String attribute : mapped) {
            if (!listed.contains(attribute.toLowerCase(Locale.ROOT))) {
                missing.add(attribute);
            }
        }
        assertThat(missing).isEmpty();
    }

    /** SCIM_Null_Update: empty strings, then nulls, on optional attributes leave them empty. */
    @Test
    void nullUpdate() {
        String id = user("null.update@validator.example");
        assertThat(entra.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Replace","path":"title","value":"x"},{"op":"Replace","path":"name.givenName","value":"Given"}""")).status())
                .isEqualTo(200);
        assertThat(entra.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Replace","path":"title","value":""},{"op":"Replace","path":"displayName","value":""}""")).status())
                .isIn(200, 204);
        JsonNode afterEmpty = entra.get("/Users/" + id).json();
        assertThat(afterEmpty.path("title").asText("")).isEmpty();
        assertThat(afterEmpty.path("displayName").asText("")).isEmpty();
        assertThat(entra.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Replace","path":"title","value":null},{"op":"Replace","path":"name.givenName","value":null}""")).status())
                .isIn(200, 204);
        JsonNode afterNull = entra.get("/Users/" + id).json();
        assertThat(afterNull.has("title")).isFalse();
        assertThat(afterNull.path("name").has("givenName")).isFalse();
    }

    /** SCIM_User_Update: single-valued attributes patched, then read back with the values sent. */
    @Test
    void userUpdate() {
        String id = user("user.update@validator.example");
        ScimHttp.Response patched = entra.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Replace","path":"displayName","value":"Updated Name"},{"op":"Replace","path":"title","value":"Updated"},
                {"op":"Replace","path":"preferredLanguage","value":"en-GB"},
                {"op":"Replace","path":"%s:employeeNumber","value":"12345"}""".formatted(ENTERPRISE)));
        assertThat(patched.status()).isEqualTo(200);
        JsonNode read = entra.get("/Users/" + id).json();
        assertThat(read.get("displayName").textValue()).isEqualTo("Updated Name");
        assertThat(read.get("title").textValue()).isEqualTo("Updated");
        assertThat(read.get("preferredLanguage").textValue()).isEqualTo("en-GB");
        assertThat(read.get(ENTERPRISE).get("employeeNumber").textValue()).isEqualTo("12345");
    }

    /** SCIM_User_Pagination / SCIM_Group_Pagination: pages of 5, each with the startIndex asked for. */
    @Test
    void pagination() {
        for (int i = 0; i < 11; i++) {
            user("page" + i + "@validator.example");
            assertThat(entra.post("/Groups", "{\"displayName\":\"Page group " + i + "\"}").status()).isEqualTo(201);
        }
        for (String resource : List.of("/Users", "/Groups")) {
            Set<String> seen = new HashSet<>();
            for (int page = 0; page < 3; page++) {
                ScimHttp.Response response = entra.get(resource + "?startIndex=" + (page * 5 + 1) + "&count=5");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("startIndex").intValue()).isEqualTo(page * 5 + 1);
                response.json().get("Resources").forEach(r -> assertThat(seen.add(r.get("id").textValue())).isTrue());
            }
            assertThat(seen).as(resource).hasSizeGreaterThanOrEqualTo(11);
        }
    }

    /** SCIM_Update_Manager: set (Add), change (Replace), remove (Replace with empty), each read back. */
    @Test
    void managerSetChangeRemove() {
        String id = user("managed@validator.example");
        String first = user("manager1@validator.example");
        String second = user("manager2@validator.example");
        String path = ENTERPRISE + ":manager";
        assertThat(entra.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Add\",\"path\":\"" + path + "\",\"value\":\"" + first + "\"}"))
                .status()).isEqualTo(200);
        assertThat(entra.get("/Users/" + id).json().at("/" + ENTERPRISE + "/manager/value").textValue()).isEqualTo(first);
        assertThat(entra.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"path\":\"" + path + "\",\"value\":\"" + second + "\"}"))
                .status()).isEqualTo(200);
        assertThat(entra.get("/Users/" + id).json().at("/" + ENTERPRISE + "/manager/value").textValue()).isEqualTo(second);
        assertThat(entra.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"path\":\"" + path + "\",\"value\":\"\"}"))
                .status()).isEqualTo(200);
        assertThat(entra.get("/Users/" + id).json().path(ENTERPRISE).has("manager")).isFalse();
    }

    /** Onboarding requirements: filters on matching properties answer 200, an unknown value an empty list. */
    @Test
    void matchingFiltersOnUnknownValuesAreEmptyLists() {
        for (String filter : List.of("userName eq \"" + UUID.randomUUID() + "\"", "externalId eq \"" + UUID.randomUUID() + "\"",
                "displayName eq \"" + UUID.randomUUID() + "\"")) {
            ScimHttp.Response response = entra.get((filter.startsWith("displayName") ? "/Groups?" : "/Users?") + ScimHttp.query(filter));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("totalResults").intValue()).isZero();
            assertThat(response.json().get("Resources")).isEmpty();
        }
        assertThat(entra.get("/Users/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

}
