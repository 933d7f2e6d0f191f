package dev.mycelium.core.router;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link RouterSnapshot} from the owner's state: the small parts (neighbours, counters) here, the route
 * lists only when a reader asks ({@link PublishedRoutes}).
 */
final class SnapshotBuilder {

    private final RouterEngine engine;

    SnapshotBuilder(RouterEngine engine) {
        this.engine = engine;
    }

    RouterSnapshot build() {
        long now = engine.now();
        List<RouterSnapshot.NeighbourInfo> neighbours = new ArrayList<>();
        for (NeighbourState s : engine.neighbourStates()) {
            neighbours.add(new RouterSnapshot.NeighbourInfo(s.connectionId, s.linkCost(), s.smoothedRtt, s.kind,
                    now - s.lastIhu));
        }
        return new RouterSnapshot(now, engine.routerId, engine.ownSubnet, engine.routerSeqno,
                engine.publishedRoutes.lazily(), List.copyOf(neighbours), engine.packetStats.current(),
                engine.counters.toMap());
    }
}
