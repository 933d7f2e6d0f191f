package dev.mycelium.core.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.PeerLink;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Relay back-pressure pauses reading, and always ends: when the next hop drains, or after the bound. */
class HoldBackTest {

    /** A link that records pauses and whose writability the test sets. */
    static final class FakeLink implements PeerLink {
        final List<Boolean> reading = new CopyOnWriteArrayList<>();
        final List<Runnable> waiters = new CopyOnWriteArrayList<>();
        volatile boolean writable = true;
        /** Refuse every write, as a link whose queue is at its hard bound. */
        volatile boolean refuseWrites;
        volatile int closes;

        void drain() {
            writable = true;
            waiters.forEach(Runnable::run);
            waiters.clear();
        }

        @Override
        public void setReading(boolean on) {
            reading.add(on);
        }

        @Override
        public void whenWritable(Runnable task) {
            if (writable) {
                task.run();
            } else {
                waiters.add(task);
            }
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public String scheme() {
            return "fake";
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress(1);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress(2);
        }

        @Override
        public String connectionId() {
            return "FAKE";
        }

        @Override
        public void start(LinkHandler handler) {
        }

        @Override
        public boolean write(ByteBuf bytes) {
            bytes.release();
            return !refuseWrites;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private final FakeLink upstream = new FakeLink();
    private final FakeLink congested = new FakeLink();
    private final HoldBack holdBack = new HoldBack(upstream);

    @Test
    void readingResumesAsSoonAsTheNextHopDrains() {
        congested.writable = false;
        holdBack.pauseFor(congested);
        holdBack.pauseFor(congested); // already paused: nothing more
        assertThat(upstream.reading).containsExactly(false);
        congested.drain();
        assertThat(upstream.reading).containsExactly(false, true);
        assertThat(holdBack.pauses()).isEqualTo(1);
    }

    @Test
    void aNextHopThatNeverDrainsHoldsReadingBackOnlyForTheBound() {
        congested.writable = false;
        long start = System.nanoTime();
        holdBack.pauseFor(congested);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.reading.size() == 2);
        assertThat(upstream.reading).containsExactly(false, true);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                Duration.ofMillis(HoldBack.MAX_PAUSE_MS));

        holdBack.pauseFor(congested); // still congested: paused again, but no second waiter piles up
        assertThat(congested.waiters).hasSize(1);
        congested.drain();
        assertThat(upstream.reading).containsExactly(false, true, false, true);
    }
}
