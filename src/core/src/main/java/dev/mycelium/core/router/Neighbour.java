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

    /** Sends one data packet, starting at the 36-byte data header. Takes ownership of {@code dataPacket}. */
    void sendData(ByteBuf dataPacket);

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
