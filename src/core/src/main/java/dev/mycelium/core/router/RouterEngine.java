package dev.mycelium.core.router;

import dev.mycelium.core.time.Scheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The router's state and its Update-driven logic: link up/down, Update processing (5.4), route selection (5.5),
 * triggered updates (5.7), expiry and link loss (5.9). Route requests, seqno requests, link monitoring and data
 * forwarding live in {@link RouteRequests}, {@link SeqnoRequests}, {@link LinkMonitor} and {@link Forwarder}.
 *
 * <p>Single owner: every method runs on the scheduler's owner thread, entered through {@link #run} (which also
 * publishes the effects of the task: route lookup, listener, snapshot).
 */
final class RouterEngine implements OwnerTimers {

    private static final Logger LOG = Logger.getLogger(RouterEngine.class);
    /** A full routing table is logged on its first refused subnet and then every this many. */
    private static final long TABLE_FULL_LOG_EVERY = 100_000;

    private final Scheduler scheduler;
    private final RouterConfig config;
    final RouterId routerId;
    final Subnet ownSubnet;
    final byte[] ownAddress;
    final DataPlaneHook hook;
    final RouterCounters counters;
    final RoutingTable table = new RoutingTable();
    final SourceTable sources;
    final SeqnoCache seqnoCache;
    final RouteRequestCache rrCache;
    final RouteLookup lookup = new RouteLookup();
    final PublishedRoutes publishedRoutes;
    final PacketStats packetStats;
    private final Map<Neighbour, NeighbourState> neighbours = new LinkedHashMap<>();
    final LinkMonitor links;
    final RouteRequests routeRequests;
    final SeqnoRequests seqnoRequests;
    final Forwarder forwarder;
    final CostReselection costReselection;
    private final SnapshotBuilder snapshots;

    int routerSeqno;
    long lastSeqnoBump;
    private boolean started;
    private boolean closed;

    /** Subnets changed by the current task; published to the lookup and listener when it ends. */
    private final Set<Subnet> touched = new LinkedHashSet<>();
    /** Next hop last reported to the listener per subnet (only subnets with a finite selected route). */
    private final Map<Subnet, NeighbourState> reportedNextHop = new HashMap<>();
    private boolean dirty = true;
    private long publishedCounters;
    private boolean publishPending;
    private volatile RouterSnapshot published;

    RouterEngine(RouterConfig config, Scheduler scheduler, DataPlaneHook hook, RouterCounters counters) {
        this.config = config;
        this.scheduler = scheduler;
        this.hook = hook;
        this.counters = counters;
        this.routerId = config.routerId();
        this.ownAddress = OverlayAddresses.addressOf(routerId.publicKey());
        this.ownSubnet = OverlayAddresses.subnet64(ownAddress);
        this.sources = new SourceTable(this, counters);
        this.seqnoCache = new SeqnoCache(counters);
        this.rrCache = new RouteRequestCache(counters);
        this.packetStats = new PacketStats(counters);
        this.links = new LinkMonitor(this);
        this.routeRequests = new RouteRequests(this);
        this.seqnoRequests = new SeqnoRequests(this);
        this.forwarder = new Forwarder(this);
        this.costReselection = new CostReselection(this);
        this.snapshots = new SnapshotBuilder(this);
        this.publishedRoutes = new PublishedRoutes(scheduler::nowMillis);
        this.lastSeqnoBump = scheduler.nowMillis();
        this.published = snapshots.build();
    }

    // ------------------------------------------------------------------ task plumbing

    @Override
    public long now() {
        return scheduler.nowMillis();
    }

    RouterConfig config() {
        return config;
    }

    /** Runs one owner-thread task: never lets an exception escape, then publishes what the task changed. */
    void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            counters.taskFailures++;
            LOG.errorf(e, "router task failed");
        } finally {
            afterTask();
        }
    }

    /** A timer whose task runs like any other owner task (skipped once closed). */
    @Override
    public void timer(long delayMillis, Runnable task) {
        scheduler.schedule(delayMillis, () -> run(task));
    }

    private void every(long period, Runnable task) {
        timer(period, () -> {
            task.run();
            every(period, task);
        });
    }

    void touched(Subnet subnet) {
        touched.add(subnet);
    }

    void markDirty() {
        dirty = true;
    }

    private void afterTask() {
        if (!touched.isEmpty()) {
            for (Subnet subnet : touched) {
                SubnetEntry e = table.exact(subnet);
                lookup.publish(subnet, e, now());
                publishedRoutes.publish(subnet, e);
                reportForwarding(subnet, e);
            }
            touched.clear();
            dirty = true;
        }
        long fingerprint = counters.ownerFingerprint();
        if (fingerprint != publishedCounters) {
            publishedCounters = fingerprint;
            dirty = true;
        }
        if (dirty && !publishPending && !closed) {
            if (config.snapshotDelayMs() == 0) {
                publish();
            } else {
                publishPending = true;
                scheduler.schedule(config.snapshotDelayMs(), () -> {
                    publishPending = false;
                    publish();
                });
            }
        }
    }

    private void reportForwarding(Subnet subnet, SubnetEntry e) {
        RouteEntry sel = e == null || e.isQueried() ? null : e.selected();
        NeighbourState nh = sel != null && !Metric.isInfinite(sel.metric) ? sel.neighbour : null;
        NeighbourState before = nh == null ? reportedNextHop.remove(subnet) : reportedNextHop.put(subnet, nh);
        if (before != nh) {
            try {
                config.listener().forwardingChanged(subnet, nh == null ? null : nh.neighbour,
                        nh == null ? Metric.INFINITE : sel.total());
            } catch (RuntimeException ex) {
                LOG.warnf(ex, "router listener failed");
            }
        }
    }

    private void publish() {
        if (closed) {
            return;
        }
        published = snapshots.build();
        dirty = false;
    }

    RouterSnapshot published() {
        return published;
    }

    // ------------------------------------------------------------------ lifecycle

    void start() {
        if (started) {
            return;
        }
        started = true;
        lastSeqnoBump = now();
        every(ProtocolConstants.ROUTE_PROPAGATION_INTERVAL_MS, this::propagateOwnRouteToAll);
        every(ProtocolConstants.DEAD_PEER_CHECK_INTERVAL_MS, links::checkSlowPeers);
        every(ProtocolConstants.SEQNO_CACHE_TTL_MS, () -> seqnoCache.sweep(now()));
        every(ProtocolConstants.RR_CACHE_SWEEP_INTERVAL_MS, () -> rrCache.sweep(now()));
    }

    void close() {
        if (closed) {
            return;
        }
        forwarder.releaseAll();
        published = snapshots.build();
        closed = true;
        neighbours.values().forEach(s -> s.alive = false);
        neighbours.clear();
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ neighbours

    Collection<NeighbourState> neighbourStates() {
        return neighbours.values();
    }

    List<NeighbourState> neighbourList() {
        return new ArrayList<>(neighbours.values());
    }

    /** Link up (2.3): own /64 at once, a RouteRequest per queried subnet, optionally a wildcard request, Hellos. */
    void addNeighbour(Neighbour n) {
        if (neighbours.containsKey(n)) {
            return;
        }
        NeighbourState s = new NeighbourState(n, now());
        neighbours.put(n, s);
        propagateOwnRoute(s);
        for (SubnetEntry e : table.entries()) {
            if (e.isQueried()) {
                send(s, new RouteRequest(0, e.subnet));
            }
        }
        if (config.fullTableOnLinkUp()) {
            send(s, new RouteRequest(0, null));
        }
        links.start(s);
        dirty = true;
    }

    void removeNeighbour(Neighbour n) {
        NeighbourState s = neighbours.get(n);
        if (s != null) {
            linkLost(s);
        }
    }

    /** No IHU in time: close the link and treat it as lost (2.8). */
    void neighbourDead(NeighbourState s) {
        counters.neighboursDeclaredDead++;
        LOG.debugf("neighbour %s is dead (no IHU for %d ms)", s.connectionId, now() - s.lastIhu);
        linkLost(s);
        try {
            s.neighbour.close();
        } catch (RuntimeException e) {
            LOG.debugf(e, "closing dead neighbour %s failed", s.connectionId);
        }
        try {
            config.listener().neighbourDead(s.neighbour);
        } catch (RuntimeException e) {
            LOG.warnf(e, "router listener failed");
        }
    }

    /**
     * Link loss (5.9): unselected routes via the neighbour go; a selected one becomes infinite with a 6 s hold and
     * selection runs again for its subnet.
     */
    void linkLost(NeighbourState s) {
        if (neighbours.remove(s.neighbour) == null) {
            return;
        }
        s.alive = false;
        dirty = true;
        List<SubnetEntry> reselect = new ArrayList<>();
        for (SubnetEntry e : table.entries()) {
            if (e.isQueried()) {
                continue;
            }
            RouteEntry re = e.routeVia(s);
            if (re == null) {
                continue;
            }
            if (re.selected) {
                re.metric = Metric.INFINITE;
                setExpiry(re, now() + ProtocolConstants.RETRACTED_ROUTE_HOLD_TIME_MS);
                reselect.add(e);
            } else {
                removeRoute(e, re);
            }
            touched(e.subnet);
        }
        for (SubnetEntry e : reselect) {
            routeSelection(e.subnet);
        }
    }

    NeighbourState state(Neighbour n) {
        return neighbours.get(n);
    }

    // ------------------------------------------------------------------ control dispatch

    void onControl(Neighbour from, ControlTlv tlv) {
        NeighbourState s = neighbours.get(from);
        if (s == null) {
            // Mycelium drops TLVs whose sender is no longer alive.
            counters.tlvFromUnknownNeighbour++;
            return;
        }
        if (tlv instanceof Hello h) {
            links.onHello(s, h);
        } else if (tlv instanceof Ihu) {
            links.onIhu(s);
        } else if (tlv instanceof Update u) {
            handleUpdate(s, u);
        } else if (tlv instanceof RouteRequest r) {
            routeRequests.handle(s, r);
        } else if (tlv instanceof SeqnoRequest q) {
            seqnoRequests.handle(s, q);
        }
    }

    // ------------------------------------------------------------------ Update processing (5.4)

    /** The three filters Mycelium installs (5.4 step 1). */
    static boolean passesFilters(Update u) {
        Subnet subnet = u.subnet();
        if (subnet == null || !subnet.isIpv6() || !OverlayAddresses.GLOBAL_SUBNET.contains(subnet)) {
            return false;
        }
        if (subnet.prefixLength() < ProtocolConstants.NODE_SUBNET_PREFIX_LENGTH) {
            return false;
        }
        return Metric.isInfinite(u.metric())
                || subnet.contains(OverlayAddresses.addressOf(u.routerId().publicKey()));
    }

    void handleUpdate(NeighbourState from, Update u) {
        if (!passesFilters(u)) {
            counters.updatesFiltered++;
            return;
        }
        Subnet subnet = u.subnet().network();
        if (ownSubnet.contains(subnet)) {
            // Our own /64 (and anything inside it) is never learnt from others (5.4 step 2).
            counters.updatesForOwnSubnet++;
            return;
        }
        int metric = u.metric();
        int seqno = u.seqno();
        RouterId rid = u.routerId();
        if (config.repairRoutes()) {
            offerBetterRoute(from, subnet, metric);
        }
        SourceKey source = new SourceKey(subnet, rid);
        SeqnoCache.Info interest = seqnoCache.info(new SeqnoCache.Key(rid, subnet, seqno));
        boolean feasible = sources.isFeasible(source, seqno, metric);

        SubnetEntry entry = table.exact(subnet);
        if (entry == null || entry.isQueried()) {
            if (!feasible || Metric.isInfinite(metric)) {
                if (!feasible) {
                    seqnoRequests.send(source, from, null);
                }
                return;
            }
            if (entry == null && table.subnetsWithRoutes() >= RouterLimits.MAX_SUBNETS) {
                if (counters.routingTableFull++ % TABLE_FULL_LOG_EVERY == 0) {
                    LOG.warnf("routing table full at %d subnets (the bound for this heap, see RouterLimits): new subnets"
                            + " are refused (%d so far); MYCELIUM_JAVA_OPTS=-Xmx... raises it",
                            RouterLimits.MAX_SUBNETS, counters.routingTableFull);
                }
                return;
            }
            // The entry keeps the key of the router id that created it, for its whole life (5.4 step 3, 6.1).
            entry = SubnetEntry.withRoutes(subnet, rid.publicKey());
            table.put(entry);
            touched(subnet);
        }

        RouteEntry.Copy old = entry.selected() == null ? null : entry.selected().copy();
        RouteEntry existing = entry.routeVia(from);
        if (existing != null) {
            if (existing.selected && !feasible && existing.routerId.equals(rid)) {
                seqnoRequests.send(existing.source(), from, null);
                return;
            }
            if (Metric.isInfinite(existing.metric) && Metric.isInfinite(metric)) {
                // Retraction of a retracted route: ignoring it stops retraction ping-pong.
                return;
            }
            existing.seqno = seqno;
            existing.metric = metric;
            existing.routerId = rid;
            if (feasible) {
                setExpiry(existing, now() + holdTimeMillis(u.intervalCs(), metric));
            }
            touched(subnet);
            if (!existing.selected && !feasible) {
                if (config.repairRoutes() && !Metric.isInfinite(metric) && worthASeqnoRequest(entry, from, metric)) {
                    seqnoRequests.send(source, from, null);
                }
                return;
            }
            if (existing.selected && !feasible) {
                existing.selected = false;
            }
        } else {
            if (Metric.isInfinite(metric) || !feasible) {
                if (!feasible && (entry.selected() == null
                        || (config.repairRoutes() && worthASeqnoRequest(entry, from, metric)))) {
                    seqnoRequests.send(source, from, null);
                }
                return;
            }
            RouteEntry re = new RouteEntry(subnet, from, rid, metric, seqno,
                    now() + holdTimeMillis(u.intervalCs(), metric));
            entry.routes.add(re);
            arm(re, re.expiresAt);
            touched(subnet);
        }

        RouteEntry best = findBest(entry);
        if (best != null) {
            entry.select(best.neighbour);
        } else if (old != null) {
            // Lost the selected route, maybe through a feasible retraction: ask its announcers for news.
            seqnoRequests.send(old.source(), null, null);
            entry.unselect();
        }
        touched(subnet);

        RouteEntry now = entry.selected();
        boolean trigger;
        boolean release = false;
        boolean drop = false;
        if (old != null && now != null) {
            release = Metric.isInfinite(old.metric()) && !Metric.isInfinite(now.metric);
            trigger = !now.routerId.equals(old.routerId())
                    || Metric.delta(now.metric, old.metric()) > ProtocolConstants.BIG_METRIC_CHANGE_THRESHOLD
                    || (config.triggerOnTotalChange()
                            && Metric.delta(now.total(), old.total()) > ProtocolConstants.BIG_METRIC_CHANGE_THRESHOLD)
                    // Route repair: a new seqno is news for every neighbour (it makes their stale routes through
                    // us feasible again); Mycelium passes it only to whoever asked for exactly that seqno.
                    || (config.repairRoutes() && now.seqno != old.seqno());
        } else if (now != null) {
            release = !Metric.isInfinite(now.metric);
            trigger = true;
        } else if (old != null) {
            drop = true;
            trigger = true;
        } else {
            trigger = false;
        }
        if (trigger) {
            triggerUpdate(subnet, null);
        } else if (interest != null) {
            // The answer to a seqno request we forwarded goes back to whoever asked (5.4 step 7).
            triggerUpdate(subnet, new ArrayList<>(interest.sources));
        }
        if (release) {
            forwarder.releaseQueued(subnet);
        } else if (drop) {
            forwarder.dropQueued(subnet);
        }
    }

    /**
     * Route repair, our improvement (wire-compatible: ordinary Updates and seqno requests, see
     * {@link RouterConfig#repairRoutes()}): a neighbour that announces a subnet much worse than we reach it (a
     * retraction being the extreme case) through another neighbour is told our route at once. Mycelium never
     * re-advertises learnt routes, so without this a neighbour whose path died keeps a detour, or stays without a
     * route (and so does everyone behind it) until data traffic makes it send a route request.
     */
    private void offerBetterRoute(NeighbourState from, Subnet subnet, int advertised) {
        SubnetEntry entry = table.exact(subnet);
        RouteEntry sel = entry == null || entry.isQueried() ? null : entry.selected();
        if (sel == null || sel.neighbour == from || Metric.isInfinite(sel.metric)) {
            return;
        }
        int offered = Metric.add(sel.total(), from.linkCost());
        if (offered >= Metric.sub(advertised, ProtocolConstants.SIGNIFICANT_METRIC_IMPROVEMENT)) {
            return;
        }
        Update u = selectedRouteUpdate(sel, subnet);
        sentUpdate(u);
        sendUpdate(from, u);
        counters.betterRoutesOffered++;
    }

    /**
     * Route repair: an unfeasible route from {@code from} that would beat our selected one by more than the
     * hysteresis (or any, with none selected) is worth a seqno request, as RFC 8966 advises; Mycelium only asks when
     * it has no route at all, and so keeps a worse path for as long as the source's seqno does not move.
     */
    private boolean worthASeqnoRequest(SubnetEntry entry, NeighbourState from, int metric) {
        RouteEntry sel = entry.selected();
        return sel == null || Metric.add(metric, from.linkCost())
                < Metric.sub(sel.total(), ProtocolConstants.SIGNIFICANT_METRIC_IMPROVEMENT);
    }

    /** Hold time of a route learnt from an Update (5.4): 3.5 × interval, or 6 s for a retraction. */
    static long holdTimeMillis(int intervalCs, int metric) {
        if (Metric.isInfinite(metric)) {
            return ProtocolConstants.RETRACTED_ROUTE_HOLD_TIME_MS;
        }
        return (long) intervalCs * 10 * 7 / 2;
    }

    // ------------------------------------------------------------------ route selection (5.5)

    /**
     * Best feasible finite route by total metric (first of equals); a different route replaces the selected one
     * only if better by more than 10, or if its neighbour is the destination (metric 0).
     */
    RouteEntry findBest(SubnetEntry entry) {
        RouteEntry current = entry.selected();
        RouteEntry best = null;
        int bestTotal = 0;
        for (RouteEntry re : entry.routes) {
            if (Metric.isInfinite(re.metric) || !sources.isFeasible(re.source(), re.seqno, re.metric)) {
                continue;
            }
            int total = re.total();
            if (best == null || total < bestTotal) {
                best = re;
                bestTotal = total;
            }
        }
        if (best != null && current != null
                && (!best.source().equals(current.source()) || best.neighbour != current.neighbour)
                && !(bestTotal < Metric.sub(current.total(), ProtocolConstants.SIGNIFICANT_METRIC_IMPROVEMENT)
                        || best.metric == 0)) {
            return current;
        }
        return best;
    }

    /** Mycelium's {@code route_selection}: after link loss, and with the same effects on queues and peers. */
    void routeSelection(Subnet subnet) {
        SubnetEntry entry = table.exact(subnet);
        if (entry == null || entry.isQueried()) {
            return;
        }
        List<RouteEntry> routes = entry.routes;
        RouteEntry first = routes.isEmpty() ? null : routes.get(0);
        boolean hadValid = first != null && first.selected && !Metric.isInfinite(first.metric);
        boolean release = false;
        boolean drop = false;
        RouteEntry best = findBest(entry);
        if (best != null) {
            if (first != null && best.neighbour == first.neighbour && first.selected) {
                return;
            }
            if (Metric.isInfinite(best.metric) && first != null && Metric.isInfinite(first.metric)
                    && first.selected) {
                return;
            }
            entry.select(best.neighbour);
            release = !hadValid && !Metric.isInfinite(best.metric);
        } else if (first != null && first.selected) {
            seqnoRequests.send(first.source(), null, null);
            entry.unselect();
            drop = true;
        }
        touched(subnet);
        triggerUpdate(subnet, null);
        if (release) {
            forwarder.releaseQueued(subnet);
        } else if (drop) {
            forwarder.dropQueued(subnet);
        }
    }

    // ------------------------------------------------------------------ expiry (5.9)

    void setExpiry(RouteEntry re, long at) {
        re.expiresAt = at;
        if (at < re.timerAt) {
            arm(re, at);
        }
    }

    /** One live timer per route: a timer that fires before a (refreshed) expiry re-arms for it. */
    private void arm(RouteEntry re, long at) {
        re.timerAt = at;
        timer(at - now(), () -> onRouteTimer(re, at));
    }

    private void onRouteTimer(RouteEntry re, long at) {
        if (re.removed || re.timerAt != at) {
            return;
        }
        re.timerAt = Long.MAX_VALUE;
        if (now() < re.expiresAt) {
            arm(re, re.expiresAt);
        } else {
            expire(re);
        }
    }

    /** An unselected route goes silently; a selected one turns infinite for 6 s and selection runs again. */
    private void expire(RouteEntry re) {
        SubnetEntry entry = table.exact(re.subnet);
        if (entry == null || entry.isQueried() || entry.routeVia(re.neighbour) != re) {
            return;
        }
        touched(re.subnet);
        if (!re.selected) {
            removeRoute(entry, re);
            return;
        }
        re.metric = Metric.INFINITE;
        setExpiry(re, now() + ProtocolConstants.RETRACTED_ROUTE_HOLD_TIME_MS);
        RouteEntry best = findBest(entry);
        if (best != null) {
            entry.select(best.neighbour);
        } else {
            entry.unselect();
        }
        triggerUpdate(re.subnet, null);
    }

    void removeRoute(SubnetEntry entry, RouteEntry re) {
        entry.remove(re.neighbour);
        if (entry.routes.isEmpty()) {
            table.remove(entry);
        }
        touched(entry.subnet);
    }

    // ------------------------------------------------------------------ sending Updates (5.7)

    /** Interval advertised for a selected route: 30000 cs, or 0 for a retraction already past its expiry. */
    int advertisedInterval(RouteEntry sel) {
        return Metric.isInfinite(sel.metric) && now() > sel.expiresAt ? ProtocolConstants.INTERVAL_NOT_REPEATING_CS
                : ProtocolConstants.UPDATE_INTERVAL_CS;
    }

    /** Update for a selected route: its seqno and router id, stored metric + next hop's link cost. */
    Update selectedRouteUpdate(RouteEntry sel, Subnet subnet) {
        return new Update(0, advertisedInterval(sel), sel.seqno, sel.total(), subnet, sel.routerId);
    }

    /**
     * Triggered update for {@code subnet} to {@code peers} (null: every neighbour): the selected route with split
     * horizon, or, with none selected, a retraction carrying <em>our</em> seqno and router id (5.7 quirk).
     */
    void triggerUpdate(Subnet subnet, List<NeighbourState> peers) {
        SubnetEntry entry = table.exact(subnet);
        RouteEntry sel = entry == null || entry.isQueried() ? null : entry.selected();
        Update u;
        NeighbourState nextHop = null;
        if (sel != null) {
            u = selectedRouteUpdate(sel, sel.subnet);
            nextHop = sel.neighbour;
        } else {
            u = new Update(0, ProtocolConstants.UPDATE_INTERVAL_CS, routerSeqno, Metric.INFINITE, subnet, routerId);
        }
        sentUpdate(u);
        if (peers == null && entry != null) {
            entry.announcedTotal = u.metric();
        }
        for (NeighbourState n : peers == null ? neighbourList() : peers) {
            if (n != nextHop) {
                sendUpdate(n, u);
            }
        }
    }

    Update ownRouteUpdate() {
        return new Update(0, ProtocolConstants.UPDATE_INTERVAL_CS, routerSeqno, 0, ownSubnet, routerId);
    }

    void propagateOwnRoute(NeighbourState n) {
        Update u = ownRouteUpdate();
        sentUpdate(u);
        sendUpdate(n, u);
    }

    void propagateOwnRouteToAll() {
        for (NeighbourState n : neighbourList()) {
            propagateOwnRoute(n);
        }
    }

    /** The source table follows what we send (5.3). */
    void sentUpdate(Update u) {
        sources.onSend(new SourceKey(u.subnet().network(), u.routerId()), u.seqno(), u.metric());
    }

    void sendUpdate(NeighbourState n, Update u) {
        if (!n.alive) {
            counters.sendsToDeadNeighbour++;
            return;
        }
        send(n, u);
    }

    /** Every TLV leaves through here: checked against 4.7, failures of the neighbour contained. */
    void send(NeighbourState n, ControlTlv tlv) {
        String violation = EmissionRules.violation(tlv);
        if (violation != null) {
            throw new IllegalStateException("router tried to emit a forbidden TLV: " + violation);
        }
        try {
            n.neighbour.sendControl(tlv);
        } catch (RuntimeException e) {
            counters.neighbourSendFailures++;
            LOG.debugf(e, "sending to %s failed", n.connectionId);
        }
    }
}
