package dev.mycelium.core.dataplane;

import io.netty.buffer.ByteBuf;

/** The few IPv6 header fields the data plane reads and writes (RFC 8200), at an offset in a buffer. */
final class Ipv6 {

    static final int HEADER_SIZE = 40;
    static final int HOP_LIMIT_OFFSET = 7;
    static final int SOURCE_OFFSET = 8;
    static final int DESTINATION_OFFSET = 24;
    static final int NEXT_HEADER_ICMPV6 = 58;
    /** The IPv6 minimum MTU: ICMPv6 errors never exceed it (RFC 4443 2.4 (c)). */
    static final int MIN_MTU = 1280;

    private Ipv6() {
    }

    /** True when the {@code length} bytes at {@code at} can hold an IPv6 header with version 6 (6.3 step 1). */
    static boolean isIpv6(ByteBuf buf, int at, int length) {
        return length >= HEADER_SIZE && (buf.getUnsignedByte(at) & 0xF0) == 0x60;
    }

    static int hopLimit(ByteBuf buf, int at) {
        return buf.getUnsignedByte(at + HOP_LIMIT_OFFSET);
    }

    static void setHopLimit(ByteBuf buf, int at, int hopLimit) {
        buf.setByte(at + HOP_LIMIT_OFFSET, hopLimit);
    }

    static void copySource(ByteBuf buf, int at, byte[] dst16) {
        buf.getBytes(at + SOURCE_OFFSET, dst16);
    }

    static void copyDestination(ByteBuf buf, int at, byte[] dst16) {
        buf.getBytes(at + DESTINATION_OFFSET, dst16);
    }

    /** True when the 16-byte address lies in {@code 400::/7}: first byte 0x04 or 0x05 (1.2). */
    static boolean isOverlay(byte[] address16) {
        return (address16[0] & 0xFE) == 0x04;
    }
}
