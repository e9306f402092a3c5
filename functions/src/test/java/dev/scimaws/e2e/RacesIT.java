package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.TableItems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two requests at once through the local API (authorizer, handler, real engine, which serialises writes),
 * each race repeated a few rounds, each ending in a check of the stored items one by one: locks, versions,
 * memberships. Every test works on resources of its own, named after it.
 */
class RacesIT {

    private static final int ROUNDS = 5;
    private static DynamoEngine engine;
    private static LocalApi api;
    private static ScimHttp okta;
    private static TenantTwin twin;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        engine = DynamoEngine.get();
        String table = engine.createTable("races");
        api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(), table, Clock.systemUTC()));
        okta = new ScimHttp(api.baseUrl(), api.token());
        twin = TenantTwin.of(api, DynamoEngine.get().client(), List.of("both.applied@example.org", "rename.wanted0@example.org"),
                List.of("Race Group Wanted 0", "Race Members"));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.assertUntouchedBy(LocalApi.TENANT);
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (api != null) {
            api.close();
        }
    }

    /** Runs both requests released together; their responses in order. */
    private static List<ScimHttp.Response> together(Supplier<ScimHttp.Response> first, Supplier<ScimHttp.Response> second)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        List<Callable<ScimHttp.Response>> both = new ArrayList<>();
        for (Supplier<ScimHttp.Response> request : List.of(first, second)) {
            both.add(() -> {
                ready.countDown();
                ready.await();
                return request.get();
            });
        }
        List<ScimHttp.Response> responses = new ArrayList<>();
        for (Future<ScimHttp.Response> response : pool.invokeAll(both)) {
            responses.add(response.get());
        }
        return responses;
    }

    private static TableItems items() {
        return TableItems.of(engine.client(), api.table(), LocalApi.TENANT);
    }

    private static String user(String userName) {
        return okta.createUser(userName);
    }

    private static String group(String displayName) {
        return okta.createGroup(displayName, List.of());
    }

    private static String replace(String path, String value) {
        return ScimHttp.replaceOp(path, value);
    }

    private static List<Integer> statuses(List<ScimHttp.Response> responses) {
        return responses.stream().map(ScimHttp.Response::status).toList();
    }

    @Test
    void twoPatchesOfOneUserWithoutIfMatchAreBothApplied() throws Exception {
        String id = user("both.applied@example.org");
        for (int round = 0; round < ROUNDS; round++) {
            String title = "Title " + round;
            String nickName = "Nick " + round;
            List<ScimHttp.Response> responses = together(() -> okta.patch("/Users/" + id, replace("title", title)),
                    () -> okta.patch("/Users/" + id, replace("nickName", nickName)));
            assertThat(statuses(responses)).as(responses.toString()).containsOnly(200);

            JsonNode stored = items().resources("U").get(id);
            assertThat(stored.path("title").asText()).isEqualTo(title);
            assertThat(stored.path("nickName").asText()).isEqualTo(nickName);
        }
        assertThat(okta.get("/Users/" + id).etag()).as("one version per applied change").isEqualTo("W/\"" + (1 + 2 * ROUNDS) + "\"");
    }

    @Test
    void twoPatchesWithTheSameIfMatchLetExactlyOneWin() throws Exception {
        String id = user("one.wins@example.org");
        for (int round = 0; round < ROUNDS; round++) {
            String etag = okta.get("/Users/" + id).etag();
            String mine = "Mine " + round;
            String theirs = "Theirs " + round;
            List<ScimHttp.Response> responses = together(() -> okta.patch("/Users/" + id, replace("title", mine), etag),
                    () -> okta.patch("/Users/" + id, replace("title", theirs), etag));
            assertThat(statuses(responses)).as(responses.toString()).containsExactlyInAnyOrder(200, 412);

            String winner = responses.get(0).status() == 200 ? mine : theirs;
            assertThat(items().resources("U").get(id).path("title").asText()).isEqualTo(winner);
        }
        assertThat(okta.get("/Users/" + id).etag()).isEqualTo("W/\"" + (1 + ROUNDS) + "\"");
    }

    @Test
    void twoRenamesToOneUserNameLetOneWinAndTheOtherKeepItsLock() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String first = user("rename.a" + round + "@example.org");
            String second = user("rename.b" + round + "@example.org");
            String wanted = "rename.wanted" + round + "@example.org";
            List<ScimHttp.Response> responses = together(() -> okta.patch("/Users/" + first, replace("userName", wanted)),
                    () -> okta.patch("/Users/" + second, replace("userName", wanted)));
            assertThat(statuses(responses)).as(responses.toString()).containsExactlyInAnyOrder(200, 409);
            ScimHttp.Response lost = responses.get(0).status() == 409 ? responses.get(0) : responses.get(1);
            assertThat(lost.json().path("scimType").asText()).isEqualTo("uniqueness");

            String winner = responses.get(0).status() == 200 ? first : second;
            String loser = winner.equals(first) ? second : first;
            TableItems items = items().assertUserNameLocksConsistent();
            assertThat(items.locks("UN")).containsEntry(wanted, winner)
                    .containsEntry("rename." + (loser.equals(first) ? "a" : "b") + round + "@example.org", loser);
        }
    }

    @Test
    void aRenameRacingADeleteLeavesNeitherUserNorLock() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = user("doomed" + round + "@example.org");
            String renamed = "doomed.renamed" + round + "@example.org";
            List<ScimHttp.Response> responses = together(() -> okta.patch("/Users/" + id, replace("userName", renamed)),
                    () -> okta.delete("/Users/" + id));
            assertThat(responses.get(0).status()).as(responses.get(0).body()).isIn(200, 404);
            assertThat(responses.get(1).status()).as("a delete without If-Match deletes what is there: " + responses.get(1).body())
                    .isEqualTo(204);

            TableItems items = items().assertUserNameLocksConsistent();
            assertThat(items.resources("U")).doesNotContainKey(id);
            assertThat(items.tombstones("U")).as("the deletion's tombstone").contains(id);
            assertThat(items.locks("UN")).doesNotContainKeys("doomed" + round + "@example.org", renamed);
            assertThat(okta.get("/Users/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void twoRenamesOfGroupsToOneDisplayNameKeepTheStatedUniquenessAndNoOrphanLock() throws Exception {
        String uniqueness = okta.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json().path("attributes")
                .findParents("name").stream().filter(a -> "displayName".equals(a.path("name").asText()))
                .findFirst().orElseThrow().path("uniqueness").asText("none");
        for (int round = 0; round < ROUNDS; round++) {
            String first = group("Race Group A" + round);
            String second = group("Race Group B" + round);
            String wanted = "Race Group Wanted " + round;
            List<ScimHttp.Response> responses = together(() -> okta.patch("/Groups/" + first, replace("displayName", wanted)),
                    () -> okta.patch("/Groups/" + second, replace("displayName", wanted)));
            if (uniqueness.equals("server")) {
                assertThat(statuses(responses)).as(responses.toString()).containsExactlyInAnyOrder(204, 409);
            } else {
                // "none" allows both to win; a server that still refuses one must say why, and one must win
                assertThat(statuses(responses)).as(responses.toString()).contains(204).isSubsetOf(204, 409);
            }
            for (ScimHttp.Response response : responses) {
                if (response.status() == 409) {
                    assertThat(response.json().path("scimType").asText()).isEqualTo("uniqueness");
                }
            }

            items().assertDisplayNameLocksConsistent();
            for (String id : List.of(first, second)) {
                assertThat(okta.get("/Groups/" + id).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aMemberAddRacingTheMembersDeletionLeavesNoMembershipOfNobody() throws Exception {
        String group = group("Race Members");
        for (int round = 0; round < ROUNDS; round++) {
            String member = user("leaving" + round + "@example.org");
            List<ScimHttp.Response> responses = together(
                    () -> okta.patch("/Groups/" + group, ScimHttp.addMembersOp(List.of(member))),
                    () -> okta.delete("/Users/" + member));
            assertThat(responses.get(0).status()).as(responses.get(0).body()).isIn(204, 400);
            assertThat(responses.get(1).status()).as(responses.get(1).body()).isEqualTo(204);

            items().assertMembershipsPointAtLiveResources();
            ScimHttp.Response read = okta.get("/Groups/" + group + "?attributes=members");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("members").findValuesAsText("value")).doesNotContain(member);
        }
    }
}
