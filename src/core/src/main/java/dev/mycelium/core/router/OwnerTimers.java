package dev.mycelium.core.router;

/** Clock and timers of the owner thread, as the router's tables see them. */
interface OwnerTimers {

    long now();

    /** Runs {@code task} as an owner task after {@code delayMillis}. */
    void timer(long delayMillis, Runnable task);
}
