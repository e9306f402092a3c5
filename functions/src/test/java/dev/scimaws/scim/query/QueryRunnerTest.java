package dev.scimaws.scim.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.scimaws.scim.Json;
import dev.scimaws.scim.ListParameters;
import dev.scimaws.scim.ResourceStore;
import dev.scimaws.scim.ResourceStore.Position;
import dev.scimaws.scim.StoredResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryRunnerTest {

    /** A list in creation order, counting what the runner reads from it. */
    private static final class ListStore implements ResourceStore {
        final List<StoredResource> resources = new ArrayList<>();
        final Map<Integer, Remembered> remembered = new HashMap<>();
        int itemsListed;

        ListStore(int size) {
            for (int i = 0; i < size; i++) {
                Instant created = Instant.EPOCH.plusMillis(i);
                resources.add(new StoredResource(String.format("id-%06d", i), 1, created, created, null,
                        Json.object().put("userName", "u" + i)));
            }
        }

        @Override public long count(String tenant) { return resources.size(); }
        @Override public Slice list(String tenant, Position after, int limit) {
            int from = after == null ? 0 : resources.indexOf(resources.stream().filter(r -> r.id().equals(after.id())).findFirst().orElseThrow()) + 1;
            int to = Math.min(resources.size(), from + limit);
            itemsListed += to - from;
            return new Slice(resources.subList(from, to), to < resources.size());
        }
        @Override public Optional<Remembered> remembered(String tenant, int startIndex) { return Optional.ofNullable(remembered.get(startIndex)); }
        @Override public void remember(String tenant, int startIndex, Position before, long total) { remembered.put(startIndex, new Remembered(before, total)); }
        @Override public Optional<Position> skip(String tenant, int n) { return n >= resources.size() ? Optional.empty() : Optional.of(Position.of(resources.get(n - 1))); }
        @Override public void create(String tenant, StoredResource resource) { throw new UnsupportedOperationException(); }
        @Override public Optional<StoredResource> get(String tenant, String id) { return Optional.empty(); }
        @Override public Optional<StoredResource> findByName(String tenant, String name) { return Optional.empty(); }
        @Override public List<StoredResource> findByExternalId(String tenant, String externalId) { return List.of(); }
        @Override public void update(String tenant, StoredResource previous, StoredResource next) { throw new UnsupportedOperationException(); }
        @Override public void delete(String tenant, StoredResource resource) { throw new UnsupportedOperationException(); }
    }

    private static QueryRunner.Result run(ListStore store, Plan plan, ListParameters paging, QueryRunner.PageCut cut)
            throws Exception {
        return new QueryRunner(store, "t", "users").run(plan, paging, "fp", candidate -> candidate.id().endsWith("7"), cut);
    }

    @Test
    void aStartIndexBeyondTheSkipBudgetWithoutAPreviousPageIsRefused() throws Exception {
        ListStore store = new ListStore(Budgets.SKIP_ITEMS + 200);
        assertThatThrownBy(() -> run(store, new Plan.Ordered(), new ListParameters(Budgets.SKIP_ITEMS + 2, 100), QueryRunner.WHOLE_PAGE))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("cursor");
        assertThat(run(store, new Plan.Ordered(), new ListParameters(Budgets.SKIP_ITEMS + 1, 100), QueryRunner.WHOLE_PAGE)
                .resources().get(0).id()).isEqualTo(String.format("id-%06d", Budgets.SKIP_ITEMS));
        // The page before leaves the position: then any depth costs the same
        store.remember("t", Budgets.SKIP_ITEMS + 101, Position.of(store.resources.get(Budgets.SKIP_ITEMS + 99)), 0);
        int listedBefore = store.itemsListed;
        assertThat(run(store, new Plan.Ordered(), new ListParameters(Budgets.SKIP_ITEMS + 101, 100), QueryRunner.WHOLE_PAGE)
                .resources().get(0).id()).isEqualTo(String.format("id-%06d", Budgets.SKIP_ITEMS + 100));
        assertThat(store.itemsListed - listedBefore).isEqualTo(100);
    }

    @Test
    void aScanUnderIndexPagingAnswersWithinItsBudgetOrRefuses() throws Exception {
        Plan scan = new Plan.BoundedScan(Budgets.SCAN_ITEMS);
        QueryRunner.Result small = run(new ListStore(Budgets.SCAN_ITEMS), scan, new ListParameters(1, 50), QueryRunner.WHOLE_PAGE);
        assertThat(small.totalResults()).isEqualTo(Budgets.SCAN_ITEMS / 10);
        ListStore large = new ListStore(Budgets.SCAN_ITEMS + 1);
        assertThatThrownBy(() -> run(large, scan, new ListParameters(1, 50), QueryRunner.WHOLE_PAGE))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("more than " + Budgets.SCAN_ITEMS);
        assertThat(large.itemsListed).isEqualTo(Budgets.SCAN_ITEMS);
    }

    @Test
    void aCutPageLeavesThePositionOfWhatItShowed() throws Exception {
        ListStore store = new ListStore(10);
        QueryRunner.Result page = run(store, new Plan.Ordered(), new ListParameters(1, 5), items -> 2);
        assertThat(page.resources()).extracting(StoredResource::id).containsExactly("id-000000", "id-000001");
        assertThat(store.remembered.get(3).position().id()).isEqualTo("id-000001");
        QueryRunner.Result next = run(store, new Plan.Ordered(), new ListParameters(3, 5), QueryRunner.WHOLE_PAGE);
        assertThat(next.resources().get(0).id()).isEqualTo("id-000002");
    }

    @Test
    void aScanByCursorResumesAfterTheLastResourceItExamined() throws Exception {
        ListStore store = new ListStore(2_500);
        List<String> found = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            QueryRunner.Result page = run(store, new Plan.BoundedScan(Budgets.SCAN_ITEMS), new ListParameters(1, 100, cursor),
                    QueryRunner.WHOLE_PAGE);
            assertThat(page.totalResults()).isNull();
            page.resources().forEach(resource -> found.add(resource.id()));
            cursor = page.nextCursor();
        }
        assertThat(found).hasSize(250).doesNotHaveDuplicates();
    }
}
