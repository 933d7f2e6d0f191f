package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) for the TCP/UDP work that offload leaves to user space. Sums 8 bytes per step:
 * a ones'-complement sum of 32- or 64-bit words folds to the same 16-bit result, and a buffer in little-endian
 * order is read in network order by swapping, so callers need not care about the buffer's byte order.
 */
final class InetChecksum {

    static final int NEXT_HEADER_TCP = 6;
    static final int NEXT_HEADER_UDP = 17;

    private InetChecksum() {
    }

    /** Adds the bytes [offset, offset+length) of {@code buf} (absolute, position untouched) to {@code acc}. */
    static long add(ByteBuffer buf, int offset, int length, long acc) {
        boolean swap = buf.order() != ByteOrder.BIG_ENDIAN;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long v = buf.getLong(i);
            if (swap) {
                v = Long.reverseBytes(v);
            }
            acc += (v >>> 32) + (v & 0xffffffffL);
        }
        if (i + 4 <= end) {
            int v = buf.getInt(i);
            acc += (swap ? Integer.reverseBytes(v) : v) & 0xffffffffL;
            i += 4;
        }
        if (i + 2 <= end) {
            short v = buf.getShort(i);
            acc += (swap ? Short.reverseBytes(v) : v) & 0xffff;
            i += 2;
        }
        if (i < end) {
            acc += (buf.get(i) & 0xff) << 8;
        }
        return acc;
    }

    /** Sum of the IPv6 pseudo-header of the packet whose IPv6 header starts at {@code ip}. */
    static long pseudoHeader6(ByteBuffer buf, int ip, int upperLayerLength, int nextHeader) {
        return add(buf, ip + 8, 32, upperLayerLength + (long) nextHeader);
    }

    /** Folds a sum to 16 bits (not inverted: the form a partial checksum field holds). */
    static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /**
     * The value to store in a checksum field: the inverted folded sum, with 0 sent as 0xffff (the same number in
     * ones' complement, and required for UDP over IPv6, where 0 would mean "no checksum"; the kernel does alike).
     */
    static int finish(long acc) {
        int checksum = ~fold(acc) & 0xffff;
        return checksum == 0 ? 0xffff : checksum;
    }
}
