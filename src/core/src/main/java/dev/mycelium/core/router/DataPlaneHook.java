package dev.mycelium.core.router;

import io.netty.buffer.ByteBuf;

/**
 * What the router hands to the data plane (protocol.md 5.10, 6.3-6.6). Called on the router's owner thread, except
 * {@link #deliverLocal}, which may also be called concurrently from any thread that hands data packets to the router
 * (direct forwarding, see {@code Router.handleData}). Do not block. Every method takes ownership of the buffer it receives.
 *
 * <p>"Data packets" start at the 36-byte data header (the layout of {@code PacketSink.onData}). "Plaintext packets"
 * are whatever the data plane queued with {@link Router#awaitRouteForLocal}; the router never looks inside them.
 */
public interface DataPlaneHook {

    /** Why the router wants an out-of-band ICMP sent back to a data packet's source (6.6). */
    enum OobIcmp {
        /** Hop limit below 2 (ICMPv6 Time Exceeded, code 0). */
        TIME_EXCEEDED,
        /** Subnet known but no selected route, or queue full (ICMPv6 Destination Unreachable, code 0). */
        NO_ROUTE
    }

    /** A data packet for our /64, hop limit already decremented: decrypt and deliver (6.5). */
    void deliverLocal(ByteBuf dataPacket);

    /**
     * A data packet the router could not forward: build the encrypted OOB ICMP for its source and give it to
     * {@link Router#routeLocal} (or drop it when the source's key is unknown).
     */
    void oobIcmp(OobIcmp kind, ByteBuf dataPacket);

    /** A queued local packet whose destination now has a selected route: encrypt and {@link Router#routeLocal}. */
    void releaseLocal(ByteBuf plaintextPacket);

    /** A queued inbound data packet whose sender is now known: decrypt and deliver. */
    void releaseInbound(ByteBuf dataPacket);

    /** A queued local packet that will get no route (queue full, timeout, route lost): local ICMP no route (6.3). */
    void localUnroutable(ByteBuf plaintextPacket);

    /** A hook that drops (releases) everything: for nodes and tests without a data plane. */
    DataPlaneHook DISCARD = new Discard();

    /** Releases every buffer it is given; extend it and override what you want to watch. */
    class Discard implements DataPlaneHook {
        @Override
        public void deliverLocal(ByteBuf dataPacket) {
            dataPacket.release();
        }

        @Override
        public void oobIcmp(OobIcmp kind, ByteBuf dataPacket) {
            dataPacket.release();
        }

        @Override
        public void releaseLocal(ByteBuf plaintextPacket) {
            plaintextPacket.release();
        }

        @Override
        public void releaseInbound(ByteBuf dataPacket) {
            dataPacket.release();
        }

        @Override
        public void localUnroutable(ByteBuf plaintextPacket) {
            plaintextPacket.release();
        }
    }
}
