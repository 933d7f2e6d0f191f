package dev.mycelium.core.time;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} backed by one dedicated owner thread and {@link System#nanoTime()}. A second, tiny timer thread
 * only hands due timers over to the owner thread, so every task runs on the owner.
 *
 * <p>After {@link #close()}, tasks already submitted with {@link #execute} still run (so they can release what they
 * hold), timers are dropped, and new tasks are refused with a {@link RejectedExecutionException}. Tasks must catch
 * their own exceptions (an exception thrown by a task is logged by the thread's handler; the thread is replaced).
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {

    private final ThreadPoolExecutor owner;
    private final ScheduledThreadPoolExecutor timers;
    private final long origin = System.nanoTime();
    private volatile Thread ownerThread;

    public ThreadScheduler(String threadName) {
        owner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            ownerThread = t;
            return t;
        });
        timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName + "-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000L;
    }

    @Override
    public void execute(Runnable task) {
        owner.execute(task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis <= 0) {
            try {
                owner.execute(task);
            } catch (RejectedExecutionException closed) {
                // Timers of a closed scheduler never run.
            }
            return Cancellable.NONE;
        }
        try {
            ScheduledFuture<?> f = timers.schedule(() -> {
                try {
                    owner.execute(task);
                } catch (RejectedExecutionException closed) {
                    // Closed meanwhile.
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closed) {
            return Cancellable.NONE;
        }
    }

    /** True when called on this scheduler's owner thread. */
    public boolean inOwnerThread() {
        return Thread.currentThread() == ownerThread;
    }

    /** Refuses new tasks and drops timers; tasks already queued still run, then the owner thread ends. */
    @Override
    public void close() {
        timers.shutdownNow();
        owner.shutdown();
    }

    /** Waits up to {@code millis} for the owner thread to finish after {@link #close()}. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        return owner.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
