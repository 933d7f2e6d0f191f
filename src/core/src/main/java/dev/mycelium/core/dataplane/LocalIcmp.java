package dev.mycelium.core.dataplane;

import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Local ICMPv6 errors (6.3): built on the calling thread, queued for the TUN writer. Thread-safe. */
final class LocalIcmp {

    /** Hop limit of errors sent from the node's own address, as Mycelium builds them. */
    static final int OWN_HOP_LIMIT = 64;

    private final ByteBufAllocator alloc;
    private final TunWriter writer;
    private final DataPlaneStats stats;

    LocalIcmp(ByteBufAllocator alloc, TunWriter writer, DataPlaneStats stats) {
        this.alloc = alloc;
        this.writer = writer;
        this.stats = stats;
    }

    /**
     * Queues an ICMPv6 error quoting the IPv6 packet of {@code length} bytes at {@code index} of {@code offending}
     * (indices not moved; the caller keeps ownership).
     */
    void send(byte[] source, byte[] destination, int hopLimit, int type, int code, int parameter, ByteBuf offending,
            int index, int length) {
        ByteBuf packet = Icmpv6Errors.build(alloc, source, destination, hopLimit, type, code, parameter, offending,
                index, length);
        stats.increment(Counter.LOCAL_ICMP_SENT);
        writer.offerReady(packet);
    }
}
