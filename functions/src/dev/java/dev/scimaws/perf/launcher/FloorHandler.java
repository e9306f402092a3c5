package dev.scimaws.perf.launcher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.scimaws.handler.Wiring;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor our handlers are compared to: the same DynamoDB client as every handler ({@link Wiring#dynamoClient})
 * built at init, and one GetItem per request (of an item that need not exist). Nothing else: no JSON, no SCIM.
 */
public final class FloorHandler implements RequestHandler<Map<String, Object>, String> {

    private final DynamoDbClient dynamo;
    private final String table;

    public FloorHandler() {
        this(Wiring.fromEnvironment());
    }

    public FloorHandler(Wiring wiring) {
        this.dynamo = wiring.dynamo();
        this.table = wiring.tableName();
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("T#floor#U#none"),
                "SK", AttributeValue.fromS("U")))).item();
        return item == null || item.isEmpty() ? "miss" : "hit";
    }
}
