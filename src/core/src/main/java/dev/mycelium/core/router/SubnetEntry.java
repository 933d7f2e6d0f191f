package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import java.util.ArrayList;
import java.util.List;

/**
 * A routing-table slot for one subnet: either a list of routes (the selected one, if any, at index 0, 5.5) with the
 * public key of the router id that created the entry (6.1), or a "queried" marker (5.6). Owner thread only.
 */
final class SubnetEntry {

    final Subnet subnet;
    /** Key for end-to-end encryption, from the first Update that created the entry (5.4 step 3); null when queried. */
    final byte[] publicKey;
    final List<RouteEntry> routes = new ArrayList<>(2);
    /** Expiry of the "queried" marker; only meaningful when {@link #isQueried()}. */
    final long queriedUntil;
    /** Metric of the last triggered update sent to every neighbour for this subnet (-1: none yet). */
    int announcedTotal = -1;

    private SubnetEntry(Subnet subnet, byte[] publicKey, long queriedUntil) {
        this.subnet = subnet;
        this.publicKey = publicKey;
        this.queriedUntil = queriedUntil;
    }

    static SubnetEntry withRoutes(Subnet subnet, byte[] publicKey) {
        return new SubnetEntry(subnet, publicKey, -1);
    }

    static SubnetEntry queried(Subnet subnet, long until) {
        return new SubnetEntry(subnet, null, until);
    }

    boolean isQueried() {
        return publicKey == null;
    }

    /** The selected route, by convention at index 0. */
    RouteEntry selected() {
        if (routes.isEmpty()) {
            return null;
        }
        RouteEntry first = routes.get(0);
        return first.selected ? first : null;
    }

    RouteEntry routeVia(NeighbourState n) {
        for (RouteEntry e : routes) {
            if (e.neighbour == n) {
                return e;
            }
        }
        return null;
    }

    /** Marks the route via {@code n} selected and moves it to index 0 (Mycelium's {@code set_selected}). */
    void select(NeighbourState n) {
        int pos = -1;
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).neighbour == n) {
                pos = i;
                break;
            }
        }
        if (pos < 0) {
            return;
        }
        routes.get(0).selected = false;
        routes.get(pos).selected = true;
        if (pos != 0) {
            RouteEntry first = routes.get(0);
            routes.set(0, routes.get(pos));
            routes.set(pos, first);
        }
    }

    /** Clears the selected flag of index 0 (Mycelium's {@code unselect}). */
    void unselect() {
        if (!routes.isEmpty()) {
            routes.get(0).selected = false;
        }
    }

    /** Removes the route via {@code n} by swapping the last one into its place (Mycelium's {@code swap_remove}). */
    RouteEntry remove(NeighbourState n) {
        for (int i = 0; i < routes.size(); i++) {
            RouteEntry e = routes.get(i);
            if (e.neighbour == n) {
                RouteEntry last = routes.remove(routes.size() - 1);
                if (i < routes.size()) {
                    routes.set(i, last);
                }
                e.removed = true;
                return e;
            }
        }
        return null;
    }
}
