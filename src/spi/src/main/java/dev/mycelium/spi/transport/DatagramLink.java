package dev.mycelium.spi.transport;

import io.netty.buffer.ByteBuf;

/** Optional capability of a {@link PeerLink}: an unreliable channel for whole packets (QUIC DATAGRAM frames). */
public interface DatagramLink {

    /** Largest packet the peer accepts as one datagram right now. */
    int maxDatagramSize();

    /** Sends one whole packet; takes ownership. Returns false when it did not fit or the link is closed. */
    boolean sendDatagram(ByteBuf packet);
}
