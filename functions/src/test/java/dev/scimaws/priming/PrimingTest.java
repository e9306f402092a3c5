package dev.scimaws.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
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
        Priming priming = Priming.register(runs::incrementAndGet, Priming.PROVISIONED_CONCURRENCY, e -> {});
        assertThat(priming.completed()).isTrue();
        assertThat(runs).hasValue(1);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"on-demand", "snap-start"})
    void otherEnvironmentsLeaveItToTheCheckpoint(String initializationType) {
        AtomicInteger runs = new AtomicInteger();
        Priming priming = Priming.register(runs::incrementAndGet, initializationType, e -> {});
        assertThat(runs).hasValue(0);
        priming.beforeCheckpoint(null);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailingPrimerDoesNotFailTheInitAndIsReported() {
        List<RuntimeException> reported = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("table unreachable");
        Priming[] priming = new Priming[1];
        assertThatCode(() -> priming[0] = Priming.register(() -> {
            throw failure;
        }, Priming.PROVISIONED_CONCURRENCY, reported::add)).doesNotThrowAnyException();
        assertThat(priming[0].completed()).isFalse();
        assertThat(reported).containsExactly(failure);
    }
}
