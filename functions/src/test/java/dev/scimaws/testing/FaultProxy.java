package dev.scimaws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scimaws.scim.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP proxy in front of a DynamoDB engine that fails a configurable share of calls the way
 * DynamoDB fails them (JSON error bodies with the service's {@code __type} and HTTP status), answers some
 * too late, and adds latency to the rest. Point an SDK client's endpoint at {@link #endpoint()}.
 *
 * <p>Each call draws one {@link Fault} from the shares set with {@link #share}; faults that only exist for
 * transactions are drawn only for {@code TransactWriteItems}. Draws are seeded, so a run can be repeated.
 */
public final class FaultProxy implements AutoCloseable {

    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";

    /** What the proxy does to one call. */
    public enum Fault {
        /** 400 ThrottlingException; nothing forwarded. */
        THROTTLING,
        /** 400 ProvisionedThroughputExceededException; nothing forwarded. */
        PROVISIONED_THROUGHPUT_EXCEEDED,
        /** 400 RequestLimitExceeded; nothing forwarded. */
        REQUEST_LIMIT_EXCEEDED,
        /** 500 InternalServerError; nothing forwarded. */
        INTERNAL_SERVER_ERROR,
        /** TransactWriteItems only: 400 TransactionCanceledException, one item TransactionConflict; nothing forwarded. */
        TRANSACTION_CONFLICT,
        /** TransactWriteItems only: 400 TransactionInProgressException; nothing forwarded. */
        TRANSACTION_IN_PROGRESS,
        /** Held past the client's attempt timeout, then forwarded: the call is applied after the client gave up on it. */
        SLOW_REQUEST,
        /** Forwarded at once, answered past the client's attempt timeout: applied, but the answer comes too late. */
        SLOW_ANSWER,
        /** Forwarded after a few milliseconds to {@link #latencyMillis} of extra latency. */
        LATENCY;

        boolean transactionOnly() {
            return this == TRANSACTION_CONFLICT || this == TRANSACTION_IN_PROGRESS;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient upstream = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;
    private final Random random;
    private final Map<Fault, Double> shares = new EnumMap<>(Fault.class);
    private final Map<Fault, LongAdder> injected = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private volatile long slowMillis = 2_000;
    private volatile int latencyMillis = 30;

    private FaultProxy(URI target, long seed) throws IOException {
        this.target = target;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FaultProxy start(URI target, long seed) throws IOException {
        return new FaultProxy(target, seed);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The share (0..1) of calls that get {@code fault}; all shares together must stay at or below 1. */
    public synchronized FaultProxy share(Fault fault, double share) {
        shares.put(fault, share);
        if (shares.values().stream().mapToDouble(Double::doubleValue).sum() > 1.0 + 1e-9) {
            throw new IllegalArgumentException("The shares add up to more than 1: " + shares);
        }
        return this;
    }

    /** Removes every fault: calls pass straight through. */
    public synchronized FaultProxy clear() {
        shares.clear();
        return this;
    }

    /** How long a slow request or answer is held: longer than the client's attempt timeout. */
    public FaultProxy slowMillis(long millis) {
        this.slowMillis = millis;
        return this;
    }

    public FaultProxy latencyMillis(int millis) {
        this.latencyMillis = millis;
        return this;
    }

    /** How often each fault was injected since the start. */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> copy = new EnumMap<>(Fault.class);
        injected.forEach((fault, count) -> copy.put(fault, count.sum()));
        return copy;
    }

    public long calls() {
        return calls.sum();
    }

    private synchronized Fault draw(String operation) {
        double roll = random.nextDouble();
        double cumulative = 0;
        for (Map.Entry<Fault, Double> entry : shares.entrySet()) {
            if (entry.getKey().transactionOnly() && !operation.equals("TransactWriteItems")) {
                continue;
            }
            cumulative += entry.getValue();
            if (roll < cumulative) {
                return entry.getKey();
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget == null ? "" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            calls.increment();
            Fault fault = draw(operation);
            if (fault != null) {
                injected.computeIfAbsent(fault, f -> new LongAdder()).increment();
            }
            if (fault == null) {
                relay(exchange, forward(exchange, body));
                return;
            }
            switch (fault) {
                case THROTTLING -> error(exchange, 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.", "");
                case PROVISIONED_THROUGHPUT_EXCEEDED -> error(exchange, 400, "ProvisionedThroughputExceededException",
                        "The level of configured provisioned throughput for the table was exceeded.", "");
                case REQUEST_LIMIT_EXCEEDED -> error(exchange, 400, "RequestLimitExceeded",
                        "Throughput exceeds the current throughput limit for your account.", "");
                case INTERNAL_SERVER_ERROR -> error(exchange, 500, "InternalServerError", "Internal server error", "");
                case TRANSACTION_CONFLICT -> error(exchange, 400, "TransactionCanceledException",
                        "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]",
                        conflictReasons(body));
                case TRANSACTION_IN_PROGRESS -> error(exchange, 400, "TransactionInProgressException",
                        "Transaction is in progress", "");
                case SLOW_REQUEST -> {
                    sleep(slowMillis);
                    relay(exchange, forward(exchange, body));
                }
                case SLOW_ANSWER -> {
                    Upstream answer = forward(exchange, body);
                    sleep(slowMillis);
                    relay(exchange, answer);
                }
                case LATENCY -> {
                    sleep(5 + random.nextInt(Math.max(1, latencyMillis)));
                    relay(exchange, forward(exchange, body));
                }
            }
        } catch (IOException e) {
            // the client gave up on this call (its attempt timed out): nobody is listening any more
        }
    }

    /** As many reasons as the transaction has items, the first one a conflict (DynamoDB's shape). */
    private static String conflictReasons(byte[] body) {
        int items = 1;
        try {
            JsonNode request = Json.MAPPER.readTree(body);
            items = Math.max(1, request.path("TransactItems").size());
        } catch (IOException e) {
            // keep one reason
        }
        StringBuilder reasons = new StringBuilder(",\"CancellationReasons\":[");
        for (int i = 0; i < items; i++) {
            reasons.append(i == 0 ? "{\"Code\":\"TransactionConflict\",\"Message\":\"Transaction is ongoing for the item\"}"
                    : ",{\"Code\":\"None\"}");
        }
        return reasons.append(']').toString();
    }

    private record Upstream(int status, String contentType, byte[] body) {}

    private Upstream forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getPath()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Upstream(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.0"), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("host", "content-length", "connection",
            "expect", "upgrade", "transfer-encoding");

    private static void relay(HttpExchange exchange, Upstream answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message, String extraJson)
            throws IOException {
        byte[] body = ("{\"__type\":\"" + ERROR_PREFIX + type + "\",\"message\":\"" + message + "\"" + extraJson + "}")
                .getBytes(StandardCharsets.UTF_8);
        relay(exchange, new Upstream(status, "application/x-amz-json-1.0", body));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
