package dev.mycelium.core.time;

import java.util.PriorityQueue;

/**
 * A deterministic {@link Scheduler} on virtual time, for simulations and tests. Time only moves when the driving
 * thread calls {@link #runFor}/{@link #runUntil}/{@link #runNext}; tasks due at the same instant run in submission
 * order. Not thread-safe: create, feed and drive it from one thread.
 */
public final class VirtualScheduler implements Scheduler {

    private static final class Task implements Cancellable {
        final long at;
        final long seq;
        final Runnable body;
        boolean cancelled;

        Task(long at, long seq, Runnable body) {
            this.at = at;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    private long executed;
    private Runnable afterEachTask = () -> { };

    public VirtualScheduler() {
        this(0);
    }

    public VirtualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
        queue.add(t);
        return t;
    }

    /** A hook run after every executed task (e.g. an invariant check in a simulation). */
    public void afterEachTask(Runnable hook) {
        this.afterEachTask = hook == null ? () -> { } : hook;
    }

    /** Runs every task due up to and including {@code now + millis}, then sets the clock to that instant. */
    public void runFor(long millis) {
        runUntil(now + millis);
    }

    /** Runs every task due up to and including {@code deadline}, then sets the clock to {@code deadline}. */
    public void runUntil(long deadline) {
        while (!queue.isEmpty() && queue.peek().at <= deadline) {
            runOne(queue.poll());
        }
        if (deadline > now) {
            now = deadline;
        }
    }

    /** Runs the next due task, advancing the clock to it; false when nothing is scheduled. */
    public boolean runNext() {
        Task t = queue.poll();
        if (t == null) {
            return false;
        }
        runOne(t);
        return true;
    }

    private void runOne(Task t) {
        if (t.at > now) {
            now = t.at;
        }
        if (!t.cancelled) {
            executed++;
            t.body.run();
            afterEachTask.run();
        }
    }

    /** Scheduled tasks (cancelled ones included until their time comes). */
    public int pending() {
        return queue.size();
    }

    /** Number of tasks run so far. */
    public long executed() {
        return executed;
    }
}
