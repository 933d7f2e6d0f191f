package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Subnet entries with exact and longest-prefix lookup. Every subnet the router keeps is IPv6, inside 400::/7 and
 * at least a /64 (the Update filters and route-request checks guarantee it), so entries are bucketed by their first
 * 64 bits and a lookup is one hash probe plus a scan of the (almost always single) entries of that /64.
 */
final class RoutingTable {

    private final Map<Long, List<SubnetEntry>> buckets = new HashMap<>();
    private int withRoutes;
    private int queried;

    SubnetEntry exact(Subnet subnet) {
        List<SubnetEntry> b = buckets.get(OverlayAddresses.prefix64(subnet.address()));
        if (b == null) {
            return null;
        }
        for (SubnetEntry e : b) {
            if (e.subnet.equals(subnet)) {
                return e;
            }
        }
        return null;
    }

    /** The most specific entry (routes or queried marker) containing {@code address16}. */
    SubnetEntry longest(byte[] address16) {
        List<SubnetEntry> b = buckets.get(OverlayAddresses.prefix64(address16));
        if (b == null) {
            return null;
        }
        SubnetEntry best = null;
        for (SubnetEntry e : b) {
            if (e.subnet.contains(address16)
                    && (best == null || e.subnet.prefixLength() > best.subnet.prefixLength())) {
                best = e;
            }
        }
        return best;
    }

    /** Inserts or replaces the entry for {@code entry.subnet}. */
    void put(SubnetEntry entry) {
        List<SubnetEntry> b = buckets.computeIfAbsent(OverlayAddresses.prefix64(entry.subnet.address()),
                k -> new ArrayList<>(1));
        for (int i = 0; i < b.size(); i++) {
            if (b.get(i).subnet.equals(entry.subnet)) {
                count(b.get(i), -1);
                b.set(i, entry);
                count(entry, +1);
                return;
            }
        }
        b.add(entry);
        count(entry, +1);
    }

    void remove(SubnetEntry entry) {
        long key = OverlayAddresses.prefix64(entry.subnet.address());
        List<SubnetEntry> b = buckets.get(key);
        if (b != null && b.remove(entry)) {
            count(entry, -1);
            if (b.isEmpty()) {
                buckets.remove(key);
            }
        }
    }

    /** A copy of all entries, safe to iterate while the table changes. */
    List<SubnetEntry> entries() {
        List<SubnetEntry> all = new ArrayList<>(withRoutes + queried);
        for (List<SubnetEntry> b : buckets.values()) {
            all.addAll(b);
        }
        return all;
    }

    int subnetsWithRoutes() {
        return withRoutes;
    }

    int queriedSubnets() {
        return queried;
    }

    private void count(SubnetEntry e, int delta) {
        if (e.isQueried()) {
            queried += delta;
        } else {
            withRoutes += delta;
        }
    }
}
