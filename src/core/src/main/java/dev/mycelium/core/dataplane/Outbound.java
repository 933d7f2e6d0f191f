package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.PacketCipher;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.Neighbour;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.wire.DataHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Sealing a local plaintext (inner header + payload, 6.2) into a data packet and handing it to the router (6.3 step
 * 5): one pooled direct buffer per packet, with {@link Neighbour#HEADROOM} for the peer's outer header, the 36-byte
 * header written first, the body sealed straight after it, so the plaintext is read once and nothing is copied twice. Thread-safe; the caller brings its own {@link ThreadCrypto}.
 */
final class Outbound {

    private final Router router;
    private final ByteBufAllocator alloc;
    private final DataPlaneStats stats;

    Outbound(Router router, ByteBufAllocator alloc, DataPlaneStats stats) {
        this.router = router;
        this.alloc = alloc;
        this.stats = stats;
    }

    /**
     * Seals the readable bytes of {@code plaintext} (consumed; the caller keeps ownership) for {@code secret} and
     * routes the resulting data packet {@code source -> destination} with {@code hopLimit}, counting it as
     * {@code sent} before the hand-over (so whoever sees the packet arrive sees the count).
     */
    void sealAndRoute(ThreadCrypto crypto, SharedSecret secret, ByteBuf plaintext, byte[] source, byte[] destination,
            int hopLimit, Counter sent) {
        sealAndRoute(crypto, secret, plaintext, source, destination, hopLimit, sent, 0);
    }

    /**
     * As above, from a thread that may block: waits up to {@code maxWaitNanos} for room at the next hop
     * ({@link Router#sendLocal}).
     */
    void sealAndRoute(ThreadCrypto crypto, SharedSecret secret, ByteBuf plaintext, byte[] source, byte[] destination,
            int hopLimit, Counter sent, long maxWaitNanos) {
        int sealed = PacketCipher.sealedLength(plaintext.readableBytes());
        ByteBuf packet = alloc.directBuffer(Neighbour.HEADROOM + DataHeader.SIZE + sealed);
        packet.setIndex(Neighbour.HEADROOM, Neighbour.HEADROOM); // the peer writes its outer header there
        try {
            DataHeader.writeWithoutPacketHeader(packet, source, destination, hopLimit, sealed);
            crypto.seal(secret, plaintext, packet);
        } catch (RuntimeException e) {
            packet.release();
            throw e;
        }
        stats.increment(sent);
        if (maxWaitNanos > 0) {
            router.sendLocal(packet, maxWaitNanos);
        } else {
            router.routeLocal(packet);
        }
    }
}
