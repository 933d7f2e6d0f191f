package dev.mycelium.core.router;

import io.netty.buffer.ByteBuf;

/**
 * Reads and patches the 36-byte data header at a buffer's reader index (protocol.md 3.2): byte 0 reserved, bytes 1..2
 * body length, byte 3 hop limit, 4..19 source, 20..35 destination. Duplicates the few readers of
 * {@code core.wire.DataHeader} (codec helper, in parallel); dedup once both are on main.
 */
final class DataPacketView {

    static final int HEADER_SIZE = 36;

    private DataPacketView() {
    }

    static boolean isWellFormed(ByteBuf buf) {
        return buf.readableBytes() >= HEADER_SIZE;
    }

    static int hopLimit(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + 3);
    }

    static void setHopLimit(ByteBuf buf, int hop) {
        buf.setByte(buf.readerIndex() + 3, hop);
    }

    static byte[] source(ByteBuf buf) {
        byte[] a = new byte[16];
        buf.getBytes(buf.readerIndex() + 4, a);
        return a;
    }

    static byte[] destination(ByteBuf buf) {
        byte[] a = new byte[16];
        buf.getBytes(buf.readerIndex() + 20, a);
        return a;
    }

    /** Bytes after the header: what Mycelium counts as the packet size in its statistics. */
    static int bodyBytes(ByteBuf buf) {
        return buf.readableBytes() - HEADER_SIZE;
    }
}
