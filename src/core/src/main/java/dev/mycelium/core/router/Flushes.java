package dev.mycelium.core.router;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Coalesces link flushes over a burst of packets handed over on one thread: between {@link #begin()} and
 * {@link #end()} a neighbour that supports it defers its flush ({@link #defer}) and {@link #end()} runs each deferred
 * flush once. The TUN reader brackets each batched read with it, a peer each buffer it reads, so a burst of packets
 * for one link costs one flush (one event-loop task, one {@code writev}) rather than a race of many small ones.
 * Outside a bracket {@link #defer} refuses and the caller flushes at once. Per thread; no allocation after the first
 * use on a thread.
 */
public final class Flushes {

    /** Our choice: distinct links one burst defers; more are flushed at once. */
    static final int MAX_DEFERRED = 16;

    private static final FastThreadLocal<Flushes> CURRENT = new FastThreadLocal<>() {
        @Override
        protected Flushes initialValue() {
            return new Flushes();
        }
    };

    private final Runnable[] deferred = new Runnable[MAX_DEFERRED];
    private int count;
    private int depth;

    private Flushes() {
    }

    /** Starts (or nests in) a burst on this thread. */
    public static void begin() {
        CURRENT.get().depth++;
    }

    /** Ends the burst; the outermost end runs the deferred flushes. */
    public static void end() {
        Flushes f = CURRENT.get();
        if (--f.depth <= 0) {
            f.depth = 0;
            f.runAll();
        }
    }

    /** Runs the flushes deferred so far (e.g. before waiting for a link to drain). */
    public static void now() {
        CURRENT.get().runAll();
    }

    /**
     * Defers {@code flush} to the end of this thread's burst; false (the caller flushes itself) outside a burst or
     * when too many links are pending. The same task object is deferred once.
     */
    public static boolean defer(Runnable flush) {
        Flushes f = CURRENT.get();
        if (f.depth == 0) {
            return false;
        }
        for (int i = 0; i < f.count; i++) {
            if (f.deferred[i] == flush) {
                return true;
            }
        }
        if (f.count == MAX_DEFERRED) {
            return false;
        }
        f.deferred[f.count++] = flush;
        return true;
    }

    private void runAll() {
        int n = count;
        count = 0;
        for (int i = 0; i < n; i++) {
            Runnable r = deferred[i];
            deferred[i] = null;
            try {
                r.run();
            } catch (RuntimeException e) {
                // A link's flush does not throw by contract; one that does must not keep the others unflushed.
            }
        }
    }
}
