package dev.mycelium.core.router;

import java.util.ArrayList;
import java.util.List;

/** Builds the immutable {@link RouterSnapshot} from the owner's state. */
final class SnapshotBuilder {

    private final RouterEngine engine;

    SnapshotBuilder(RouterEngine engine) {
        this.engine = engine;
    }

    RouterSnapshot build() {
        long now = engine.now();
        List<RouterSnapshot.Route> selected = new ArrayList<>();
        List<RouterSnapshot.Route> fallback = new ArrayList<>();
        List<RouterSnapshot.QueriedSubnet> queried = new ArrayList<>();
        for (SubnetEntry e : engine.table.entries()) {
            if (e.isQueried()) {
                long left = Math.max(0, e.queriedUntil - now);
                queried.add(new RouterSnapshot.QueriedSubnet(e.subnet, e.queriedUntil, left / 1000));
                continue;
            }
            for (RouteEntry re : e.routes) {
                RouterSnapshot.Route r = new RouterSnapshot.Route(re.subnet, re.neighbour.connectionId, re.metric,
                        re.seqno, re.routerId);
                (re.selected ? selected : fallback).add(r);
            }
        }
        List<RouterSnapshot.NeighbourInfo> neighbours = new ArrayList<>();
        for (NeighbourState s : engine.neighbourStates()) {
            neighbours.add(new RouterSnapshot.NeighbourInfo(s.connectionId, s.linkCost(), s.smoothedRtt, s.kind,
                    now - s.lastIhu));
        }
        return new RouterSnapshot(now, engine.routerId, engine.ownSubnet, engine.routerSeqno, List.copyOf(selected),
                List.copyOf(fallback), List.copyOf(queried), List.copyOf(neighbours), engine.packetStats.current(),
                engine.counters.toMap());
    }
}
