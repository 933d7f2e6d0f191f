package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.wire.DataHeader;
import dev.mycelium.core.wire.InnerHeader;
import dev.mycelium.core.wire.OobIcmp;
import dev.mycelium.core.wire.Subnet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Out-of-band ICMP from a router that could not forward an encrypted packet (protocol.md 6.6): the ICMPv6 error quotes
 * the packet's ciphertext (left out above 1232 bytes), goes inside a type-2 body sealed with the key of the packet's
 * source, and travels from our /64's network address to that source with hop limit 64.
 */
final class OobIcmpSender {

    private final Router router;
    private final Outbound outbound;
    private final ByteBufAllocator alloc;
    private final DataPlaneStats stats;
    private final Subnet ownSubnet;
    private final byte[] ownNetwork;

    OobIcmpSender(Router router, Outbound outbound, ByteBufAllocator alloc, DataPlaneStats stats, Subnet ownSubnet,
            byte[] ownNetwork) {
        this.router = router;
        this.outbound = outbound;
        this.alloc = alloc;
        this.stats = stats;
        this.ownSubnet = ownSubnet;
        this.ownNetwork = ownNetwork;
    }

    /** Sends the OOB ICMP about {@code failed} (a data packet from its header; the caller keeps ownership). */
    void send(ThreadCrypto crypto, DataPlaneHook.OobIcmp kind, ByteBuf failed) {
        if (failed.readableBytes() < DataHeader.packetLength(failed)) {
            stats.increment(Counter.DROP_MALFORMED);
            return;
        }
        byte[] source = crypto.source;
        byte[] destination = crypto.destination;
        DataHeader.copySource(failed, source);
        DataHeader.copyDestination(failed, destination);
        RouteLookup.Destination back = router.routes().lookup(source);
        // Our own packet has no key to answer with (it never reaches here with a low hop limit: 6.3 answers first).
        SharedSecret secret = ownSubnet.contains(source) || back == null || back.publicKey() == null ? null
                : crypto.secretFor(back.publicKey());
        if (secret == null) {
            stats.increment(Counter.OOB_ICMP_NOT_SENT);
            return;
        }
        ByteBuf failedBody = DataHeader.body(failed);
        ByteBuf plain = alloc.directBuffer(InnerHeader.SIZE + OobIcmp.length(failedBody.readableBytes()));
        try {
            InnerHeader.write(plain, InnerHeader.TYPE_OOB_ICMP);
            if (kind == DataPlaneHook.OobIcmp.TIME_EXCEEDED) {
                OobIcmp.write(plain, destination, ownNetwork, source, OobIcmp.ICMPV6_TIME_EXCEEDED,
                        OobIcmp.CODE_HOP_LIMIT_EXCEEDED, failedBody);
            } else {
                OobIcmp.write(plain, destination, ownNetwork, source, OobIcmp.ICMPV6_DESTINATION_UNREACHABLE,
                        OobIcmp.CODE_NO_ROUTE, failedBody);
            }
            outbound.sealAndRoute(crypto, secret, plain, ownNetwork, source, OobIcmp.HOP_LIMIT, Counter.OOB_ICMP_SENT);
        } finally {
            plain.release();
        }
    }
}
