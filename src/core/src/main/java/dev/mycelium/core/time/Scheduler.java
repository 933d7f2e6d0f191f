package dev.mycelium.core.time;

/**
 * A clock plus a single-threaded task runner: every task handed to one scheduler runs on the same owner thread (or,
 * for {@link VirtualScheduler}, the single thread driving virtual time), one at a time, in the order they become due.
 * The router uses it so that its state has exactly one owner and so that tests can run hours of protocol time in
 * seconds.
 */
public interface Scheduler {

    /** Monotonic milliseconds since an arbitrary origin (never wall-clock time). */
    long nowMillis();

    /**
     * Runs {@code task} on the owner thread as soon as possible, after tasks already queued.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the scheduler has been shut down
     */
    void execute(Runnable task);

    /** Runs {@code task} on the owner thread after {@code delayMillis} (0 or negative: as soon as possible). */
    Cancellable schedule(long delayMillis, Runnable task);
}
