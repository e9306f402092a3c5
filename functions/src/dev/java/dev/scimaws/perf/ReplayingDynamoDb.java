package dev.scimaws.perf;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client for the warm-path benchmark: while recording it forwards every call to a real client
 * (the engine) and keeps the response; once switched to replay it answers from those recordings, so a
 * benchmarked request costs our handler's CPU (event conversion, SCIM, JSON, building SDK requests, reading
 * SDK responses) and no DynamoDB time at all. A request seen while recording gets its own response back (the
 * reads: same key, same answer); any other (the writes, whose items carry fresh ids and timestamps) gets the
 * last response recorded for its operation.
 */
final class ReplayingDynamoDb implements InvocationHandler {

    private final DynamoDbClient real;
    private final Map<SdkRequest, Object> byRequest = new HashMap<>();
    private final Map<String, Object> lastByOperation = new HashMap<>();
    private volatile boolean replaying;

    private ReplayingDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    static Recorder around(DynamoDbClient real) {
        ReplayingDynamoDb handler = new ReplayingDynamoDb(real);
        DynamoDbClient proxy = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
        return new Recorder(proxy, handler);
    }

    /** The client to wire handlers with, and the switch to replay. */
    record Recorder(DynamoDbClient client, ReplayingDynamoDb handler) {
        void replay() {
            handler.replaying = true;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 1 && args[0] instanceof Consumer<?> && method.isDefault()) {
            // the builder overloads: let the interface build the request and call back into this proxy
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (args == null || args.length != 1 || !(args[0] instanceof SdkRequest request)) {
            return method.getName().equals("close") ? null : forward(method, args);
        }
        if (replaying) {
            Object response = byRequest.get(request);
            if (response == null) {
                response = lastByOperation.get(method.getName());
            }
            if (response == null) {
                throw new IllegalStateException("Nothing recorded for " + method.getName() + ": record the request first");
            }
            return response;
        }
        Object response = forward(method, args);
        synchronized (this) {
            byRequest.put(request, response);
            lastByOperation.put(method.getName(), response);
        }
        return response;
    }

    private Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
