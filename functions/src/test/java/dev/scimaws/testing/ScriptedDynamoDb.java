package dev.scimaws.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An HTTP client for the DynamoDB SDK client that answers every attempt from a script (operation name ->
 * {@link Reply}), without a network: DynamoDB's JSON error bodies, slow answers, broken connections. It
 * records each attempt's operation and body, so tests see what the SDK retried and with which request.
 */
public final class ScriptedDynamoDb implements SdkHttpClient {

    /** One attempt's answer. */
    public sealed interface Reply {}

    /** HTTP 200 with this JSON body. */
    public record Ok(String json) implements Reply {}

    /** A DynamoDB error: status, {@code __type} (the short name), and optional extra JSON fields. */
    public record Error(int status, String type, String extraJson) implements Reply {}

    /** Answers {@code then} after {@code millis} (interrupted when the SDK abandons the attempt). */
    public record Slow(long millis, Reply then) implements Reply {}

    /** The connection breaks. */
    public record Broken() implements Reply {}

    public record Attempt(String operation, String body) {}

    private final Function<String, Reply> script;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public ScriptedDynamoDb(Function<String, Reply> script) {
        this.script = script;
    }

    /** The empty answer of each read and write operation (no item, no items, nothing unprocessed). */
    public static Reply empty(String operation) {
        return new Ok(switch (operation) {
            case "Query", "Scan" -> "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}";
            case "BatchGetItem" -> "{\"Responses\":{},\"UnprocessedKeys\":{}}";
            case "BatchWriteItem" -> "{\"UnprocessedItems\":{}}";
            default -> "{}";
        });
    }

    public static Reply error(int status, String type) {
        return new Error(status, type, "");
    }

    /** A client configured by {@code override} (the production one, usually) answering from this script. */
    public DynamoDbClient client(ClientOverrideConfiguration override) {
        return DynamoDbClient.builder()
                .httpClient(this)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .endpointOverride(URI.create("http://scripted.invalid"))
                .overrideConfiguration(override)
                .build();
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Attempts (SDK retries included) of one operation. */
    public int attempts(String operation) {
        return counts.getOrDefault(operation, 0);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            private volatile Thread caller;

            @Override
            public HttpExecuteResponse call() throws IOException {
                caller = Thread.currentThread();
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(".");
                String operation = target.substring(target.indexOf('.') + 1);
                String body;
                try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                attempts.add(new Attempt(operation, body));
                counts.merge(operation, 1, Integer::sum);
                return answer(script.apply(operation));
            }

            @Override
            public void abort() {
                Thread waiting = caller;
                if (waiting != null) {
                    waiting.interrupt();
                }
            }
        };
    }

    private static HttpExecuteResponse answer(Reply reply) throws IOException {
        return switch (reply) {
            case Ok ok -> response(200, ok.json());
            case Error error -> response(error.status(), "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + error.type()
                    + "\",\"message\":\"scripted " + error.type() + "\"" + error.extraJson() + "}");
            case Slow slow -> {
                try {
                    Thread.sleep(slow.millis());
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("attempt abandoned");
                }
                yield answer(slow.then());
            }
            case Broken broken -> throw new IOException("Connection reset (scripted)");
        };
    }

    private static HttpExecuteResponse response(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    @Override
    public String clientName() {
        return "Scripted";
    }

    @Override
    public void close() {
        // nothing held
    }
}
