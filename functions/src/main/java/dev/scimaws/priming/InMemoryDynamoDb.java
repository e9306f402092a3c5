package dev.scimaws.priming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * For SnapStart priming only: an HTTP client that answers the DynamoDB JSON protocol from memory, so that
 * priming can drive the write paths (create, PATCH, PUT with rename, uniqueness conflict, membership
 * changes, deletes) through the real SDK client, its marshallers and our stores without sending a byte to
 * DynamoDB. It keeps items by key, honours the conditions our stores rely on to decide ({@code
 * attribute_not_exists} on transactional puts, {@code attribute_exists} and equalities on updates), evaluates equality and
 * {@code begins_with} key conditions, and ignores everything else. It is not a DynamoDB emulator and never
 * serves a real request.
 */
public final class InMemoryDynamoDb implements SdkHttpClient {

    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Pattern EQUALS = Pattern.compile("(#?[A-Za-z0-9_]+)\\s*=\\s*(:[A-Za-z0-9_]+)");
    private static final Pattern BEGINS_WITH = Pattern.compile("begins_with\\(\\s*(#?[A-Za-z0-9_]+)\\s*,\\s*(:[A-Za-z0-9_]+)\\s*\\)");
    private static final Pattern ADD = Pattern.compile("ADD\\s+(#?[A-Za-z0-9_]+)\\s+(:[A-Za-z0-9_]+)");

    private final Map<String, ObjectNode> items = new LinkedHashMap<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                byte[] body;
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                } else {
                    body = new byte[0];
                }
                return answer(target.substring(target.indexOf('.') + 1), (ObjectNode) Json.MAPPER.readTree(body));
            }

            @Override
            public void abort() {
                // answered synchronously from memory: nothing to abort
            }
        };
    }

    @Override
    public String clientName() {
        return "InMemoryPriming";
    }

    @Override
    public void close() {
        items.clear();
    }

    private synchronized HttpExecuteResponse answer(String operation, ObjectNode request) {
        ObjectNode response = Json.object();
        switch (operation) {
            case "GetItem" -> {
                ObjectNode item = items.get(key(request.path("TableName").asText(), request.path("Key")));
                if (item != null) {
                    response.set("Item", item.deepCopy());
                }
            }
            case "PutItem" -> put(request.path("TableName").asText(), (ObjectNode) request.path("Item"));
            case "DeleteItem" -> items.remove(key(request.path("TableName").asText(), request.path("Key")));
            case "UpdateItem" -> {
                ObjectNode item = items.get(key(request.path("TableName").asText(), request.path("Key")));
                if (item == null || !equalitiesHold(item, request)) {
                    return error("ConditionalCheckFailedException", "The conditional request failed", null);
                }
                response.set("Attributes", update(item, request));
            }
            case "Query" -> {
                ArrayNode found = query(request);
                if ("COUNT".equals(request.path("Select").asText())) {
                    response.put("Count", found.size());
                } else {
                    response.set("Items", found);
                    response.put("Count", found.size());
                }
                response.put("ScannedCount", found.size());
            }
            case "BatchGetItem" -> {
                ObjectNode responses = response.putObject("Responses");
                request.path("RequestItems").properties().forEach(table -> {
                    ArrayNode found = responses.putArray(table.getKey());
                    for (JsonNode key : table.getValue().path("Keys")) {
                        ObjectNode item = items.get(key(table.getKey(), key));
                        if (item != null) {
                            found.add(item.deepCopy());
                        }
                    }
                });
                response.putObject("UnprocessedKeys");
            }
            case "BatchWriteItem" -> {
                request.path("RequestItems").properties().forEach(table -> {
                    for (JsonNode write : table.getValue()) {
                        if (write.has("PutRequest")) {
                            put(table.getKey(), (ObjectNode) write.path("PutRequest").path("Item"));
                        } else {
                            items.remove(key(table.getKey(), write.path("DeleteRequest").path("Key")));
                        }
                    }
                });
                response.putObject("UnprocessedItems");
            }
            case "TransactWriteItems" -> {
                HttpExecuteResponse cancelled = transact(request.path("TransactItems"));
                if (cancelled != null) {
                    return cancelled;
                }
            }
            default -> {
                return error("ValidationException", "Not answered by the priming table: " + operation, null);
            }
        }
        return ok(response);
    }

    /** Applies the transaction, unless a put conditioned on {@code attribute_not_exists} meets an existing item. */
    private HttpExecuteResponse transact(JsonNode writes) {
        List<String> codes = new ArrayList<>();
        boolean failed = false;
        for (JsonNode write : writes) {
            JsonNode put = write.path("Put");
            boolean conflict = !put.isMissingNode()
                    && put.path("ConditionExpression").asText().contains("attribute_not_exists")
                    && items.containsKey(key(put.path("TableName").asText(), put.path("Item")));
            codes.add(conflict ? "ConditionalCheckFailed" : "None");
            failed |= conflict;
        }
        if (failed) {
            ArrayNode reasons = Json.MAPPER.createArrayNode();
            codes.forEach(code -> reasons.addObject().put("Code", code));
            return error("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                    + codes, reasons);
        }
        for (JsonNode write : writes) {
            if (write.has("Put")) {
                put(write.path("Put").path("TableName").asText(), (ObjectNode) write.path("Put").path("Item"));
            } else if (write.has("Delete")) {
                items.remove(key(write.path("Delete").path("TableName").asText(), write.path("Delete").path("Key")));
            } else if (write.has("Update")) {
                // As in DynamoDB, an update without a condition creates the item (the counters rely on it).
                String table = write.path("Update").path("TableName").asText();
                ObjectNode item = items.computeIfAbsent(key(table, write.path("Update").path("Key")),
                        k -> ((ObjectNode) write.path("Update").path("Key")).deepCopy());
                update(item, (ObjectNode) write.path("Update"));
            }
        }
        return null;
    }

    /** {@code ADD #n :v} on numbers, {@code SET #n = :v} on anything; returns the attributes it touched. */
    private static ObjectNode update(ObjectNode item, ObjectNode request) {
        String expression = request.path("UpdateExpression").asText();
        JsonNode names = request.path("ExpressionAttributeNames");
        JsonNode values = request.path("ExpressionAttributeValues");
        ObjectNode touched = Json.object();
        Matcher add = ADD.matcher(expression);
        while (add.find()) {
            String name = name(names, add.group(1));
            long current = item.path(name).path("N").asLong(0);
            long delta = values.path(add.group(2)).path("N").asLong(0);
            item.putObject(name).put("N", Long.toString(current + delta));
            touched.set(name, item.get(name));
        }
        int setAt = expression.indexOf("SET ");
        if (setAt >= 0) {
            int end = expression.indexOf(" ADD ", setAt);
            Matcher set = EQUALS.matcher(expression.substring(setAt + 4, end < 0 ? expression.length() : end));
            while (set.find()) {
                String name = name(names, set.group(1));
                item.set(name, values.path(set.group(2)).deepCopy());
                touched.set(name, item.get(name));
            }
        }
        return touched;
    }

    /** Items matching every {@code a = :v} and {@code begins_with(a, :v)} of the key condition, on the table or an index. */
    private ArrayNode query(ObjectNode request) {
        String table = request.path("TableName").asText();
        String condition = request.path("KeyConditionExpression").asText();
        JsonNode names = request.path("ExpressionAttributeNames");
        JsonNode values = request.path("ExpressionAttributeValues");
        Map<String, JsonNode> equal = new LinkedHashMap<>();
        Map<String, String> prefix = new LinkedHashMap<>();
        Matcher begins = BEGINS_WITH.matcher(condition);
        while (begins.find()) {
            prefix.put(name(names, begins.group(1)), values.path(begins.group(2)).path("S").asText());
        }
        Matcher equals = EQUALS.matcher(BEGINS_WITH.matcher(condition).replaceAll(""));
        while (equals.find()) {
            equal.put(name(names, equals.group(1)), values.path(equals.group(2)));
        }
        ArrayNode found = Json.MAPPER.createArrayNode();
        items.forEach((key, item) -> {
            if (!key.startsWith(table + '\u0000')) {
                return;
            }
            boolean matches = equal.entrySet().stream().allMatch(e -> e.getValue().equals(item.get(e.getKey())))
                    && prefix.entrySet().stream().allMatch(e -> item.path(e.getKey()).path("S").asText("\u0000").startsWith(e.getValue()));
            if (matches) {
                found.add(item.deepCopy());
            }
        });
        return found;
    }

    /** The {@code #a = :v} parts of an update's condition (a version, a tenant) hold on the item; nothing else is read. */
    private static boolean equalitiesHold(ObjectNode item, ObjectNode request) {
        JsonNode names = request.path("ExpressionAttributeNames");
        JsonNode values = request.path("ExpressionAttributeValues");
        Matcher equals = EQUALS.matcher(request.path("ConditionExpression").asText());
        while (equals.find()) {
            if (!values.path(equals.group(2)).equals(item.get(name(names, equals.group(1))))) {
                return false;
            }
        }
        return true;
    }

    private void put(String table, ObjectNode item) {
        items.put(key(table, item), item.deepCopy());
    }

    private static String key(String table, JsonNode keyOrItem) {
        return table + '\u0000' + keyOrItem.path("PK").path("S").asText() + '\u0000' + keyOrItem.path("SK").path("S").asText();
    }

    private static String name(JsonNode names, String token) {
        return token.startsWith("#") ? names.path(token).asText(token) : token;
    }

    private static HttpExecuteResponse ok(ObjectNode body) {
        return response(200, body);
    }

    private static HttpExecuteResponse error(String type, String message, ArrayNode cancellationReasons) {
        ObjectNode body = Json.object();
        body.put("__type", ERROR_PREFIX + type);
        body.put("message", message);
        if (cancellationReasons != null) {
            body.set("CancellationReasons", cancellationReasons);
        }
        return response(400, body);
    }

    private static HttpExecuteResponse response(int status, ObjectNode body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", "priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }
}
