package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe longest-prefix lookup for the data plane's hot path: which subnet an address belongs to, the public key
 * to encrypt for (6.1) and whether a route is selected. Written by the router's owner thread after each task that
 * changed a subnet; read lock-free from any thread. To ask for a route, call {@link Router#requestRoute} or queue the
 * packet with {@link Router#awaitRouteForLocal}.
 */
public final class RouteLookup {

    /** What the data plane may do for an address. */
    public enum Status {
        /** A route is selected: encrypt with {@code publicKey} and hand to {@link Router#routeLocal}. */
        SELECTED,
        /** Only fallback routes: the key is known (good for decrypting) but sending should wait. */
        FALLBACK,
        /** A route query is in flight. */
        QUERIED
    }

    /** @param publicKey 32-byte X25519 key; null when {@link Status#QUERIED} */
    public record Destination(Subnet subnet, Status status, byte[] publicKey) {
    }

    private final ConcurrentHashMap<Long, Destination[]> buckets = new ConcurrentHashMap<>();

    /** The most specific known subnet containing {@code address16}, or null when nothing is known about it. */
    public Destination lookup(byte[] address16) {
        if (address16.length != 16) {
            return null;
        }
        Destination[] b = buckets.get(OverlayAddresses.prefix64(address16));
        if (b == null) {
            return null;
        }
        Destination best = null;
        for (Destination d : b) {
            if (d.subnet().contains(address16)
                    && (best == null || d.subnet().prefixLength() > best.subnet().prefixLength())) {
                best = d;
            }
        }
        return best;
    }

    /** Owner thread: publish the state of one subnet (null entry: forget it). */
    void publish(Subnet subnet, SubnetEntry entry) {
        Destination d = null;
        if (entry != null) {
            if (entry.isQueried()) {
                d = new Destination(subnet, Status.QUERIED, null);
            } else if (!entry.routes.isEmpty()) {
                RouteEntry sel = entry.selected();
                d = new Destination(subnet, sel != null && !Metric.isInfinite(sel.metric) ? Status.SELECTED
                        : Status.FALLBACK, entry.publicKey);
            }
        }
        Destination put = d;
        buckets.compute(OverlayAddresses.prefix64(subnet.address()), (k, old) -> replace(old, subnet, put));
    }

    private static Destination[] replace(Destination[] old, Subnet subnet, Destination d) {
        int n = old == null ? 0 : old.length;
        Destination[] out = new Destination[n + 1];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!old[i].subnet().equals(subnet)) {
                out[j++] = old[i];
            }
        }
        if (d != null) {
            out[j++] = d;
        }
        if (j == 0) {
            return null;
        }
        return j == out.length ? out : java.util.Arrays.copyOf(out, j);
    }
}
