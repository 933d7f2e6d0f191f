package dev.mycelium.core.router;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;

/** One route: a subnet as announced by one neighbour (protocol.md 5.4). Owner thread only. */
final class RouteEntry {

    final Subnet subnet;
    final NeighbourState neighbour;
    /** The source's router id; overwritten by every Update from this neighbour (retraction quirk, 5.7). */
    RouterId routerId;
    /** Metric as advertised by the neighbour, link cost not included (5.2). */
    int metric;
    int seqno;
    boolean selected;
    long expiresAt;
    long timerAt = Long.MAX_VALUE;
    boolean removed;

    RouteEntry(Subnet subnet, NeighbourState neighbour, RouterId routerId, int metric, int seqno, long expiresAt) {
        this.subnet = subnet;
        this.neighbour = neighbour;
        this.routerId = routerId;
        this.metric = metric;
        this.seqno = seqno;
        this.expiresAt = expiresAt;
    }

    SourceKey source() {
        return new SourceKey(subnet, routerId);
    }

    /** Metric used for selection and re-advertisement: stored metric plus the next hop's link cost. */
    int total() {
        return Metric.add(metric, neighbour.linkCost());
    }

    /** A copy of the fields route selection compares (the "old selected route" of 5.4 step 7). */
    Copy copy() {
        return new Copy(neighbour, routerId, metric, total(), seqno, source());
    }

    record Copy(NeighbourState neighbour, RouterId routerId, int metric, int total, int seqno, SourceKey source) {
    }
}
