package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Route requests recently sent per subnet (protocol.md 5.6): generation and receivers, valid
 * {@link ProtocolConstants#ROUTE_QUERY_TIMEOUT_MS}, swept every {@link ProtocolConstants#RR_CACHE_SWEEP_INTERVAL_MS}.
 */
final class RouteRequestCache {

    record Info(int generation, List<NeighbourState> receivers, long sent) {
    }

    private final Map<Subnet, Info> cache = new HashMap<>();
    private final RouterCounters counters;

    RouteRequestCache(RouterCounters counters) {
        this.counters = counters;
    }

    /** The cached request for {@code subnet} if sent within the query timeout. */
    Info info(Subnet subnet, long now) {
        Info i = cache.get(subnet);
        return i != null && now - i.sent <= ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS ? i : null;
    }

    void sent(Subnet subnet, int generation, List<NeighbourState> receivers, long now) {
        if (!cache.containsKey(subnet) && cache.size() >= RouterLimits.MAX_RR_CACHE_ENTRIES) {
            counters.rrCacheFull++;
            return;
        }
        cache.put(subnet, new Info(generation, List.copyOf(receivers), now));
    }

    void sweep(long now) {
        cache.values().removeIf(i -> now - i.sent >= ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS);
    }

    int size() {
        return cache.size();
    }
}
