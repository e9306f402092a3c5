package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When priming runs outside a checkpoint: only where Lambda initialises for provisioned concurrency. */
class PrimingTest {

    @Test
    void provisionedConcurrencyEnvironmentsPrimeDuringInitBecauseTheyAreNeverSnapshotted() {
        AtomicInteger runs = new AtomicInteger();
        Priming priming = Priming.register(runs::incrementAndGet, Priming.PROVISIONED_CONCURRENCY);
        assertThat(priming).isNotNull();
        assertThat(runs).hasValue(1);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"on-demand", "snap-start"})
    void otherEnvironmentsLeaveItToTheCheckpoint(String initializationType) {
        AtomicInteger runs = new AtomicInteger();
        Priming.register(runs::incrementAndGet, initializationType);
        assertThat(runs).hasValue(0);
    }

    @Test
    void aFailingPrimerDoesNotFailTheInit() {
        assertThatCode(() -> Priming.register(() -> {
            throw new IllegalStateException("table unreachable");
        }, Priming.PROVISIONED_CONCURRENCY)).doesNotThrowAnyException();
    }
}
