package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceStore} promises, run against the in-memory fake ({@code *Test}) and the
 * DynamoDB store on the engine ({@code *IT}), so the fake the service tests rely on cannot drift from the
 * store production runs. Each test works in a tenant of its own.
 */
public abstract class ResourceStoreContract {

    protected final String tenant = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
    private int created;

    /** The store under test (users or groups). */
    protected abstract ResourceStore store();

    /** The attribute the store finds resources by: userName or displayName. */
    protected abstract String nameAttribute();

    /** Whether the name is unique in a tenant: userName is; group displayNames may be shared (Entra, RFC 7643). */
    protected boolean uniqueNames() {
        return true;
    }

    protected StoredResource resource(String name) {
        return resource(UUID.randomUUID().toString(), name, BASE.plus(created++, ChronoUnit.MILLIS));
    }

    protected StoredResource resource(String id, String name, Instant at) {
        ObjectNode body = Json.object().put(nameAttribute(), name).put("externalId", "ext-" + name);
        return new StoredResource(id, 1, at, at, null, body);
    }

    protected StoredResource created(String name) {
        StoredResource resource = resource(name);
        store().create(tenant, resource);
        return resource;
    }

    protected static StoredResource renamed(StoredResource previous, String attribute, String name) {
        ObjectNode body = previous.body().deepCopy().put(attribute, name);
        return new StoredResource(previous.id(), previous.version() + 1, previous.created(),
                previous.lastModified().plusMillis(1), null, body);
    }

    @Test
    void aCreatedResourceIsReadByIdAndByNameInAnyCase() {
        StoredResource resource = created("Contract Name");

        assertThat(store().get(tenant, resource.id())).contains(resource);
        assertThat(store().findByName(tenant, "CONTRACT name")).contains(resource);
        assertThat(store().findByExternalId(tenant, "ext-Contract Name")).containsExactly(resource);
        assertThat(store().get(tenant, "no-such-id")).isEmpty();
        assertThat(store().findByName(tenant, "no such name")).isEmpty();
    }

    @Test
    void aTakenNameInAnyCaseIsAUniquenessViolationButFreeInAnotherTenant() {
        StoredResource taken = created("Taken");

        if (uniqueNames()) {
            assertThatThrownBy(() -> store().create(tenant, resource("tAKEN"))).isInstanceOf(StoreException.UniquenessViolation.class);
        } else {
            StoredResource namesake = created("tAKEN");
            assertThat(store().findAllByName(tenant, "taken")).containsExactlyInAnyOrder(taken, namesake);
            store().delete(tenant, namesake);
        }
        StoredResource elsewhere = resource("Taken");
        store().create(tenant + "-other", elsewhere);
        assertThat(store().get(tenant + "-other", elsewhere.id())).contains(elsewhere);
        assertThat(store().get(tenant, elsewhere.id())).isEmpty();
        assertThat(store().count(tenant)).isEqualTo(1);
    }

    @Test
    void anUpdateFromAStaleVersionIsAVersionConflictAndChangesNothing() {
        StoredResource first = created("Versioned");
        StoredResource second = renamed(first, "title", "one");
        store().update(tenant, first, second);

        assertThatThrownBy(() -> store().update(tenant, first, renamed(first, "title", "two")))
                .isInstanceOf(StoreException.VersionConflict.class);
        assertThat(store().get(tenant, first.id())).contains(second);
    }

    @Test
    void aRenameMovesTheNameAndFreesTheOldOne() {
        StoredResource before = created("Old Name");
        StoredResource after = renamed(before, nameAttribute(), "New Name");

        store().update(tenant, before, after);

        assertThat(store().findByName(tenant, "new name")).contains(after);
        assertThat(store().findByName(tenant, "old name")).isEmpty();
        created("Old Name");
    }

    @Test
    void aRenameToATakenNameIsAUniquenessViolationAndChangesNothing() {
        StoredResource holder = created("Holder");
        StoredResource before = created("Mover");

        if (!uniqueNames()) {
            StoredResource after = renamed(before, nameAttribute(), "HOLDER");
            store().update(tenant, before, after);
            assertThat(store().findAllByName(tenant, "holder")).containsExactlyInAnyOrder(holder, after);
            assertThat(store().findByName(tenant, "mover")).isEmpty();
            return;
        }
        assertThatThrownBy(() -> store().update(tenant, before, renamed(before, nameAttribute(), "HOLDER")))
                .isInstanceOf(StoreException.UniquenessViolation.class);
        assertThat(store().get(tenant, before.id())).contains(before);
        assertThat(store().findByName(tenant, "mover")).contains(before);
    }

    @Test
    void aDeleteRemovesTheResourceAndItsNameAndAStaleDeleteIsAConflict() {
        StoredResource first = created("Deleted");
        StoredResource second = renamed(first, "title", "changed");
        store().update(tenant, first, second);

        assertThatThrownBy(() -> store().delete(tenant, first)).isInstanceOf(StoreException.VersionConflict.class);
        store().delete(tenant, second);

        assertThat(store().get(tenant, first.id())).isEmpty();
        assertThat(store().findByName(tenant, "deleted")).isEmpty();
        assertThat(store().count(tenant)).isZero();
        assertThatThrownBy(() -> store().delete(tenant, second)).isInstanceOf(StoreException.VersionConflict.class);
        created("Deleted");
    }

    @Test
    void theListIsInCreationOrderAndResumesAfterAPosition() {
        Instant at = BASE.plusSeconds(60);
        StoredResource a = resource("b-id", "List A", at);
        StoredResource b = resource("a-id", "List B", at.plusMillis(1));
        StoredResource c = resource("c-id", "List C", at.plusMillis(1));
        for (StoredResource r : List.of(c, a, b)) {
            store().create(tenant, r);
        }

        ResourceStore.Slice first = store().list(tenant, null, 2);
        assertThat(first.resources()).containsExactly(a, b);
        assertThat(first.more()).isTrue();
        ResourceStore.Slice rest = store().list(tenant, ResourceStore.Position.of(b), 2);
        assertThat(rest.resources()).containsExactly(c);
        assertThat(rest.more()).isFalse();
        assertThat(store().count(tenant)).isEqualTo(3);
        assertThat(store().list(tenant + "-empty", null, 2).resources()).isEmpty();
    }

    @Test
    void aRememberedPositionIsReadBackForItsTenantOnly() {
        ResourceStore.Position position = new ResourceStore.Position(BASE, "some-id");
        store().remember(tenant, 101, position, 250);

        assertThat(store().remembered(tenant, 101)).contains(new ResourceStore.Remembered(position, 250));
        assertThat(store().remembered(tenant, 201)).isEmpty();
        assertThat(store().remembered(tenant + "-other", 101)).isEmpty();
    }
}
