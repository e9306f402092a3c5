package dev.scimaws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.handler.Wiring;
import dev.scimaws.local.LocalApi;
import dev.scimaws.scim.StoredResource;
import dev.scimaws.store.DynamoGroupStore;
import dev.scimaws.store.DynamoUserStore;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Interference;
import dev.scimaws.testing.TableItems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stores' and services' retry paths, each forced on the real engine by an SDK interceptor on the
 * handlers' client: another writer acting just before a write (a real version conflict or a name taken
 * meanwhile), transactions cancelled for a conflict, batches leaving items unprocessed. Asserted on
 * outcomes only (nothing lost, a clean SCIM answer, never a 500), not on how often anything was retried.
 */
class StoreRetriesIT {

    private static final Interference interference = new Interference();
    private static DynamoEngine engine;
    private static LocalApi api;
    private static ScimHttp okta;
    private static TenantTwin twin;
    private static DynamoUserStore otherUsers;
    private static DynamoGroupStore otherGroups;

    @BeforeAll
    static void start() throws Exception {
        engine = DynamoEngine.get();
        String table = engine.createTable("store-retries");
        api = LocalApi.start(0, new Wiring(engine.client(), table, Clock.systemUTC()),
                new Wiring(engine.client(interference), table, Clock.systemUTC()));
        okta = new ScimHttp(api.baseUrl(), api.token());
        twin = TenantTwin.of(api, DynamoEngine.get().client(), List.of("renaming@example.org", "taken.meanwhile@example.org"),
                List.of("Retried Group", "Never Created"));
        // The other writer: same table, a client the interference does not touch.
        otherUsers = new DynamoUserStore(engine.client(), table, Clock.systemUTC());
        otherGroups = new DynamoGroupStore(engine.client(), table, Clock.systemUTC());
    }

    @AfterEach
    void disarm() {
        interference.clear();
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

    private static TableItems items() {
        return TableItems.of(engine.client(), api.table(), LocalApi.TENANT);
    }

    private static String user(String userName) {
        return okta.createUser(userName);
    }

    private static String group(String displayName, List<String> members) {
        return okta.createGroup(displayName, members);
    }

    private static String replace(String path, String value) {
        return ScimHttp.replaceOp(path, value);
    }

    private static String addMembers(List<String> ids) {
        return ScimHttp.addMembersOp(ids);
    }

    /** Another writer changes {@code attribute} of the stored resource, raising its version. */
    private static void otherWriterSets(DynamoUserStore store, String id, String attribute, String value) {
        StoredResource current = store.get(LocalApi.TENANT, id).orElseThrow();
        ObjectNode body = current.body().deepCopy();
        body.put(attribute, value);
        store.update(LocalApi.TENANT, current, new StoredResource(id, current.version() + 1, current.created(),
                Instant.now(), current.deactivatedAt(), body));
    }

    private static List<String> users(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(user(prefix + i + "@example.org"));
        }
        return ids;
    }

    @Test
    void aUserPatchThatLosesToAnotherWriterIsReappliedFromAFreshRead() {
        String id = user("lost.update@example.org");
        interference.runBefore("PutItem", 1, () -> otherWriterSets(otherUsers, id, "title", "Set by the other writer"));

        ScimHttp.Response patched = okta.patch("/Users/" + id, replace("nickName", "Set by the request"));

        assertThat(interference.fired()).as("the other writer acted between read and write").isEqualTo(1);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(items().resources("U").get(id).path("title").asText()).isEqualTo("Set by the other writer");
        assertThat(items().resources("U").get(id).path("nickName").asText()).isEqualTo("Set by the request");
        assertThat(okta.get("/Users/" + id).etag()).isEqualTo("W/\"3\"");
    }

    @Test
    void aUserPatchWithIfMatchThatLosesToAnotherWriterIs412AndChangesNothing() {
        String id = user("lost.ifmatch@example.org");
        interference.runBefore("PutItem", 1, () -> otherWriterSets(otherUsers, id, "title", "Set by the other writer"));

        ScimHttp.Response patched = okta.patch("/Users/" + id, replace("nickName", "Set by the request"), "W/\"1\"");

        assertThat(patched.status()).as(patched.body()).isEqualTo(412);
        assertThat(items().resources("U").get(id).has("nickName")).isFalse();
    }

    @Test
    void aRenameToAUserNameTakenMeanwhileIs409AndTheLockStaysWithTheOtherUser() {
        String id = user("renaming@example.org");
        String[] other = new String[1];
        interference.runBefore("TransactWriteItems", 1, () -> {
            Instant now = Instant.now();
            StoredResource taker = new StoredResource(java.util.UUID.randomUUID().toString(), 1, now, now, null,
                    dev.scimaws.scim.Json.object().put("userName", "taken.meanwhile@example.org").put("active", true));
            otherUsers.create(LocalApi.TENANT, taker);
            other[0] = taker.id();
        });

        ScimHttp.Response renamed = okta.patch("/Users/" + id, replace("userName", "taken.meanwhile@example.org"));

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(409);
        assertThat(renamed.json().path("scimType").asText()).isEqualTo("uniqueness");
        TableItems items = items().assertUserNameLocksConsistent();
        assertThat(items.locks("UN")).containsEntry("taken.meanwhile@example.org", other[0]).containsEntry("renaming@example.org", id);
    }

    @Test
    void aRenameCancelledForATransactionConflictIsRetried() {
        String id = user("conflicted@example.org");
        // more cancellations in a row than the service's own attempts: only the store's retry gets through
        interference.fail("TransactWriteItems", 1, 4, () -> Interference.transactionConflict(3));

        ScimHttp.Response renamed = okta.patch("/Users/" + id, replace("userName", "conflicted.renamed@example.org"));

        assertThat(interference.fired()).isEqualTo(4);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(items().assertUserNameLocksConsistent().locks("UN")).containsEntry("conflicted.renamed@example.org", id)
                .doesNotContainKey("conflicted@example.org");
    }

    @Test
    void transactionConflictsThatDoNotEndAreACleanScimErrorAndChangeNothing() {
        String id = user("always.conflicted@example.org");
        interference.fail("TransactWriteItems", 1, Integer.MAX_VALUE / 2, () -> Interference.transactionConflict(3));

        ScimHttp.Response renamed = okta.patch("/Users/" + id, replace("userName", "never.renamed@example.org"));
        ScimHttp.Response created = okta.post("/Groups", "{\"displayName\":\"Never Created\"}");
        ScimHttp.Response createdUser = okta.post("/Users", "{\"userName\":\"never.created@example.org\"}");
        ScimHttp.Response deleted = okta.delete("/Users/" + id);

        for (ScimHttp.Response response : List.of(renamed, created, createdUser, deleted)) {
            // the store gives up after its conflict retries (#13): busy, retry later, never a conflict answer
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.retryAfter()).as("Retry-After").isNotNull();
            assertThat(response.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        }
        interference.clear();
        assertThat(items().assertUserNameLocksConsistent().locks("UN")).containsEntry("always.conflicted@example.org", id)
                .doesNotContainKey("never.renamed@example.org");
        assertThat(items().locks("GN")).doesNotContainKey("never created");
        assertThat(items().locks("UN")).doesNotContainKey("never.created@example.org");
    }

    @Test
    void aGroupChangeThatLosesToAnotherWriterIsReapplied() {
        String group = group("Retried Group", List.of());
        interference.runBefore("PutItem", 1, () -> otherGroups.touch(LocalApi.TENANT, group, Instant.now(), null));

        ScimHttp.Response patched = okta.patch("/Groups/" + group, replace("externalId", "ext-retried"));

        assertThat(interference.fired()).isEqualTo(1);
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(items().resources("G").get(group).path("externalId").asText()).isEqualTo("ext-retried");
        assertThat(okta.get("/Groups/" + group).etag()).isEqualTo("W/\"3\"");
    }

    @Test
    void memberWritesLeftUnprocessedAreRetriedUntilAllAreStored() {
        List<String> members = users("unprocessed.write", 8);
        String group = group("Unprocessed Writes", List.of());
        interference.leaveHalfUnprocessed("BatchWriteItem", 3);

        ScimHttp.Response patched = okta.patch("/Groups/" + group, addMembers(members));

        assertThat(interference.fired()).isEqualTo(3);
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(items().assertMembershipsPointAtLiveResources().memberships().get(group)).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void memberValidationReadsLeftUnprocessedAreRetriedSoNoMemberIsRefused() {
        List<String> members = users("unprocessed.read", 6);
        String group = group("Unprocessed Reads", List.of());
        interference.leaveHalfUnprocessed("BatchGetItem", 2);

        ScimHttp.Response patched = okta.patch("/Groups/" + group, addMembers(members));

        assertThat(interference.fired()).isEqualTo(2);
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(items().memberships().get(group)).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void aUsersGroupsReadLeftUnprocessedStillListsEveryGroup() {
        String member = user("many.groups@example.org");
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            groups.add(group("Unprocessed Group " + i, List.of(member)));
        }
        interference.leaveHalfUnprocessed("BatchGetItem", 1);

        ScimHttp.Response read = okta.get("/Users/" + member);

        assertThat(interference.fired()).isEqualTo(1);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("groups").findValuesAsText("value")).containsExactlyInAnyOrderElementsOf(groups);
    }

    @Test
    void aUserDeletionWhoseMembershipDeletesAreLeftUnprocessedStillRemovesThemAll() {
        String member = user("deleted.member@example.org");
        for (int i = 0; i < 4; i++) {
            group("Deleted Member Group " + i, List.of(member));
        }
        interference.leaveHalfUnprocessed("BatchWriteItem", 2);

        ScimHttp.Response deleted = okta.delete("/Users/" + member);

        assertThat(interference.fired()).isEqualTo(2);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        items().assertMembershipsPointAtLiveResources();
    }

    @Test
    void aMemberDeletedBetweenValidationAndTheMembershipWriteLeavesNoMembership() {
        List<String> members = users("vanishing", 2);
        String group = group("Vanishing Member", List.of());
        interference.runBefore("BatchWriteItem", 1,
                () -> otherUsers.delete(LocalApi.TENANT, otherUsers.get(LocalApi.TENANT, members.get(0)).orElseThrow()));

        ScimHttp.Response patched = okta.patch("/Groups/" + group, addMembers(members));

        assertThat(interference.fired()).isEqualTo(1);
        assertThat(patched.status()).as(patched.body()).isIn(204, 400);
        TableItems items = items().assertMembershipsPointAtLiveResources();
        assertThat(items.memberships().getOrDefault(group, List.of())).doesNotContain(members.get(0));
    }
}
