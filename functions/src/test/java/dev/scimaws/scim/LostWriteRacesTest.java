package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A write that keeps losing its optimistic-concurrency race to other writers is busy, not in conflict with
 * its own content: the service gives up with {@link StoreException.Unavailable} (a 503 with Retry-After),
 * never a 409. With If-Match the client asked for that exact version, so it is still a 412.
 */
class LostWriteRacesTest {

    /** Every update loses: someone else always wrote first. */
    private static final class AlwaysOvertaken extends InMemoryResourceStore implements UserStore {
        AlwaysOvertaken() {
            super("userName");
        }

        @Override
        public synchronized void update(String tenant, StoredResource previous, StoredResource next) {
            throw new StoreException.VersionConflict("overtaken");
        }

        @Override
        public List<ResourceRef> groupsOf(String tenant, String userId) {
            return List.of();
        }

        @Override
        void deleted(String tenant, String id) {
            // no memberships here
        }
    }

    private final AlwaysOvertaken store = new AlwaysOvertaken();
    private final UsersService users = new UsersService(store,
            new SchemaResourceRules(dev.scimaws.scim.schema.CoreSchemas.USER_TYPE), Clock.systemUTC());

    private String existingUser() {
        StoredResource user = new StoredResource("u1", 1, Instant.EPOCH, Instant.EPOCH, null,
                Json.parseStored("{\"userName\":\"ada@example.com\",\"active\":true}"));
        store.create("acme", user);
        return user.id();
    }

    private ScimRequest patch(String id, Map<String, String> headers) {
        return new ScimRequest("acme", "PATCH", id, Map.of(), headers,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}",
                "https://scim.example.com/scim/v2", "req-1");
    }

    @Test
    void aWriteThatKeepsLosingIsUnavailableNotAConflict() {
        String id = existingUser();

        assertThatThrownBy(() -> users.handle(patch(id, Map.of("Content-Type", "application/scim+json"))))
                .isInstanceOf(StoreException.Unavailable.class);
    }

    @Test
    void withIfMatchTheLostRaceIsStillAPreconditionFailure() {
        String id = existingUser();

        assertThatThrownBy(() -> users.handle(patch(id, Map.of("Content-Type", "application/scim+json", "If-Match", "W/\"1\""))))
                .isInstanceOf(PreconditionFailedException.class);
    }
}
