package dev.mycelium.core.dataplane;

import dev.mycelium.core.wire.OobIcmp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds the ICMPv6 error packets the data plane writes into the TUN (protocol.md 6.3, 6.6; RFC 4443): an IPv6 header
 * (next header 58), the 8-byte ICMPv6 header (type, code, checksum, 4 bytes of parameter) and as much of the
 * offending packet as keeps the whole within the IPv6 minimum MTU, as Mycelium does.
 */
final class Icmpv6Errors {

    static final int DESTINATION_UNREACHABLE = 1;
    static final int PACKET_TOO_BIG = 2;
    static final int TIME_EXCEEDED = 3;

    /** Destination Unreachable codes. */
    static final int CODE_NO_ROUTE = 0;
    static final int CODE_ADDRESS_UNREACHABLE = 3;
    static final int CODE_SOURCE_FAILED_POLICY = 5;
    /** Time Exceeded code "hop limit exceeded in transit". */
    static final int CODE_HOP_LIMIT = 0;

    static final int ICMPV6_HEADER_SIZE = 8;
    /** Most bytes of the offending packet quoted: 1280 - 40 - 8. */
    static final int MAX_QUOTED = Ipv6.MIN_MTU - Ipv6.HEADER_SIZE - ICMPV6_HEADER_SIZE;

    private Icmpv6Errors() {
    }

    /**
     * A new buffer holding one ICMPv6 error packet quoting up to {@link #MAX_QUOTED} bytes of {@code quoted} from
     * {@code quotedIndex} ({@code quoted}'s indices are not moved). The caller owns (and releases) the result.
     *
     * @param parameter the 4 bytes after the checksum: the MTU for Packet Too Big, 0 otherwise
     */
    static ByteBuf build(ByteBufAllocator alloc, byte[] src16, byte[] dst16, int hopLimit, int type, int code,
            int parameter, ByteBuf quoted, int quotedIndex, int quotedLength) {
        int quote = Math.min(quotedLength, MAX_QUOTED);
        int icmpLength = ICMPV6_HEADER_SIZE + quote;
        ByteBuf out = alloc.directBuffer(Ipv6.HEADER_SIZE + icmpLength);
        out.writeInt(6 << 28); // version 6, traffic class 0, flow label 0
        out.writeShort(icmpLength);
        out.writeByte(Ipv6.NEXT_HEADER_ICMPV6);
        out.writeByte(hopLimit);
        out.writeBytes(src16);
        out.writeBytes(dst16);
        out.writeByte(type);
        out.writeByte(code);
        out.writeShort(0); // checksum, filled below
        out.writeInt(parameter);
        out.writeBytes(quoted, quotedIndex, quote);
        out.setShort(Ipv6.HEADER_SIZE + 2, checksum(out, 0));
        return out;
    }

    /** RFC 4443 2.3 checksum of the ICMPv6 packet whose IPv6 header starts at {@code ipv6}. */
    static int checksum(ByteBuf buf, int ipv6) {
        return OobIcmp.icmpv6Checksum(buf, ipv6, ipv6 + Ipv6.HEADER_SIZE, buf.getUnsignedShort(ipv6 + 4));
    }
}
