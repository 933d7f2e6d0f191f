package dev.mycelium.core.router;

import dev.mycelium.core.wire.RouterId;
import java.util.Objects;

/**
 * Router settings. Only {@code routerId} is required; the rest default to protocol values and our choices in
 * {@link RouterLimits}.
 *
 * @param routerId            this node's router id (public key, zone 0, fresh random tail per start; 1.5)
 * @param fullTableOnLinkUp   send a wildcard RouteRequest on link-up to get the neighbour's selected routes (2.3)
 * @param fastLiveness        fast Hellos and fast dead-peer detection between our own nodes (see LinkMonitor)
 * @param fastHelloIntervalMs Hello period towards our nodes and unclassified peers
 * @param fastDeadAfterMs     our nodes are dead after this long without an IHU
 * @param triggerOnTotalChange also send a triggered update when the selected route's total metric (stored + link
 *                            cost) moved by more than 10, not only its stored metric (Mycelium compares stored
 *                            metrics only, so switching to a neighbour with a cheaper link is never announced and
 *                            routes downstream stay on costlier paths); wire-compatible: just more Updates
 * @param repairRoutes        answer a neighbour's retraction or much worse route with our better one, and send a seqno
 *                            request for an unfeasible route that would beat the selected one (Mycelium only asks when
 *                            it has no route): without periodic re-advertisement of learnt routes, Mycelium leaves
 *                            nodes on detours or without a route after a link loss until data traffic triggers route
 *                            requests; wire-compatible: just more Updates and seqno requests
 * @param reselectOnCostChange run route selection (with the 5.5 hysteresis) for the routes through a neighbour when
 *                            its link cost changes, and re-announce selected routes whose total drifted by more than
 *                            10 since they were last announced: Mycelium selects only on Updates and link loss, so it
 *                            keeps a path chosen while a better link's cost was still settling (every link starts at
 *                            1000) for as long as no Update for that subnet arrives; also, a link's first RTT sample
 *                            replaces that starting cost instead of being smoothed into it; wire-compatible: just
 *                            more Updates. Off = exactly Mycelium
 * @param snapshotDelayMs     coalescing delay of snapshot publication
 * @param listener            owner-thread notifications
 */
public record RouterConfig(RouterId routerId, boolean fullTableOnLinkUp, boolean fastLiveness,
        long fastHelloIntervalMs, long fastDeadAfterMs, boolean triggerOnTotalChange, boolean repairRoutes,
        boolean reselectOnCostChange, long snapshotDelayMs, RouterListener listener) {

    public RouterConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(listener, "listener");
        if (fastHelloIntervalMs <= 0 || fastHelloIntervalMs > RouterLimits.FAST_HELLO_MAX_INTERVAL_CS * 10L) {
            throw new IllegalArgumentException("fastHelloIntervalMs must be in 1.."
                    + RouterLimits.FAST_HELLO_MAX_INTERVAL_CS * 10 + " (so peers recognise us), got "
                    + fastHelloIntervalMs);
        }
        if (fastDeadAfterMs <= fastHelloIntervalMs) {
            throw new IllegalArgumentException("fastDeadAfterMs must exceed the Hello interval");
        }
        if (snapshotDelayMs < 0) {
            throw new IllegalArgumentException("snapshotDelayMs must be >= 0");
        }
    }

    public static RouterConfig defaults(RouterId routerId) {
        return new RouterConfig(routerId, true, true, RouterLimits.FAST_HELLO_INTERVAL_MS,
                RouterLimits.FAST_DEAD_AFTER_MS, true, true, true,
                RouterLimits.SNAPSHOT_PUBLISH_DELAY_MS, RouterListener.NONE);
    }

    public RouterConfig withFullTableOnLinkUp(boolean on) {
        return new RouterConfig(routerId, on, fastLiveness, fastHelloIntervalMs, fastDeadAfterMs, triggerOnTotalChange,
                repairRoutes, reselectOnCostChange, snapshotDelayMs, listener);
    }

    public RouterConfig withFastLiveness(boolean on) {
        return new RouterConfig(routerId, fullTableOnLinkUp, on, fastHelloIntervalMs, fastDeadAfterMs,
                triggerOnTotalChange, repairRoutes, reselectOnCostChange, snapshotDelayMs, listener);
    }

    public RouterConfig withFastTimers(long helloIntervalMs, long deadAfterMs) {
        return new RouterConfig(routerId, fullTableOnLinkUp, fastLiveness, helloIntervalMs, deadAfterMs,
                triggerOnTotalChange, repairRoutes, reselectOnCostChange, snapshotDelayMs, listener);
    }

    public RouterConfig withSnapshotDelay(long millis) {
        return new RouterConfig(routerId, fullTableOnLinkUp, fastLiveness, fastHelloIntervalMs, fastDeadAfterMs,
                triggerOnTotalChange, repairRoutes, reselectOnCostChange, millis, listener);
    }

    public RouterConfig withListener(RouterListener l) {
        return new RouterConfig(routerId, fullTableOnLinkUp, fastLiveness, fastHelloIntervalMs, fastDeadAfterMs,
                triggerOnTotalChange, repairRoutes, reselectOnCostChange, snapshotDelayMs, l);
    }

    public RouterConfig withTriggerOnTotalChange(boolean on) {
        return new RouterConfig(routerId, fullTableOnLinkUp, fastLiveness, fastHelloIntervalMs, fastDeadAfterMs, on,
                repairRoutes, reselectOnCostChange, snapshotDelayMs, listener);
    }

    public RouterConfig withRepairRoutes(boolean on) {
        return new RouterConfig(routerId, fullTableOnLinkUp, fastLiveness, fastHelloIntervalMs, fastDeadAfterMs,
                triggerOnTotalChange, on, reselectOnCostChange, snapshotDelayMs, listener);
    }

    public RouterConfig withReselectOnCostChange(boolean on) {
        return new RouterConfig(routerId, fullTableOnLinkUp, fastLiveness, fastHelloIntervalMs, fastDeadAfterMs,
                triggerOnTotalChange, repairRoutes, on, snapshotDelayMs, listener);
    }
}
