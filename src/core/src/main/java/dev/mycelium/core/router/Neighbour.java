package dev.mycelium.core.router;

import dev.mycelium.core.wire.babel.ControlTlv;
import io.netty.buffer.ByteBuf;

/**
 * One Babel neighbour: a peer link as the router sees it. Implemented by {@code core.peer.Peer} and by test links.
 *
 * <p>The router calls these methods on its owner thread, except {@link #sendData}, which may also be called
 * concurrently from any thread that hands data packets to the router (direct forwarding, see
 * {@code Router.handleData}). None may block (enqueue towards the link's own event loop) and they should not throw. Neighbours are compared by identity: do not override {@code equals}.
 */
public interface Neighbour {

    /** Sends one control TLV (the peer encodes it as one control packet). */
    void sendControl(ControlTlv tlv);

    /**
     * Sends one data packet, starting at the 36-byte data header (its reader index). Takes ownership of
     * {@code dataPacket}, including any bytes before its reader index: a neighbour may write its framing there
     * (see {@link #HEADROOM}) instead of allocating a header.
     */
    void sendData(ByteBuf dataPacket);

    /** Bytes of headroom in front of a data packet that spare a neighbour a separate header (the 4-byte outer header). */
    int HEADROOM = 4;

    /**
     * Waits up to {@code maxWaitNanos} until the link can take data packets without dropping them; true when it can.
     * Only for threads that may block (the TUN reader), never the router's owner or an event loop. A link that stayed
     * full for a whole wait is not waited for again until it drained, so one stuck neighbour cannot stall the caller
     * packet after packet. The default has no such limit and never waits.
     */
    default boolean awaitRoom(long maxWaitNanos) {
        return true;
    }

    /** Static part of the link cost (protocol.md 5.1: TCP 15/10, QUIC 12/7, vsock 5). */
    int staticLinkCost();

    /** Connection identifier as the admin API prints it, e.g. {@code "TCP [a]:p <-> [b]:q"}. */
    String connectionId();

    /** The router declares this neighbour dead (no IHU in time): close the link. */
    void close();

    /** Releases a buffer the neighbour could not take; a helper for implementations. */
    static void release(ByteBuf buf) {
        if (buf != null && buf.refCnt() > 0) {
            buf.release();
        }
    }
}
