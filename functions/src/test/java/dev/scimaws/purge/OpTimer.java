package dev.scimaws.purge;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Wall time spent in each DynamoDB operation, as the client sees it (request to parsed response). */
final class OpTimer implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("purge.started");
    private final ConcurrentHashMap<String, LongAdder> nanos = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        long spent = System.nanoTime() - attributes.getAttribute(STARTED);
        nanos.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).add(spent);
    }

    void reset() {
        nanos.clear();
    }

    /** Operation -> milliseconds. */
    Map<String, Long> millis() {
        Map<String, Long> copy = new TreeMap<>();
        nanos.forEach((op, sum) -> copy.put(op, sum.sum() / 1_000_000));
        return copy;
    }
}
