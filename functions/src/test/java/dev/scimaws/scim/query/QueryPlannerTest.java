package dev.scimaws.scim.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.scim.Filters;
import org.junit.jupiter.api.Test;

class QueryPlannerTest {

    private static String plan(String filter, String name) throws Exception {
        return QueryPlanner.plan(filter == null ? null : Filters.parse(filter), name).describe();
    }

    @Test
    void indexedEqualitiesAreLookups() throws Exception {
        assertThat(plan("userName eq \"a@x\"", "userName")).isEqualTo("lock lookup");
        assertThat(plan("USERNAME eq \"a@x\"", "userName")).isEqualTo("lock lookup");
        assertThat(plan("displayName eq \"Sales\"", "displayName")).isEqualTo("lock lookup");
        assertThat(plan("id eq \"42\"", "userName")).isEqualTo("id lookup");
        assertThat(plan("externalId eq \"E-1\"", "userName")).isEqualTo("externalId lookup");
        assertThat(plan(null, "userName")).isEqualTo("ordered list");
    }

    @Test
    void anOrOfIndexedEqualitiesIsAUnion() throws Exception {
        assertThat(plan("userName eq \"a\" or userName eq \"b\"", "userName")).isEqualTo("union of 2 lookups");
        assertThat(plan("userName eq \"a\" or externalId eq \"b\" or id eq \"c\"", "userName")).isEqualTo("union of 3 lookups");
        assertThat(plan("userName eq \"a\" or userName eq \"a\"", "userName")).isEqualTo("lock lookup");
    }

    @Test
    void anAndUsesItsMostSelectiveIndexedConjunct() throws Exception {
        assertThat(QueryPlanner.plan(Filters.parse("externalId eq \"E\" and userName eq \"a\""), "userName"))
                .isEqualTo(new Plan.Lookup(Plan.Key.NAME, "a"));
        assertThat(plan("userName eq \"a\" and active eq true", "userName")).isEqualTo("lock lookup");
        assertThat(plan("(userName eq \"a\" or userName eq \"b\") and active eq true", "userName"))
                .isEqualTo("union of 2 lookups");
    }

    @Test
    void everythingElseIsABoundedScan() throws Exception {
        String scan = "bounded scan, budget " + Budgets.SCAN_ITEMS + " items";
        assertThat(plan("userName sw \"a\"", "userName")).isEqualTo(scan);
        assertThat(plan("userName eq \"a\" or title eq \"b\"", "userName")).isEqualTo(scan);
        assertThat(plan("emails[type eq \"work\"].value eq \"a@x\"", "userName")).isEqualTo(scan);
        assertThat(plan("meta.lastModified gt \"2026-01-01T00:00:00Z\"", "userName")).isEqualTo(scan);
        assertThat(plan("displayName eq \"a\"", "userName")).as("not the name of users").isEqualTo(scan);
        assertThat(plan("userName eq 42", "userName")).as("only string values are keys").isEqualTo(scan);
        StringBuilder eleven = new StringBuilder("userName eq \"u0\"");
        for (int i = 1; i <= Budgets.UNION_LOOKUPS; i++) {
            eleven.append(" or userName eq \"u").append(i).append('"');
        }
        assertThat(plan(eleven.toString(), "userName")).isEqualTo(scan);
    }
}
