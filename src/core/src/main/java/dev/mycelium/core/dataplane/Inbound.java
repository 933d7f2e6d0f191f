package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.CryptoConstants;
import dev.mycelium.core.crypto.PacketCipher.OpenResult;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.wire.DataHeader;
import dev.mycelium.core.wire.InnerHeader;
import dev.mycelium.core.wire.OobIcmp;
import dev.mycelium.core.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jboss.logging.Logger;

/**
 * Receiving, on the TUN writer thread (protocol.md 6.5, 6.6):
 * <ol>
 * <li>find the key of the packet's <em>source</em> (longest-prefix match); unknown: hand the packet to the router to
 * wait for the sender's route (at most {@link #MAX_SENDER_WAITS} times);</li>
 * <li>open the body into a scratch buffer; a body that does not authenticate is counted and dropped;</li>
 * <li>check the inner header (version 1) and dispatch on its type: L3 (hop limit of the inner header := outer hop
 * limit, then to the TUN), message (no subsystem yet: counted), out-of-band ICMP (recover the original packet and
 * write a local ICMPv6 error).</li>
 * </ol>
 * Not thread-safe: owned by the writer thread. Bad input is counted, never thrown.
 */
final class Inbound {

    private static final Logger LOG = Logger.getLogger(Inbound.class);

    /** Largest plaintext of a data body (u16 length, minus tag and nonce). */
    private static final int MAX_PLAINTEXT = DataHeader.MAX_BODY - CryptoConstants.SEAL_OVERHEAD;

    private final Router router;
    private final DataPlaneStats stats;
    private final ThreadCrypto crypto;
    private final TunOutput output;
    private final ByteBufAllocator alloc;
    /** Decrypted body: inner header + payload. */
    private final ByteBuf plain;
    /** Decrypted body embedded in an out-of-band ICMP. */
    private final ByteBuf embedded;
    private boolean closed;

    Inbound(Router router, DataPlaneStats stats, ThreadCrypto crypto, TunOutput output, ByteBufAllocator alloc) {
        this.router = router;
        this.stats = stats;
        this.crypto = crypto;
        this.output = output;
        this.alloc = alloc;
        this.plain = alloc.directBuffer(MAX_PLAINTEXT, MAX_PLAINTEXT);
        this.embedded = alloc.directBuffer(OobIcmp.MAX_LENGTH, OobIcmp.MAX_LENGTH);
    }

    /**
     * How often one packet may be handed to the router to wait for its sender's key: once on arrival, and once more
     * when the router released it in the very task that learnt the sender, before publishing the route to
     * {@code Router.routes()} (the lookup still misses then).
     */
    static final int MAX_SENDER_WAITS = 2;

    /** Resets the wait count of a packet the router just delivered (kept in the reserved byte 0 of its header). */
    static void markArrived(ByteBuf dataPacket) {
        // Byte 0 of the data header is reserved and ignored by every reader (3.2): ours to use once we own it.
        dataPacket.setByte(dataPacket.readerIndex(), 0);
    }

    /** Decrypts and delivers one data packet for our /64. Takes ownership. */
    void handle(ByteBuf dataPacket) {
        boolean handedOver = false;
        try {
            handedOver = process(dataPacket);
        } catch (RuntimeException e) {
            stats.increment(Counter.DROP_MALFORMED);
            LOG.debugf(e, "dropping a received data packet that could not be handled");
        } finally {
            if (!handedOver) {
                dataPacket.release();
            }
        }
    }

    /** @return true when the packet went to the router (which then owns it) */
    private boolean process(ByteBuf packet) {
        int at = packet.readerIndex();
        if (packet.readableBytes() < DataHeader.SIZE || packet.readableBytes() < DataHeader.packetLength(packet)) {
            stats.increment(Counter.DROP_MALFORMED);
            return false;
        }
        byte[] source = crypto.source;
        DataHeader.copySource(packet, source);
        RouteLookup.Destination sender = router.routes().lookup(source);
        if (sender == null || sender.publicKey() == null) {
            int waits = packet.getByte(at);
            if (waits < MAX_SENDER_WAITS) {
                packet.setByte(at, waits + 1);
                stats.increment(Counter.INBOUND_AWAITING_SENDER);
                router.awaitRouteForInbound(source, packet); // copies the address
                return true;
            }
            stats.increment(Counter.DROP_UNKNOWN_SENDER);
            return false;
        }
        SharedSecret secret = crypto.secretFor(sender.publicKey());
        if (secret == null) {
            stats.increment(Counter.DROP_REJECTED_KEY);
            return false;
        }
        int hopLimit = DataHeader.hopLimit(packet);
        DataHeader.copyDestination(packet, crypto.destination);
        packet.setIndex(at + DataHeader.SIZE, at + DataHeader.packetLength(packet));
        plain.clear();
        if (!open(secret, packet, plain)) {
            return false;
        }
        if (plain.getUnsignedByte(0) != InnerHeader.VERSION) {
            stats.increment(Counter.DROP_BAD_INNER_HEADER);
            return false;
        }
        switch (plain.getUnsignedByte(1)) {
            case InnerHeader.TYPE_L3 -> deliverL3(hopLimit);
            case InnerHeader.TYPE_MESSAGE -> stats.increment(Counter.DROP_MESSAGE_UNSUPPORTED);
            case InnerHeader.TYPE_OOB_ICMP -> deliverOobIcmp(source, crypto.destination, hopLimit);
            default -> stats.increment(Counter.DROP_BAD_INNER_HEADER);
        }
        return false;
    }

    private boolean open(SharedSecret secret, ByteBuf sealed, ByteBuf out) {
        OpenResult result = crypto.open(secret, sealed, out);
        switch (result) {
            case OK:
                return true;
            case TOO_SHORT:
                stats.increment(Counter.DROP_SEALED_TOO_SHORT);
                return false;
            default:
                stats.increment(Counter.AUTH_FAILURES);
                return false;
        }
    }

    /** 6.5 step 4: at least an IPv6 header; the outer hop limit replaces the inner one. */
    private void deliverL3(int hopLimit) {
        int length = plain.readableBytes() - InnerHeader.SIZE;
        if (length < Ipv6.HEADER_SIZE) {
            stats.increment(Counter.DROP_INNER_TOO_SHORT);
            return;
        }
        Ipv6.setHopLimit(plain, InnerHeader.SIZE, hopLimit);
        // plain belongs to this thread alone, so its cached internal NIO view is safe to use and allocates nothing.
        if (output.write(plain.internalNioBuffer(InnerHeader.SIZE, length))) {
            stats.increment(Counter.PACKETS_DELIVERED);
            stats.add(Counter.BYTES_DELIVERED, length);
        }
    }

    /**
     * 6.6, at the original source: the payload names the original destination; its key opens the embedded body,
     * which is our own packet; the TUN gets a fresh ICMPv6 error from the relay (outer source) to us quoting it.
     */
    private void deliverOobIcmp(byte[] outerSource, byte[] outerDestination, int hopLimit) {
        plain.readerIndex(InnerHeader.SIZE);
        OobIcmp.Parsed icmp;
        try {
            icmp = OobIcmp.parse(plain);
        } catch (WireFormatException e) {
            stats.increment(Counter.OOB_ICMP_DROPPED);
            return;
        }
        RouteLookup.Destination original = router.routes().lookup(icmp.originalDestination());
        SharedSecret secret = original == null || original.publicKey() == null ? null
                : crypto.secretFor(original.publicKey());
        embedded.clear();
        // An empty embedded body (relay left it out, > 1232 bytes) fails here too, as in Mycelium.
        if (secret == null || crypto.open(secret, icmp.embeddedBody(), embedded) != OpenResult.OK) {
            stats.increment(Counter.OOB_ICMP_DROPPED);
            return;
        }
        ByteBuf error = Icmpv6Errors.build(alloc, outerSource, outerDestination, hopLimit, icmp.icmpType(),
                icmp.icmpCode(), 0, embedded, InnerHeader.SIZE, embedded.readableBytes() - InnerHeader.SIZE);
        try {
            if (output.write(error.nioBuffer())) {
                stats.increment(Counter.OOB_ICMP_DELIVERED);
            }
        } finally {
            error.release();
        }
    }

    /** Releases the scratch buffers (writer thread ending). */
    void close() {
        if (!closed) {
            closed = true;
            plain.release();
            embedded.release();
        }
    }
}
