package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;

/**
 * Thread-safe longest-prefix lookup for the data plane's hot path: which subnet an address belongs to, the public key
 * to encrypt for (6.1) and whether a route is selected. Written by the router's owner thread after each task that
 * changed a subnet; read lock-free and without allocation from any thread. To ask for a route, call
 * {@link Router#requestRoute} or queue the packet with {@link Router#awaitRouteForLocal}.
 *
 * <p>Subnets are filed by the /64 their address lies in ({@link LongTable}), as Mycelium routes /64s.
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

    /**
     * What is known about one subnet, as of the owner task that last changed it. Immutable.
     *
     * <p>Besides what the data plane reads, it carries the router's forwarding decision ({@link #nextHop}, the
     * selected route's expiry), so that {@link Router} can forward a packet on the calling thread (see
     * {@link Forwarder#tryDirect}).
     */
    public static final class Destination {
        private final Subnet subnet;
        private final Status status;
        private final byte[] publicKey;
        private final long netHi;
        private final long netLo;
        private final long maskHi;
        private final long maskLo;
        /** Next hop of the selected finite route while its neighbour is alive; else null. */
        final Neighbour nextHop;
        /** Expiry of the selected route on the router's clock (meaningful when {@link #nextHop} is set). */
        final long expiresAt;

        Destination(Subnet subnet, Status status, byte[] publicKey, Neighbour nextHop, long expiresAt) {
            this.subnet = subnet;
            this.status = status;
            this.publicKey = publicKey;
            this.nextHop = nextHop;
            this.expiresAt = expiresAt;
            byte[] a = subnet.address();
            int plen = subnet.prefixLength();
            this.maskHi = mask(plen);
            this.maskLo = mask(plen - 64);
            this.netHi = OverlayAddresses.prefix64(a) & maskHi;
            this.netLo = suffix64(a) & maskLo;
        }

        public Subnet subnet() {
            return subnet;
        }

        public Status status() {
            return status;
        }

        /** 32-byte X25519 key; null when {@link Status#QUERIED}. The same array for as long as the entry lives. */
        public byte[] publicKey() {
            return publicKey;
        }

        boolean contains(long hi, long lo) {
            return (hi & maskHi) == netHi && (lo & maskLo) == netLo;
        }

        private static long mask(int bits) {
            return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
        }

        @Override
        public String toString() {
            return subnet + " " + status;
        }
    }

    private final LongTable<Destination[]> buckets = new LongTable<>();

    /** The most specific known subnet containing {@code address16}, or null when nothing is known about it. */
    public Destination lookup(byte[] address16) {
        if (address16.length != 16) {
            return null;
        }
        return lookup(OverlayAddresses.prefix64(address16), suffix64(address16));
    }

    /** As {@link #lookup(byte[])}, for the address whose first and last 64 bits are {@code hi} and {@code lo}. */
    Destination lookup(long hi, long lo) {
        Destination[] b = buckets.get(hi);
        if (b == null) {
            return null;
        }
        Destination best = null;
        for (Destination d : b) {
            if (d.contains(hi, lo) && (best == null || d.subnet.prefixLength() > best.subnet.prefixLength())) {
                best = d;
            }
        }
        return best;
    }

    /** Owner thread: publish the state of one subnet (null entry: forget it). */
    void publish(Subnet subnet, SubnetEntry entry, long now) {
        if (!subnet.isIpv6()) {
            return; // nothing routes IPv4 subnets; lookups are by IPv6 address
        }
        Destination d = null;
        if (entry != null) {
            if (entry.isQueried()) {
                d = new Destination(subnet, Status.QUERIED, null, null, 0);
            } else if (!entry.routes.isEmpty()) {
                RouteEntry sel = entry.selected();
                boolean finite = sel != null && !Metric.isInfinite(sel.metric);
                Neighbour hop = finite && sel.neighbour.alive ? sel.neighbour.neighbour : null;
                d = new Destination(subnet, finite ? Status.SELECTED : Status.FALLBACK, entry.publicKey, hop,
                        finite ? sel.expiresAt : now);
            }
        }
        long key = OverlayAddresses.prefix64(subnet.address());
        buckets.put(key, replace(buckets.get(key), subnet, d));
    }

    private static Destination[] replace(Destination[] old, Subnet subnet, Destination d) {
        int n = old == null ? 0 : old.length;
        Destination[] out = new Destination[n + 1];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!old[i].subnet.equals(subnet)) {
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

    static long suffix64(byte[] address16) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (address16[i] & 0xFF);
        }
        return v;
    }
}
