package dev.mycelium.spi.transport;

import io.netty.buffer.ByteBuf;

/** Receives what a {@link PeerLink} reads. Called on the link's I/O thread, one call at a time. */
public interface LinkHandler {

    /** Bytes read from the stream, in order; the handler takes ownership of {@code bytes}. */
    void onBytes(ByteBuf bytes);

    /** One whole packet that arrived outside the stream (QUIC datagram); the handler takes ownership. */
    default void onDatagram(ByteBuf packet) {
        packet.release();
    }

    /** The link closed; {@code cause} is null for an orderly end of stream. Called once. */
    void onClosed(Throwable cause);
}
