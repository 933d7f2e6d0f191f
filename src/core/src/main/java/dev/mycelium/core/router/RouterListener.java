package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;

/**
 * Notifications from the owner thread, for metrics and simulations. Called after the task that caused them, on the
 * owner thread: do not block and do not call back into the router synchronously.
 */
public interface RouterListener {

    RouterListener NONE = new RouterListener() {
    };

    /**
     * The route used to forward to {@code subnet} changed: {@code nextHop} is the selected route's neighbour, or null
     * when no route with a finite metric is selected; {@code metric} is its total (stored + link cost).
     */
    default void forwardingChanged(Subnet subnet, Neighbour nextHop, int metric) {
    }

    /** The router declared {@code neighbour} dead (no IHU in time) and called its {@code close()}. */
    default void neighbourDead(Neighbour neighbour) {
    }
}
