package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.store.TableDefinition;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Interference;
import dev.scimaws.testing.TableItems;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB's secondary indexes lag behind writes; the engine's do not. Here every index answers as one
 * that has not caught up (no items), and every decision must still come out right: uniqueness, lookups by
 * name and id, renames, members, and the counts, which must not stay wrong once the index catches up.
 * docs/consistency.md lists each index read and why it is safe.
 */
class IndexLagIT {

    private static final Interference interference = new Interference();
    private static DynamoEngine engine;
    private static LocalApi api;
    private static ScimHttp okta;

    @BeforeAll
    static void start() throws Exception {
        engine = DynamoEngine.get();
        String table = engine.createTable("index-lag");
        api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(interference), table, Clock.systemUTC()));
        okta = new ScimHttp(api.baseUrl(), api.token());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static void lagEveryIndex() {
        interference.lagIndexes(TableDefinition.INDEXES.stream().map(TableDefinition.Index::name).toArray(String[]::new));
    }

    @Test
    void decisionsRightAfterWritesNeverWaitForAnIndex() {
        lagEveryIndex();
        try {
            ScimHttp.Response created = okta.post("/Users", "{\"userName\":\"fresh@example.org\",\"active\":true}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").textValue();

            assertThat(okta.post("/Users", "{\"userName\":\"FRESH@example.org\"}").status()).as("uniqueness").isEqualTo(409);
            assertThat(okta.get("/Users?" + ScimHttp.query("userName eq \"fresh@example.org\"")).json()
                    .at("/Resources/0/id").textValue()).isEqualTo(id);
            assertThat(okta.get("/Users/" + id).status()).isEqualTo(200);
            assertThat(okta.get("/Users?count=0").json().get("totalResults").intValue()).as("the count, index behind").isEqualTo(1);

            ScimHttp.Response group = okta.post("/Groups", "{\"displayName\":\"Fresh\",\"members\":[{\"value\":\"" + id + "\"}]}");
            assertThat(group.status()).as(group.body()).isEqualTo(201);
            String groupId = group.json().get("id").textValue();
            assertThat(okta.get("/Groups/" + groupId).json().path("members").findValuesAsText("value")).containsExactly(id);
            // group displayNames may be shared (#14): a namesake is created, and the name filter, which reads the
            // name records of the base table consistently, sees both at once while every index lags
            ScimHttp.Response namesake = okta.post("/Groups", "{\"displayName\":\"fresh\"}");
            assertThat(namesake.status()).as(namesake.body()).isEqualTo(201);
            String namesakeId = namesake.json().get("id").textValue();
            assertThat(okta.get("/Groups?" + ScimHttp.query("displayName eq \"FRESH\"")).json().path("Resources").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(groupId, namesakeId);
            assertThat(okta.delete("/Groups/" + namesakeId).status()).isEqualTo(204);

            String rename = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"renamed@example.org\"}]}";
            assertThat(okta.patch("/Users/" + id, rename).status()).isEqualTo(200);
            assertThat(okta.post("/Users", "{\"userName\":\"renamed@example.org\"}").status()).isEqualTo(409);
            assertThat(interference.fired()).as("the index was asked, and lagged").isPositive();
        } finally {
            interference.clear();
        }
        assertThat(okta.get("/Users?count=0").json().get("totalResults").intValue()).as("the count, index caught up").isEqualTo(1);
        assertThat(okta.get("/Groups?count=0").json().get("totalResults").intValue()).isEqualTo(1);
        TableItems.of(engine.client(), api.table(), LocalApi.TENANT).assertUserNameLocksConsistent().assertMembershipsPointAtLiveResources();
    }
}
