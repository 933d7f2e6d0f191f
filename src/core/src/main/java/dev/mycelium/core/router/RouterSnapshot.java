package dev.mycelium.core.router;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An immutable view of the router, published by its owner thread (coalesced, see
 * {@link RouterLimits#SNAPSHOT_PUBLISH_DELAY_MS}). Times are on the router's clock ({@link Router#nowMillis()}).
 *
 * @param takenAtMillis   when the owner built it
 * @param routerSeqno     current router seqno of our own announcements
 * @param routeLists      the admin API's route lists ({@link #selectedRoutes()}, {@link #fallbackRoutes()},
 *                        {@link #queriedSubnets()}): built from the routes the owner published when first read, then
 *                        fixed for this snapshot; so they may be newer than {@code takenAtMillis}
 * @param neighbours      current neighbours with their link cost
 * @param packetStatistics counts and bytes of data packets handled, per source and per destination address
 * @param counters        named drop/event counters
 */
public record RouterSnapshot(long takenAtMillis, RouterId routerId, Subnet ownSubnet, int routerSeqno,
        RouteLists routeLists, List<NeighbourInfo> neighbours, PacketStatistics packetStatistics,
        Map<String, Long> counters) {

    /** One per subnet with a selected route (admin API "routes/selected"). */
    public List<Route> selectedRoutes() {
        return routeLists.get().selected();
    }

    /** Every route that is not selected (admin API "routes/fallback"). */
    public List<Route> fallbackRoutes() {
        return routeLists.get().fallback();
    }

    /** Subnets with a route query in flight (admin API "routes/queried"). */
    public List<QueriedSubnet> queriedSubnets() {
        return routeLists.get().queried();
    }

    /**
     * The three route lists, built on first use (O(table), on the reader's thread) from what the router's owner
     * published, and the same for every later call on this object.
     */
    public static final class RouteLists {
        private final Supplier<Lists> source;
        private volatile Lists lists;

        RouteLists(Supplier<Lists> source) {
            this.source = source;
        }

        Lists get() {
            Lists l = lists;
            if (l == null) {
                synchronized (this) {
                    l = lists;
                    if (l == null) {
                        l = source.get();
                        lists = l;
                    }
                }
            }
            return l;
        }
    }

    record Lists(List<Route> selected, List<Route> fallback, List<QueriedSubnet> queried) {
    }

    /**
     * A route as the admin API prints it (8.1 {@code Route}): the metric is the stored (advertised) metric without
     * the link cost; {@link Metric#INFINITE} prints as {@code "infinite"}.
     *
     * @param nextHop connection id of the neighbour
     * @param routerId the source router id (for the data plane: bytes 0..31 are the destination's public key)
     */
    public record Route(Subnet subnet, String nextHop, int metric, int seqno, RouterId routerId) {

        public boolean isInfinite() {
            return Metric.isInfinite(metric);
        }
    }

    /** A subnet being queried and when the query lapses; {@code secondsLeft} as of when the lists were built. */
    public record QueriedSubnet(Subnet subnet, long expiresAtMillis, long secondsLeft) {
    }

    /**
     * @param linkCost    smoothed RTT + static cost (5.1)
     * @param smoothedRtt the smoothed part alone
     * @param kind        what its Hellos told us it is
     * @param msSinceIhu  time since the last IHU
     */
    public record NeighbourInfo(String connectionId, int linkCost, int smoothedRtt, PeerKind kind, long msSinceIhu) {
    }

    public record PacketStatistics(List<PacketStat> bySource, List<PacketStat> byDestination) {
    }

    /** @param ip RFC 5952 text form of the address */
    public record PacketStat(String ip, long packetCount, long byteCount) {
    }

    /** Convenience: the selected route for exactly {@code subnet}, or null. */
    public Route selectedRoute(Subnet subnet) {
        for (Route r : selectedRoutes()) {
            if (r.subnet().equals(subnet)) {
                return r;
            }
        }
        return null;
    }
}
