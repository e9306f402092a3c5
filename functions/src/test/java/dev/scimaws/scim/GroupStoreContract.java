package dev.scimaws.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link GroupStore} promises beyond {@link ResourceStoreContract}: memberships. */
public abstract class GroupStoreContract extends ResourceStoreContract {

    protected abstract GroupStore groups();

    /** The user store the group store validates members against (same table or linked fake). */
    protected abstract UserStore users();

    @Override
    protected ResourceStore store() {
        return groups();
    }

    @Override
    protected String nameAttribute() {
        return "displayName";
    }

    @Override
    protected boolean uniqueNames() {
        return false;
    }

    private String user(String userName, String displayName) {
        StoredResource user = resource(java.util.UUID.randomUUID().toString(), userName, Instant.parse("2026-03-01T09:00:00Z"));
        user.body().put("userName", userName).remove("displayName");
        if (displayName != null) {
            user.body().put("displayName", displayName);
        }
        users().create(tenant, user);
        return user.id();
    }

    @Test
    void membersAreAddedAndRemovedByIdAndReadInIdOrder() {
        String group = created("Members").id();
        String jane = user("jane@example.org", "Jane");
        String john = user("john@example.org", null);

        groups().changeMembers(tenant, group, List.of(new ResourceRef(jane, "Jane"), new ResourceRef(john, null)), List.of("not-a-member"));
        assertThat(groups().members(tenant, group)).extracting(ResourceRef::id).containsExactlyElementsOf(
                java.util.stream.Stream.of(jane, john).sorted().toList());
        assertThat(groups().members(tenant, group, 1)).hasSize(1);

        groups().changeMembers(tenant, group, List.of(), List.of(jane));
        assertThat(groups().members(tenant, group)).extracting(ResourceRef::id).containsExactly(john);
        groups().changeMembers(tenant, group, List.of(new ResourceRef(john, null)), List.of());
        assertThat(groups().members(tenant, group)).extracting(ResourceRef::id).containsExactly(john);
    }

    @Test
    void anIdBothAddedAndRemovedInOneChangeIsRefusedAndNothingIsWritten() {
        String group = created("Overlap").id();
        String jane = user("jane.overlap@example.org", null);
        String john = user("john.overlap@example.org", null);

        assertThatThrownBy(() -> groups().changeMembers(tenant, group,
                List.of(new ResourceRef(jane, null), new ResourceRef(john, null)), List.of(jane)))
                .isInstanceOf(RuntimeException.class);
        assertThat(groups().members(tenant, group)).isEmpty();
    }

    @Test
    void findUsersNamesTheTenantsUsersByDisplayNameElseUserName() {
        String jane = user("jane.find@example.org", "Jane Find");
        String john = user("john.find@example.org", null);
        String group = created("Not A User").id();

        assertThat(groups().findUsers(tenant, List.of(jane, john, group, "unknown")))
                .isEqualTo(Map.of(jane, "Jane Find", john, "john.find@example.org"));
        assertThat(groups().findUsers(tenant + "-other", List.of(jane))).isEmpty();
        assertThat(groups().findGroups(tenant, List.of(jane, group, "unknown"))).isEqualTo(Set.of(group));
    }

    @Test
    void touchRaisesTheVersionChecksAnExpectedOneAndKnowsWhenTheGroupIsGone() {
        StoredResource group = created("Touched");
        Instant now = Instant.parse("2026-03-02T00:00:00Z");

        assertThat(groups().touch(tenant, group.id(), now, null)).isEqualTo(2);
        assertThat(groups().touch(tenant, group.id(), now, 2L)).isEqualTo(3);
        assertThatThrownBy(() -> groups().touch(tenant, group.id(), now, 2L)).isInstanceOf(StoreException.VersionConflict.class);
        assertThat(groups().get(tenant, group.id()).orElseThrow().version()).isEqualTo(3);
        assertThat(groups().get(tenant, group.id()).orElseThrow().lastModified()).isEqualTo(now);
        assertThatThrownBy(() -> groups().touch(tenant, "no-such-group", now, null)).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void deletingAGroupOrAUserTakesTheirMembershipsAlong() {
        StoredResource group = created("Deleted Along");
        String jane = user("jane.along@example.org", null);
        String john = user("john.along@example.org", null);
        groups().changeMembers(tenant, group.id(), List.of(new ResourceRef(jane, null), new ResourceRef(john, null)), List.of());

        users().delete(tenant, users().get(tenant, jane).orElseThrow());
        assertThat(groups().members(tenant, group.id())).extracting(ResourceRef::id).containsExactly(john);
        assertThat(users().groupsOf(tenant, john)).extracting(ResourceRef::id).containsExactly(group.id());

        groups().delete(tenant, groups().get(tenant, group.id()).orElseThrow());
        assertThat(groups().members(tenant, group.id())).isEmpty();
        assertThat(users().groupsOf(tenant, john)).isEmpty();
    }

    @Test
    void aUsersGroupsShowTheCurrentDisplayName() {
        StoredResource group = created("Before Rename");
        String jane = user("jane.rename@example.org", null);
        groups().changeMembers(tenant, group.id(), List.of(new ResourceRef(jane, null)), List.of());

        groups().update(tenant, group, renamed(group, "displayName", "After Rename"));

        assertThat(users().groupsOf(tenant, jane)).containsExactly(new ResourceRef(group.id(), "After Rename"));
        assertThat(users().groupsOf(tenant + "-other", jane)).isEmpty();
    }
}
