package dev.mycelium.core.time;

/** Handle of a scheduled task. Cancelling a task that already ran, or twice, is harmless. */
@FunctionalInterface
public interface Cancellable {

    Cancellable NONE = () -> { };

    void cancel();
}
