package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scimaws.testing.CallCounter;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Groups handler as Lambda builds it, against the engine. */
class GroupsHandlerIT {

    @Test
    void primingReadsOnly() {
        DynamoEngine engine = DynamoEngine.get();
        String table = engine.createTable("groups-priming");
        CallCounter calls = new CallCounter();
        try (DynamoDbClient dynamo = engine.client(calls)) {
            new GroupsHandler(new Wiring(dynamo, table, Clock.systemUTC())).prime();
        }
        assertThat(calls.snapshot()).as("the link filter's name Query, then a 404 read for GET and for PATCH")
                .isEqualTo(java.util.Map.of("Query", 1L, "GetItem", 2L));
    }
}
