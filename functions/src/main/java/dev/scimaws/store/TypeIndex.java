package dev.scimaws.store;

import static dev.scimaws.store.Attributes.s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads of the {@code byType} index: every item of one kind of one tenant, in creation order. */
final class TypeIndex {

    private TypeIndex() {}

    /**
     * All pages of the tenant's items of {@code type}, for admin listings (tokens, OAuth clients), whose size is
     * the tenant's own. Paged by hand rather than with the SDK's paginator so every call goes through the client
     * it is given (the translating decorator of {@link DynamoCalls} included).
     */
    static List<Map<String, AttributeValue>> all(DynamoDbClient dynamo, String table, String tenant, String type) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .indexName(TableDefinition.BY_TYPE.name())
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.BY_TYPE.partitionKey()))
                    .expressionAttributeValues(Map.of(":pk", s(Keys.tenantTypePartition(tenant, type))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
