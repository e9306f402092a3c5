package dev.scimaws.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@link PurgeStore#candidates} pages, held alike for the fake the purger's unit tests use
 * ({@code FakePurgeStoreTest}) and the DynamoDB store on the engine ({@code DynamoPurgeStoreIT}): the
 * limit counts index entries read before the tenant filter, as a DynamoDB Query's Limit does, so a page
 * of another tenant's entries comes back empty but with a position to go on from.
 */
public abstract class PurgeStoreContract {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    protected abstract PurgeStore store();

    /** A user of {@code tenant} deactivated at {@code at}; its id. */
    protected abstract String deactivated(String tenant, String id, Instant at);

    private static List<String> all(PurgeStore store, Instant upTo, String tenant, int limit) {
        List<String> ids = new ArrayList<>();
        Map<String, String> after = null;
        int pages = 0;
        do {
            PurgeStore.Page page = store.candidates(upTo, tenant, after, limit);
            assertThat(page.candidates().size()).isLessThanOrEqualTo(limit);
            page.candidates().forEach(c -> ids.add(c.userId()));
            after = page.next();
            assertThat(++pages).as("pages").isLessThan(20);
        } while (after != null);
        return ids;
    }

    @Test
    void theLimitCountsEntriesBeforeTheTenantFilter() {
        for (int i = 0; i < 3; i++) {
            deactivated("first", "f" + i, T0.plusSeconds(i));
        }
        deactivated("second", "s0", T0.plusSeconds(10));
        deactivated("second", "s1", T0.plusSeconds(11));

        PurgeStore.Page firstPage = store().candidates(T0.plusSeconds(60), "second", null, 2);
        assertThat(firstPage.candidates()).as("two entries read, both of the other tenant").isEmpty();
        assertThat(firstPage.next()).isNotNull();
        assertThat(all(store(), T0.plusSeconds(60), "second", 2)).containsExactly("s0", "s1");
        assertThat(all(store(), T0.plusSeconds(60), null, 2)).containsExactly("f0", "f1", "f2", "s0", "s1");
        assertThat(store().candidates(T0.plusSeconds(60), null, null, 2).candidates())
                .extracting(PurgeStore.Candidate::tenant).containsExactly("first", "first");
    }

    @Test
    void onlyUsersDeactivatedUpToTheBoundAreCandidates() {
        deactivated("bound", "early", T0);
        deactivated("bound", "late", T0.plusSeconds(120));

        assertThat(all(store(), T0.plusSeconds(60), "bound", 10)).containsExactly("early");
        assertThat(all(store(), T0.plusSeconds(120), "bound", 10)).containsExactly("early", "late");
    }
}
