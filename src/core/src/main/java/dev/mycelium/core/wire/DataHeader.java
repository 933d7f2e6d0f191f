package dev.mycelium.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * The 36-byte data packet header (protocol.md 3.2): one u32 word {@code (bodyLength << 8) | hopLimit} (readers ignore
 * the top byte), source overlay address (16), destination overlay address (16), then the opaque body.
 *
 * <p>The readers work on a buffer whose reader index is at the start of this header (the outer 4-byte packet header
 * already stripped, as {@link PacketFramer.PacketSink#onData} delivers it); they never move the indices.
 */
public final class DataHeader {

    public static final int SIZE = 36;
    /** The body length is a u16 (protocol.md 3.2). */
    public static final int MAX_BODY = 0xFFFF;

    private static final int SOURCE_OFFSET = 4;
    private static final int DESTINATION_OFFSET = 20;

    private DataHeader() {
    }

    /** Writes the outer packet header (type data) and this header; the caller appends {@code bodyLength} bytes. */
    public static void write(ByteBuf out, byte[] src16, byte[] dst16, int hopLimit, int bodyLength) {
        PacketHeader.write(out, PacketHeader.TYPE_DATA);
        writeWithoutPacketHeader(out, src16, dst16, hopLimit, bodyLength);
    }

    /** Writes only the 36-byte header (the layout {@link PacketFramer.PacketSink#onData} hands out). */
    public static void writeWithoutPacketHeader(ByteBuf out, byte[] src16, byte[] dst16, int hopLimit,
            int bodyLength) {
        requireAddress(src16, "source");
        requireAddress(dst16, "destination");
        if (hopLimit < 0 || hopLimit > 0xFF) {
            throw new IllegalArgumentException("hop limit must be 0..255, got " + hopLimit);
        }
        if (bodyLength < 0 || bodyLength > MAX_BODY) {
            throw new IllegalArgumentException("body length must be 0..65535, got " + bodyLength);
        }
        out.writeInt(bodyLength << 8 | hopLimit);
        out.writeBytes(src16);
        out.writeBytes(dst16);
    }

    public static int hopLimit(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + 3);
    }

    public static void setHopLimit(ByteBuf buf, int hopLimit) {
        if (hopLimit < 0 || hopLimit > 0xFF) {
            throw new IllegalArgumentException("hop limit must be 0..255, got " + hopLimit);
        }
        buf.setByte(buf.readerIndex() + 3, hopLimit);
    }

    /** The body length field: bits 8..23 of the first word; the top byte is ignored. */
    public static int bodyLength(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + 1);
    }

    public static void copySource(ByteBuf buf, byte[] dst16) {
        requireAddress(dst16, "target");
        buf.getBytes(buf.readerIndex() + SOURCE_OFFSET, dst16);
    }

    public static void copyDestination(ByteBuf buf, byte[] dst16) {
        requireAddress(dst16, "target");
        buf.getBytes(buf.readerIndex() + DESTINATION_OFFSET, dst16);
    }

    /** The body as a slice sharing the buffer's memory and reference count (not retained). */
    public static ByteBuf body(ByteBuf buf) {
        return buf.slice(buf.readerIndex() + SIZE, bodyLength(buf));
    }

    /** Header plus body: the number of bytes this data packet occupies after the outer header. */
    public static int packetLength(ByteBuf buf) {
        return SIZE + bodyLength(buf);
    }

    private static void requireAddress(byte[] a, String what) {
        if (a == null || a.length != 16) {
            throw new IllegalArgumentException(what + " address must be 16 bytes");
        }
    }
}
