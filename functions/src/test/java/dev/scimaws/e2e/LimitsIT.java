package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DynamoDB's key and item limits and the member-change limit answered as SCIM errors, never as 500. */
class LimitsIT {

    private static LocalApi api;
    private static ScimHttp okta;
    private static TenantTwin twin;

    @BeforeAll
    static void start() throws Exception {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("limits");
        Wiring wiring = new Wiring(engine.client(), table, Clock.systemUTC());
        api = LocalApi.start(0, wiring, wiring);
        okta = new ScimHttp(api.baseUrl(), api.token());
        twin = TenantTwin.of(api, DynamoEngine.get().client(), List.of("ok@example.org", "rename.me@example.org"),
                List.of("Too many"));
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.assertUntouchedBy(LocalApi.TENANT);
        }
        if (api != null) {
            api.close();
        }
    }

    private static void assertError(ScimHttp.Response response, int status, String scimType, String detailPart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode error = response.json();
        if (scimType != null) {
            assertThat(error.get("scimType").textValue()).isEqualTo(scimType);
        }
        assertThat(error.get("detail").textValue()).contains(detailPart);
    }

    @Test
    void keyValuesTooLongForDynamoDbAreInvalidValuesNamedByAttribute() {
        String longName = "x".repeat(3_000) + "@example.org";
        assertError(okta.post("/Users", "{\"userName\":\"" + longName + "\"}"), 400, "invalidValue", "userName");
        assertError(okta.post("/Users", "{\"userName\":\"ok@example.org\",\"externalId\":\"" + "e".repeat(2_500) + "\"}"),
                400, "invalidValue", "externalId");
        assertError(okta.post("/Groups", "{\"displayName\":\"" + "g".repeat(2_500) + "\"}"), 400, "invalidValue", "displayName");
        String id = okta.post("/Users", "{\"userName\":\"rename.me@example.org\"}").json().get("id").textValue();
        assertError(okta.patch("/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\""
                + longName + "\"}]}"), 400, "invalidValue", "userName");
        assertThat(okta.get("/Users/" + id).json().get("userName").textValue()).isEqualTo("rename.me@example.org");
        assertThat(okta.get("/Users?count=0").json().get("totalResults").intValue()).isEqualTo(1);

        // Lookups of such values find nothing, and path ids over the key limit are unknown ids
        assertThat(okta.get("/Users?" + ScimHttp.query("userName eq \"" + longName + "\"")).json().get("totalResults").intValue()).isZero();
        assertThat(okta.get("/Users?" + ScimHttp.query("externalId eq \"" + "e".repeat(2_500) + "\"")).status()).isEqualTo(200);
        String longId = "i".repeat(3_000);
        assertThat(okta.get("/Users/" + longId).status()).isEqualTo(404);
        assertThat(okta.delete("/Users/" + longId).status()).isEqualTo(404);
        assertThat(okta.patch("/Users/" + longId, "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}").status())
                .isEqualTo(404);
        assertThat(okta.get("/Groups/" + longId).status()).isEqualTo(404);
    }

    @Test
    void aResourceOverTheItemLimitIsRefusedWith413() {
        // Each attribute stays under the schema's 65,536 characters; together they pass DynamoDB's 400 KB.
        StringBuilder addresses = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            addresses.append(i == 0 ? "" : ",").append("{\"type\":\"other\",\"formatted\":\"").append("a".repeat(60_000)).append("\"}");
        }
        assertError(okta.post("/Users", "{\"userName\":\"big@example.org\",\"addresses\":[" + addresses + "]}"), 413, null, "400 KB");
        String id = okta.post("/Users", "{\"userName\":\"grows@example.org\"}").json().get("id").textValue();
        assertError(okta.patch("/Users/" + id, "{\"Operations\":[{\"op\":\"add\",\"path\":\"addresses\",\"value\":[" + addresses + "]}]}"),
                413, null, "400 KB");
        assertThat(okta.get("/Users?" + ScimHttp.query("userName eq \"big@example.org\"")).json().get("totalResults").intValue()).isZero();
    }

    @Test
    void aPatchOverTheMemberChangeLimitIsRefusedBeforeAnyWrite() {
        String group = okta.post("/Groups", "{\"displayName\":\"Too many\"}").json().get("id").textValue();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i <= 1_000; i++) {
            values.append(i == 0 ? "" : ",").append("{\"value\":\"00000000-0000-0000-0000-").append(String.format("%012d", i)).append("\"}");
        }
        ScimHttp.Response refused = okta.patch("/Groups/" + group, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]}");
        assertError(refused, 400, "tooMany", "at most 1000 member");
        assertThat(okta.get("/Groups/" + group).etag()).isEqualTo("W/\"1\"");
        assertError(okta.post("/Groups", "{\"displayName\":\"Too many at once\",\"members\":[" + values + "]}"), 400, "tooMany", "1000");
    }
}
