package dev.mycelium.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.HexFormat;

/** Small byte helpers for the wire tests. Buffers come from the pooled allocator so the leak detector sees them. */
public final class Bytes {

    private Bytes() {
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A pooled direct buffer holding {@code bytes}; the caller (or the code it is handed to) releases it. */
    public static ByteBuf buf(byte[] bytes) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(bytes.length, 1));
        b.writeBytes(bytes);
        return b;
    }

    /** The readable bytes of {@code buf}, without moving its indices. */
    public static byte[] readable(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** Encodes with {@code writer} into a temporary buffer and returns the bytes; the buffer is released. */
    public static byte[] encode(java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            writer.accept(b);
            return readable(b);
        } finally {
            b.release();
        }
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
