package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import java.util.ArrayList;
import java.util.List;

/** Originating, answering and forwarding seqno requests (protocol.md 5.8). */
final class SeqnoRequests {

    private final RouterEngine engine;
    /** A bump is scheduled for when the 4 s spacing allows it (route repair). */
    private boolean bumpDeferred;

    SeqnoRequests(RouterEngine engine) {
        this.engine = engine;
    }

    /**
     * Asks for seqno FD.seqno + 1 of {@code source} (1 without FD). Sent to {@code to}, or else to every neighbour
     * with a route for the subnet not asked within 4 s, or, for a subnet we know nothing about and a request of our
     * own, to everyone. Neighbours that asked us for the same thing are skipped.
     */
    void send(SourceKey source, NeighbourState to, NeighbourState origin) {
        long now = engine.now();
        FeasibilityDistance fd = engine.sources.get(source);
        int seqno = SeqNo.add(fd == null ? 0 : fd.seqno(), 1);
        SeqnoRequest request = new SeqnoRequest(seqno, ProtocolConstants.SEQNO_REQUEST_HOP_COUNT, source.subnet(),
                source.routerId());
        SeqnoCache.Key key = new SeqnoCache.Key(source.routerId(), source.subnet(), seqno);
        SeqnoCache.Info info = engine.seqnoCache.info(key);

        List<NeighbourState> targets = new ArrayList<>();
        if (to != null) {
            targets.add(to);
        } else {
            List<NeighbourState> recentlyAsked = info != null
                    && now - info.lastSent < ProtocolConstants.SEQNO_BUMP_TIMEOUT_MS ? info.targets : List.of();
            SubnetEntry entry = engine.table.exact(source.subnet());
            boolean known = entry != null && !entry.isQueried();
            if (!known && origin == null) {
                targets.addAll(engine.neighbourList());
            } else if (known) {
                for (RouteEntry re : entry.routes) {
                    if (!recentlyAsked.contains(re.neighbour)) {
                        targets.add(re.neighbour);
                    }
                }
            }
        }
        List<NeighbourState> askedUs = info != null ? new ArrayList<>(info.sources) : List.of();
        for (NeighbourState t : targets) {
            if (askedUs.contains(t) || !t.alive) {
                continue;
            }
            engine.send(t, request);
            engine.seqnoCache.forward(key, t, origin, now);
        }
    }

    /**
     * Step 2 of 5.8: answers {@code r} with our selected route if it is finite and from another source or not older
     * than asked. Mycelium's metric adds the requester's link cost instead of the next hop's (quirk kept unless route
     * repair is on: the requester would store a wrong metric and could prefer a costlier path).
     */
    private boolean answer(NeighbourState from, SeqnoRequest r, RouteEntry sel) {
        if (sel == null || Metric.isInfinite(sel.metric)
                || (r.routerId().equals(sel.routerId) && SeqNo.lt(sel.seqno, r.seqno()))) {
            return false;
        }
        int metric = engine.config().repairRoutes() ? sel.total() : Metric.add(sel.metric, from.linkCost());
        Update u = new Update(0, engine.advertisedInterval(sel), sel.seqno, metric, sel.subnet, sel.routerId);
        engine.sentUpdate(u);
        engine.sendUpdate(from, u);
        return true;
    }

    private void bump() {
        engine.routerSeqno = SeqNo.add(engine.routerSeqno, 1);
        engine.lastSeqnoBump = engine.now();
        engine.counters.seqnoBumps++;
        engine.markDirty();
        engine.propagateOwnRouteToAll();
    }

    /**
     * Route repair: a request for a newer seqno that comes within 4 s of the last bump is served by one bump once the
     * 4 s are over (Mycelium ignores it, and nobody asks again).
     */
    private void deferBump(long delayMillis) {
        if (bumpDeferred) {
            return;
        }
        bumpDeferred = true;
        engine.timer(delayMillis, () -> {
            bumpDeferred = false;
            if (engine.now() - engine.lastSeqnoBump >= ProtocolConstants.SEQNO_BUMP_TIMEOUT_MS) {
                bump();
            }
        });
    }

    void handle(NeighbourState from, SeqnoRequest r) {
        long now = engine.now();
        if (!EmissionRules.isRoutable(r.prefix()) || r.routerId() == null) {
            engine.counters.seqnoRequestsUnhandled++;
            return;
        }
        Subnet prefix = r.prefix().network();
        SeqnoCache.Key key = new SeqnoCache.Key(r.routerId(), prefix, r.seqno());
        SeqnoCache.Info info = engine.seqnoCache.info(key);
        boolean repair = engine.config().repairRoutes();
        SubnetEntry entry = engine.table.exact(prefix);
        RouteEntry sel = entry == null || entry.isQueried() ? null : entry.selected();
        // Route repair answers from the table first: a repeated request that arrives after the answer passed by
        // would otherwise be dropped as a duplicate and its sender never learn the new seqno.
        if (repair && answer(from, r, sel)) {
            return;
        }
        // 1. The same request handled within 60 s: drop.
        if (info != null && now - info.lastSent <= ProtocolConstants.SEQNO_CACHE_TTL_MS) {
            engine.counters.seqnoRequestsDeduplicated++;
            // Route repair: Mycelium forgets who asked again, so the answer never reaches it (and nodes behind it
            // keep a stale route); we relay the answer to it too.
            if (repair && !info.targets.contains(from)) {
                engine.seqnoCache.addSource(key, from);
            }
            return;
        }
        // 2. A selected finite route from another source, or not older than asked: answer with it.
        if (answer(from, r, sel)) {
            return;
        }
        // 3. A newer seqno of our own /64: bump (at most once per 4 s) and announce to everyone.
        if (r.routerId().equals(engine.routerId) && SeqNo.gt(r.seqno(), engine.routerSeqno)
                && prefix.equals(engine.ownSubnet)) {
            if (now - engine.lastSeqnoBump < ProtocolConstants.SEQNO_BUMP_TIMEOUT_MS) {
                engine.counters.seqnoBumpsRateLimited++;
                if (repair) {
                    deferBump(engine.lastSeqnoBump + ProtocolConstants.SEQNO_BUMP_TIMEOUT_MS - now);
                }
                return;
            }
            bump();
            return;
        }
        // 4. Out of hops.
        if (r.hopCount() < 2) {
            engine.counters.seqnoRequestsHopLimit++;
            return;
        }
        // 5. Forward to one neighbour with a route: feasible ones first, then any finite one.
        if (!r.routerId().equals(engine.routerId) && entry != null && !entry.isQueried()) {
            SeqnoRequest forwarded = new SeqnoRequest(r.seqno(), r.hopCount() - 1, prefix, r.routerId());
            List<NeighbourState> recentlyTried = info != null
                    && now - info.lastSent < ProtocolConstants.SEQNO_BUMP_TIMEOUT_MS ? info.targets : List.of();
            for (int pass = 0; pass < 2; pass++) {
                for (RouteEntry re : entry.routes) {
                    if (recentlyTried.contains(re.neighbour) || re.neighbour == from || !re.neighbour.alive
                            || Metric.isInfinite(re.metric)) {
                        continue;
                    }
                    if (pass == 0 && !engine.sources.isFeasible(re.source(), re.seqno, re.metric)) {
                        continue;
                    }
                    engine.send(re.neighbour, forwarded);
                    engine.seqnoCache.forward(key, re.neighbour, from, now);
                    return;
                }
            }
        }
        engine.counters.seqnoRequestsUnhandled++;
    }
}
