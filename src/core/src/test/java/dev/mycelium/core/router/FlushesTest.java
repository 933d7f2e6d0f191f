package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlushesTest {

    @Test
    void outsideABurstNothingIsDeferred() {
        assertThat(Flushes.defer(() -> { })).isFalse();
    }

    @Test
    void aBurstRunsEachDeferredFlushOnceAtItsOutermostEnd() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        Runnable flushA = a::incrementAndGet;
        Runnable flushB = b::incrementAndGet;

        Flushes.begin();
        assertThat(Flushes.defer(flushA)).isTrue();
        Flushes.begin();
        assertThat(Flushes.defer(flushA)).isTrue();
        assertThat(Flushes.defer(flushB)).isTrue();
        Flushes.end();
        assertThat(a.get() + b.get()).as("inner end").isZero();
        Flushes.end();

        assertThat(a.get()).isEqualTo(1);
        assertThat(b.get()).isEqualTo(1);
        assertThat(Flushes.defer(flushA)).as("burst over").isFalse();
    }

    @Test
    void nowRunsWhatWasDeferredAndTooManyLinksAreFlushedByTheirCaller() {
        AtomicInteger runs = new AtomicInteger();
        Flushes.begin();
        try {
            for (int i = 0; i < Flushes.MAX_DEFERRED; i++) {
                assertThat(Flushes.defer(runs::incrementAndGet)).isTrue();
            }
            assertThat(Flushes.defer(runs::incrementAndGet)).isFalse();
            Flushes.now();
            assertThat(runs.get()).isEqualTo(Flushes.MAX_DEFERRED);
        } finally {
            Flushes.end();
        }
        assertThat(runs.get()).isEqualTo(Flushes.MAX_DEFERRED);
    }
}
