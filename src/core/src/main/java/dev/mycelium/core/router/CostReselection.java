package dev.mycelium.core.router;

/**
 * Route selection when a link cost changes ({@link RouterConfig#reselectOnCostChange()}), our wire-compatible
 * improvement: Mycelium runs selection only on Updates and link loss (5.5, 5.9), so a path chosen while a cheaper
 * link's cost was still settling from its initial 1000 (5.1) is kept until an Update for that subnet happens to
 * arrive, which for a learnt route can take up to 1050 s (5.7).
 *
 * <p>When a neighbour's cost has moved since the last pass, every subnet with a route through it goes through
 * {@link RouterEngine#findBest} again, with the usual hysteresis; a changed selection is announced as a triggered
 * update, as any other. A selected route through that neighbour whose total (what we advertise) drifted by more than
 * {@link ProtocolConstants#BIG_METRIC_CHANGE_THRESHOLD} since it was last announced is announced again, so downstream
 * nodes see what the path costs now instead of what it cost at link-up.
 *
 * <p>A pass walks the whole table, so passes per neighbour are at least {@link RouterLimits#COST_RESELECT_MIN_INTERVAL_MS}
 * apart; a change within that time is handled by one deferred pass with the cost as it is then.
 */
final class CostReselection {

    private final RouterEngine engine;

    CostReselection(RouterEngine engine) {
        this.engine = engine;
    }

    /** The link cost of {@code s} may have changed (an RTT sample was taken). */
    void costSampled(NeighbourState s) {
        if (!engine.config().reselectOnCostChange() || !s.alive || s.reselectPending
                || s.linkCost() == s.costAtLastReselect) {
            return;
        }
        long wait = s.lastReselectAt + RouterLimits.COST_RESELECT_MIN_INTERVAL_MS - engine.now();
        if (wait <= 0) {
            reselect(s);
            return;
        }
        s.reselectPending = true;
        engine.timer(wait, () -> {
            s.reselectPending = false;
            if (s.alive && s.linkCost() != s.costAtLastReselect) {
                reselect(s);
            }
        });
    }

    private void reselect(NeighbourState s) {
        s.costAtLastReselect = s.linkCost();
        s.lastReselectAt = engine.now();
        engine.counters.costReselectionPasses++;
        for (SubnetEntry e : engine.table.entries()) {
            if (!e.isQueried() && e.routeVia(s) != null) {
                reselect(e, s);
            }
        }
    }

    private void reselect(SubnetEntry entry, NeighbourState s) {
        RouteEntry current = entry.selected();
        RouteEntry best = engine.findBest(entry);
        if (best != null && best != current) {
            boolean hadUsable = current != null && !Metric.isInfinite(current.metric);
            entry.select(best.neighbour);
            engine.counters.costReselectionSwitches++;
            engine.touched(entry.subnet);
            engine.triggerUpdate(entry.subnet, null);
            if (!hadUsable) {
                engine.forwarder.releaseQueued(entry.subnet);
            }
            return;
        }
        if (current != null && current.neighbour == s && !Metric.isInfinite(current.metric)
                && Metric.delta(current.total(), entry.announcedTotal)
                        > ProtocolConstants.BIG_METRIC_CHANGE_THRESHOLD) {
            engine.counters.costReannouncements++;
            engine.touched(entry.subnet);
            engine.triggerUpdate(entry.subnet, null);
        }
    }
}
