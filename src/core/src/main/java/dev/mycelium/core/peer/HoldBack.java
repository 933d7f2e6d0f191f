package dev.mycelium.core.peer;

import dev.mycelium.spi.transport.PeerLink;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relay back-pressure on one link: while a next hop we relay into is full, this link stops reading, so its sender slows
 * down instead of losing packets. A pause lasts until the next hop drained or {@link #MAX_PAUSE_MS} passed, whichever
 * comes first: the link also carries the sender's Hellos and its traffic for other next hops, and a pause without a
 * bound would stall both (and get the link declared dead) behind one slow next hop.
 */
final class HoldBack {

    /** Our choice: far below fast liveness's 2 s dead time, long enough for a next hop to drain a burst. */
    static final long MAX_PAUSE_MS = 200;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mycelium-holdback");
        t.setDaemon(true);
        return t;
    });

    private final PeerLink link;
    private final AtomicBoolean paused = new AtomicBoolean();
    /** One writable-waiter at most per congested link, however often the bounded pauses repeat. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();

    HoldBack(PeerLink link) {
        this.link = link;
    }

    /** Pauses reading this link (if it is not paused already) until {@code congested} drains or the bound ends it. */
    void pauseFor(PeerLink congested) {
        if (!paused.compareAndSet(false, true)) {
            return;
        }
        pauses.incrementAndGet();
        long gen = generation.incrementAndGet();
        link.setReading(false);
        TIMER.schedule(() -> resume(gen), MAX_PAUSE_MS, TimeUnit.MILLISECONDS);
        if (waiting.compareAndSet(false, true)) {
            congested.whenWritable(() -> {
                waiting.set(false);
                resume(generation.get());
            });
        }
    }

    private void resume(long gen) {
        if (generation.get() == gen && paused.compareAndSet(true, false)) {
            link.setReading(true);
        }
    }

    /** How often this link was paused for a congested next hop. */
    long pauses() {
        return pauses.get();
    }
}
