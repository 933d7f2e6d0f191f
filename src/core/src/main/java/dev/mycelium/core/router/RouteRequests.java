package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.Update;
import java.util.List;

/** Originating, answering and forwarding route requests, and the "queried" markers (protocol.md 5.6). */
final class RouteRequests {

    private final RouterEngine engine;

    RouteRequests(RouterEngine engine) {
        this.engine = engine;
    }

    /**
     * Asks every neighbour for {@code subnet} (generation 0) and marks it queried for 15 s; neighbours that got a
     * generation-0 request for it within 15 s are skipped.
     */
    void originate(Subnet subnet) {
        if (!EmissionRules.isRoutable(subnet)) {
            engine.counters.routeRequestsRejected++;
            return;
        }
        long now = engine.now();
        if (!markQueried(subnet)) {
            return;
        }
        RouteRequestCache.Info info = engine.rrCache.info(subnet, now);
        List<NeighbourState> skip = info == null || info.generation() > 0 ? List.of() : info.receivers();
        List<NeighbourState> all = engine.neighbourList();
        RouteRequest rr = new RouteRequest(0, subnet);
        for (NeighbourState n : all) {
            if (!skip.contains(n)) {
                engine.send(n, rr);
            }
        }
        engine.rrCache.sent(subnet, 0, all, now);
    }

    void handle(NeighbourState from, RouteRequest rr) {
        if (rr.isWildcard()) {
            dumpTo(from);
            return;
        }
        // Never forward or mark what 4.7 forbids (Mycelium would forward such a request and mark it queried).
        if (!EmissionRules.isRoutable(rr.prefix())) {
            engine.counters.routeRequestsRejected++;
            return;
        }
        Subnet prefix = rr.prefix().network();
        // 1. Inside our /64: answer with our own route.
        if (engine.ownSubnet.contains(prefix)) {
            engine.propagateOwnRoute(from);
            return;
        }
        // 2. Exact entry: answer with the selected route unless the requester is its next hop; nothing if none.
        SubnetEntry entry = engine.table.exact(prefix);
        if (entry != null && !entry.isQueried()) {
            RouteEntry sel = entry.selected();
            if (sel == null || sel.neighbour == from) {
                return;
            }
            Update u = engine.selectedRouteUpdate(sel, prefix);
            engine.sentUpdate(u);
            engine.sendUpdate(from, u);
            return;
        }
        // 3. Already being queried.
        if (entry != null) {
            return;
        }
        // 4. Unknown: forward with generation + 1 to everyone but the requester and recent receivers.
        if (rr.generation() + 1 >= ProtocolConstants.MAX_RR_GENERATION) {
            engine.counters.routeRequestsGenerationDropped++;
            return;
        }
        int generation = rr.generation() + 1;
        long now = engine.now();
        if (!markQueried(prefix)) {
            return;
        }
        RouteRequestCache.Info info = engine.rrCache.info(prefix, now);
        List<NeighbourState> skip = info == null || generation < info.generation() ? List.of() : info.receivers();
        List<NeighbourState> all = engine.neighbourList();
        RouteRequest forwarded = new RouteRequest(generation, prefix);
        for (NeighbourState n : all) {
            if (n != from && !skip.contains(n)) {
                engine.send(n, forwarded);
            }
        }
        engine.rrCache.sent(prefix, generation, all, now);
    }

    /** Wildcard request: every selected route whose next hop is not the requester, then our own /64. */
    private void dumpTo(NeighbourState from) {
        for (SubnetEntry e : engine.table.entries()) {
            RouteEntry sel = e.isQueried() ? null : e.selected();
            if (sel == null || sel.neighbour == from) {
                continue;
            }
            Update u = engine.selectedRouteUpdate(sel, e.subnet);
            engine.sentUpdate(u);
            engine.sendUpdate(from, u);
        }
        engine.propagateOwnRoute(from);
    }

    /**
     * Marks {@code subnet} queried for 15 s unless the table already has an entry for it (then nothing changes).
     * False when the marker bound is reached: the caller then drops the request.
     */
    boolean markQueried(Subnet subnet) {
        if (engine.table.exact(subnet) != null) {
            return true;
        }
        if (engine.table.queriedSubnets() >= RouterLimits.MAX_QUERIED_SUBNETS) {
            engine.counters.queriedSubnetsFull++;
            return false;
        }
        SubnetEntry marker = SubnetEntry.queried(subnet, engine.now() + ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS);
        engine.table.put(marker);
        engine.touched(subnet);
        engine.timer(ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS, () -> {
            if (engine.table.exact(subnet) == marker) {
                engine.table.remove(marker);
                engine.touched(subnet);
            }
        });
        return true;
    }
}
