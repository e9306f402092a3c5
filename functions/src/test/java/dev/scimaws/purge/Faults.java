package dev.scimaws.purge;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Makes the n-th call of one DynamoDB operation fail before it is sent: a crash at a chosen point. */
final class Faults implements ExecutionInterceptor {

    private volatile String operation;
    private volatile int failingCall;
    private final AtomicInteger seen = new AtomicInteger();

    /** From now on, the {@code nth} call of {@code operation} (1-based) fails. */
    void failOn(String operation, int nth) {
        seen.set(0);
        this.failingCall = nth;
        this.operation = operation;
    }

    void clear() {
        operation = null;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String armed = operation;
        if (armed != null && armed.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && seen.incrementAndGet() == failingCall) {
            throw SdkClientException.create("Injected failure of " + armed + " call " + failingCall);
        }
    }
}
