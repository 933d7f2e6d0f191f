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
 * <p>A pass walks the whole table, so passes per neighbour are at least
 * {@link RouterLimits#COST_RESELECT_MIN_INTERVAL_MS} apart, and {@link RouterLimits#COST_RESELECT_SMALL_CHANGE_INTERVAL_MS} apart while the cost only jitters by less
 * than {@link RouterLimits#COST_RESELECT_STEP}; a change within that time is handled by one deferred pass with the
 * cost as it is then.
 */
final class CostReselection {

    private final RouterEngine engine;

    CostReselection(RouterEngine engine) {
        this.engine = engine;
    }

    /** The link cost of {@code s} may have changed (an RTT sample was taken). */
    void costSampled(NeighbourState s) {
        if (!engine.config().reselectOnCostChange() || !s.alive) {
            return;
        }
        long due = dueAt(s);
        if (due >= s.reselectDueAt) {
            return; // nothing to do (MAX_VALUE), or a pass is already planned as soon or sooner
        }
        if (due <= engine.now()) {
            reselect(s);
            return;
        }
        s.reselectDueAt = due;
        long gen = ++s.reselectTimerGen;
        engine.timer(due - engine.now(), () -> {
            if (s.reselectTimerGen == gen && s.alive) {
                s.reselectDueAt = Long.MAX_VALUE;
                if (dueAt(s) != Long.MAX_VALUE) {
                    reselect(s);
                }
            }
        });
    }

    /**
     * When the next pass for {@code s} is due, or MAX_VALUE if its cost is the one of the last pass: soon after a
     * change of at least {@link RouterLimits#COST_RESELECT_STEP} (a settling link), later for the jitter of a settled one, so
     * that the last pass always runs with the cost as it ends up.
     */
    private static long dueAt(NeighbourState s) {
        int delta = Math.abs(s.linkCost() - s.costAtLastReselect);
        if (delta == 0) {
            return Long.MAX_VALUE;
        }
        return s.lastReselectAt + (delta >= RouterLimits.COST_RESELECT_STEP ? RouterLimits.COST_RESELECT_MIN_INTERVAL_MS
                : RouterLimits.COST_RESELECT_SMALL_CHANGE_INTERVAL_MS);
    }

    private void reselect(NeighbourState s) {
        s.costAtLastReselect = s.linkCost();
        s.lastReselectAt = engine.now();
        s.reselectDueAt = Long.MAX_VALUE;
        s.reselectTimerGen++;
        engine.counters.costReselectionPasses++;
        for (SubnetEntry e : engine.table.entries()) {
            if (!e.isQueried() && e.routeVia(s) != null) {
                reselect(e, s);
            }
        }
    }

    private void reselect(SubnetEntry entry, NeighbourState s) {
        RouteEntry current = entry.selected();
        RouteEntry best = mayReplace(entry, current) ? engine.findBest(entry) : current;
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

    /**
     * False when {@link RouterEngine#findBest} would certainly keep {@code current}: no other route's total beats it by
     * more than the hysteresis and none is a metric-0 route. Plain arithmetic, so that a pass over a large table
     * looks up feasibility (a hash lookup per route) only where a switch is possible.
     */
    private static boolean mayReplace(SubnetEntry entry, RouteEntry current) {
        if (current == null || Metric.isInfinite(current.metric)) {
            return true;
        }
        int threshold = Metric.sub(current.total(), ProtocolConstants.SIGNIFICANT_METRIC_IMPROVEMENT);
        for (RouteEntry re : entry.routes) {
            if (re != current && !Metric.isInfinite(re.metric) && (re.metric == 0 || re.total() < threshold)) {
                return true;
            }
        }
        return false;
    }
}
