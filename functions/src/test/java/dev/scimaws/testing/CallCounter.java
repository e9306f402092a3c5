package dev.scimaws.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts DynamoDB calls per operation ({@code GetItem}, {@code Query}, {@code TransactWriteItems}...),
 * so tests can hold each SCIM request to its call budget. Counts API calls as the code makes them
 * ({@code beforeExecution} runs once per call), not the SDK's retries. Thread-safe.
 */
public final class CallCounter implements ExecutionInterceptor {

    private final ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation == null ? "unknown" : operation, k -> new LongAdder()).increment();
    }

    /** Calls of one operation since the last reset. */
    public long count(String operation) {
        LongAdder adder = calls.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** All calls since the last reset. */
    public long total() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Operation name -> calls, sorted by name, without zero entries: compare it with {@code Map.of(...)}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((operation, adder) -> {
            long sum = adder.sum();
            if (sum > 0) {
                copy.put(operation, sum);
            }
        });
        return copy;
    }

    public void reset() {
        calls.clear();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
