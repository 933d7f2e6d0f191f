package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Header fields in network byte order at absolute offsets, whatever order the caller's buffer is set to. */
final class NetworkOrder {

    private NetworkOrder() {
    }

    static int u16(ByteBuffer b, int at) {
        short v = b.getShort(at);
        return (b.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xffff;
    }

    static long u32(ByteBuffer b, int at) {
        int v = b.getInt(at);
        return (b.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v)) & 0xffffffffL;
    }

    static void putU16(ByteBuffer b, int at, int value) {
        short v = (short) value;
        b.putShort(at, b.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v));
    }

    static void putU32(ByteBuffer b, int at, long value) {
        int v = (int) value;
        b.putInt(at, b.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v));
    }
}
