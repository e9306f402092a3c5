package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7644 edges over real HTTP through the local API: 501s, Allow on 405, .search, If-None-Match, sorting. */
class ProtocolEdgesIT {

    private static final String SCIM_JSON = "application/scim+json";
    private static LocalApi api;
    private static ScimHttp client;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("edges-e2e");
        Wiring wiring = new Wiring(engine.client(), table, Clock.systemUTC());
        api = LocalApi.start(0, wiring, wiring);
        client = new ScimHttp(api.baseUrl(), api.token());
        for (String name : List.of("carol", "dave", "erin", "frank")) {
            assertThat(client.post("/Users", "{\"userName\":\"" + name + "@edges.example\",\"displayName\":\"" + name
                    + "\",\"active\":" + !name.equals("frank") + "}").status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static void assertError(ScimHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(SCIM_JSON);
        assertThat(response.json().get("status").textValue()).isEqualTo(Integer.toString(status));
        assertThat(response.json().get("detail").textValue()).isNotBlank();
    }

    @Test
    void meAndBulkAreNotImplemented() {
        assertError(client.get("/Me"), 501);
        assertError(client.post("/Bulk", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[]}"), 501);
        assertThat(client.get("/ServiceProviderConfig").json().at("/bulk/supported").booleanValue()).isFalse();
    }

    @Test
    void everyMethodNotAllowedNamesTheAllowedOnes() {
        Map<String, String> expected = Map.of(
                "DELETE /Users", "GET, POST",
                "POST /Users/some-id", "GET, PUT, PATCH, DELETE",
                "PUT /Groups", "GET, POST",
                "GET /Users/.search", "POST",
                "PUT /Schemas", "GET",
                "DELETE /ServiceProviderConfig", "GET");
        expected.forEach((request, allow) -> {
            String[] parts = request.split(" ");
            ScimHttp.Response response = client.send(parts[0], parts[1], parts[0].equals("GET") || parts[0].equals("DELETE")
                    ? null : "{}", SCIM_JSON);
            assertError(response, 405);
            assertThat(response.headers().firstValue("Allow")).as(request).contains(allow);
        });
    }

    @Test
    void searchByPostFollowsTheRulesOfGet() {
        String search = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"active eq true","attributes":["userName"],"startIndex":1,"count":2}""";
        ScimHttp.Response page = client.post("/Users/.search", search);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode body = page.json();
        JsonNode get = client.get("/Users?attributes=userName&startIndex=1&count=2&" + ScimHttp.query("active eq true")).json();
        assertThat(body).isEqualTo(get);
        assertThat(body.get("totalResults").intValue()).isEqualTo(3);
        assertThat(body.get("Resources")).hasSize(2);
        assertThat(body.at("/Resources/0").has("displayName")).isFalse();

        // Cursor paging (RFC 9865) through .search, to the end
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode cursorPage = client.post("/Users/.search", "{\"cursor\":\"" + cursor + "\",\"count\":3}").json();
            cursorPage.get("Resources").forEach(r -> seen.add(r.get("userName").textValue()));
            cursor = cursorPage.path("nextCursor").asText(null);
        } while (cursor != null);
        assertThat(seen).hasSize(4).doesNotHaveDuplicates();

        assertThat(client.post("/Groups", "{\"displayName\":\"Edges\"}").status()).isEqualTo(201);
        JsonNode groups = client.post("/Groups/.search", "{\"filter\":\"displayName eq \\\"edges\\\"\","
                + "\"excludedAttributes\":\"members\"}").json();
        assertThat(groups.get("totalResults").intValue()).isEqualTo(1);

        assertError(client.post("/Users/.search", "{\"filter\":\"userName zz \\\"x\\\"\"}"), 400);
        assertThat(client.post("/Users/.search", "{\"filter\":\"userName zz \\\"x\\\"\"}").json().get("scimType").textValue())
                .isEqualTo("invalidFilter");
    }

    @Test
    void ifNoneMatchOnTheCurrentVersionIsNotModified() {
        String id = client.post("/Users", "{\"userName\":\"etag@edges.example\"}").json().get("id").textValue();
        ScimHttp.Response current = client.get("/Users/" + id);
        ScimHttp.Response unchanged = client.send("GET", "/Users/" + id, null, null, Map.of("If-None-Match", current.etag()));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.etag()).isEqualTo(current.etag());

        client.patch("/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}]}");
        ScimHttp.Response changed = client.send("GET", "/Users/" + id, null, null, Map.of("If-None-Match", current.etag()));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("title").textValue()).isEqualTo("x");

        String group = client.post("/Groups", "{\"displayName\":\"Etag group\"}").json().get("id").textValue();
        ScimHttp.Response groupRead = client.get("/Groups/" + group);
        assertThat(client.send("GET", "/Groups/" + group, null, null, Map.of("If-None-Match", groupRead.etag())).status())
                .isEqualTo(304);
        client.patch("/Groups/" + group, "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]}");
        assertThat(client.send("GET", "/Groups/" + group, null, null, Map.of("If-None-Match", groupRead.etag())).status())
                .as("a member change is a new version").isEqualTo(200);
    }

    @Test
    void sortingIsNotAdvertisedAndSortByChangesNothing() {
        assertThat(client.get("/ServiceProviderConfig").json().at("/sort/supported").booleanValue()).isFalse();
        JsonNode plain = client.get("/Users?count=10").json();
        JsonNode sorted = client.get("/Users?count=10&sortBy=userName&sortOrder=descending").json();
        assertThat(sorted.get("Resources")).isEqualTo(plain.get("Resources"));
    }

    @Test
    void schemasListExternalIdForUserAndGroup() {
        for (String urn : List.of("urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group")) {
            List<String> names = new ArrayList<>();
            client.get("/Schemas/" + urn).json().get("attributes").forEach(a -> names.add(a.get("name").textValue()));
            assertThat(names).as(urn).contains("externalId", "displayName");
        }
    }
}
