package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming runs in every new version's init against the production table: the table must only
 * ever be read. The write paths are primed against the in-memory table, which these counts do not see.
 */
class PrimingReadsOnlyIT {

    private static final Set<String> READS = Set.of("GetItem", "Query", "BatchGetItem");

    @Test
    void usersPrimingOnlyReadsTheTable() {
        assertPrimingReadsOnly(wiring -> new UsersHandler(wiring).prime());
    }

    @Test
    void authorizerPrimingOnlyReadsTheTable() {
        assertPrimingReadsOnly(wiring -> new TokenAuthorizerHandler(wiring).prime());
    }

    @Test
    void groupsPrimingOnlyReadsTheTable() {
        assertPrimingReadsOnly(wiring -> new GroupsHandler(wiring).prime());
    }

    @Test
    void tokenEndpointPrimingOnlyReadsTheTable() {
        assertPrimingReadsOnly(wiring -> new OAuthTokenHandler(wiring, java.time.Duration.ofHours(1)).prime());
    }

    private static void assertPrimingReadsOnly(java.util.function.Consumer<Wiring> primer) {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("priming-reads");
        CallCounter calls = new CallCounter();
        try (DynamoDbClient dynamo = engine.client(calls)) {
            primer.accept(new Wiring(dynamo, table, Clock.systemUTC()));
        }
        assertThat(calls.snapshot()).as("at least the one real DynamoDB call").isNotEmpty();
        assertThat(calls.snapshot().keySet()).as("operations priming sent to the table").isSubsetOf(READS);
        assertThat(engine.client().scan(b -> b.tableName(table)).count()).as("items in the table after priming").isZero();
    }
}
