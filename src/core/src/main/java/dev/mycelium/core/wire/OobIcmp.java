package dev.mycelium.core.wire;

import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;

/**
 * The out-of-band ICMP payload (data type 2, protocol.md 6.6) an intermediate router sends back, encrypted for the
 * original source, when it cannot forward an encrypted packet:
 *
 * <pre>
 * bytes 0..15   original destination overlay address of the failed packet
 * bytes 16..55  IPv6 header: src = router's /64 network address, dst = original source, hop limit 64, next header 58
 * bytes 56..63  ICMPv6 header: type, code, checksum, 4 unused zero bytes
 * bytes 64..    the failed packet's encrypted body, omitted entirely when longer than 1232 bytes
 * </pre>
 *
 * The payload follows the 4-byte {@link InnerHeader}; receivers accept 64..1296 bytes.
 */
public final class OobIcmp {

    public static final int ICMPV6_TIME_EXCEEDED = 3;
    public static final int ICMPV6_DESTINATION_UNREACHABLE = 1;
    /** "no route to destination" code of Destination Unreachable. */
    public static final int CODE_NO_ROUTE = 0;
    /** "hop limit exceeded in transit" code of Time Exceeded. */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;
    /** Hop limit of the embedded IPv6 header and of the data packet carrying it. */
    public static final int HOP_LIMIT = 64;

    static final int IPV6_HEADER = 40;
    static final int ICMPV6_HEADER = 8;
    private static final int NEXT_HEADER_ICMPV6 = 58;

    /** Original destination + IPv6 header + ICMPv6 header: the receiver's lower bound. */
    public static final int MIN_LENGTH = 16 + IPV6_HEADER + ICMPV6_HEADER;
    /** Keeps the embedded IPv6 packet within the IPv6 minimum MTU: 1280 - 40 - 8. */
    public static final int MAX_EMBEDDED_BODY = 1280 - IPV6_HEADER - ICMPV6_HEADER;
    /** The receiver's upper bound: 1280 + 16. */
    public static final int MAX_LENGTH = 1280 + 16;

    private OobIcmp() {
    }

    /** A parsed payload. {@code embeddedBody} is a slice of the parsed buffer (not retained; may be empty). */
    public record Parsed(byte[] originalDestination, byte[] source, byte[] destination, int hopLimit, int icmpType,
            int icmpCode, ByteBuf embeddedBody) {
    }

    /** Bytes {@link #write} produces for a failed body of {@code failedBodyLength} bytes. */
    public static int length(int failedBodyLength) {
        return MIN_LENGTH + (failedBodyLength > MAX_EMBEDDED_BODY ? 0 : failedBodyLength);
    }

    /**
     * Writes the payload (without the inner header). {@code failedBody} (the encrypted body of the packet that could
     * not be forwarded) is read without moving its indices, and left out when longer than
     * {@link #MAX_EMBEDDED_BODY}.
     *
     * @param routerAddress the writing router's /64 network address (becomes the IPv6 source)
     * @param originalSource the failed packet's source (becomes the IPv6 destination)
     */
    public static void write(ByteBuf out, byte[] originalDestination, byte[] routerAddress, byte[] originalSource,
            int icmpType, int icmpCode, ByteBuf failedBody) {
        requireAddress(originalDestination, "original destination");
        requireAddress(routerAddress, "router address");
        requireAddress(originalSource, "original source");
        if (icmpType < 0 || icmpType > 0xFF || icmpCode < 0 || icmpCode > 0xFF) {
            throw new IllegalArgumentException("ICMPv6 type and code are single bytes");
        }
        int bodyLength = failedBody.readableBytes() > MAX_EMBEDDED_BODY ? 0 : failedBody.readableBytes();
        out.writeBytes(originalDestination);
        int ipv6Start = out.writerIndex();
        out.writeInt(6 << 28); // version 6, traffic class 0, flow label 0
        out.writeShort(ICMPV6_HEADER + bodyLength);
        out.writeByte(NEXT_HEADER_ICMPV6);
        out.writeByte(HOP_LIMIT);
        out.writeBytes(routerAddress);
        out.writeBytes(originalSource);
        int icmpStart = out.writerIndex();
        out.writeByte(icmpType);
        out.writeByte(icmpCode);
        out.writeShort(0); // checksum, filled below
        out.writeInt(0); // unused
        out.writeBytes(failedBody, failedBody.readerIndex(), bodyLength);
        int checksum = icmpv6Checksum(out, ipv6Start, icmpStart, ICMPV6_HEADER + bodyLength);
        out.setShort(icmpStart + 2, checksum);
    }

    /**
     * Parses a payload (the readable bytes of {@code in}, after the inner header; indices are not moved). Strict: the
     * IPv6 header must be version 6 with next header ICMPv6 and a payload length matching the bytes present. The
     * checksum is not verified (Mycelium does not either).
     */
    public static Parsed parse(ByteBuf in) throws WireFormatException {
        int length = in.readableBytes();
        if (length < MIN_LENGTH) {
            throw new WireFormatException(Reason.TRUNCATED, "OOB ICMP payload of " + length + " bytes");
        }
        if (length > MAX_LENGTH) {
            throw new WireFormatException(Reason.TOO_LARGE, "OOB ICMP payload of " + length + " bytes");
        }
        int index = in.readerIndex();
        int ipv6 = index + 16;
        if ((in.getUnsignedByte(ipv6) >>> 4) != 6) {
            throw new WireFormatException(Reason.BAD_VERSION, "embedded IP version " + (in.getUnsignedByte(ipv6) >>> 4));
        }
        int payloadLength = in.getUnsignedShort(ipv6 + 4);
        if (payloadLength != length - 16 - IPV6_HEADER) {
            throw new WireFormatException(Reason.LENGTH_MISMATCH, "IPv6 payload length " + payloadLength + " but "
                    + (length - 16 - IPV6_HEADER) + " bytes follow");
        }
        int nextHeader = in.getUnsignedByte(ipv6 + 6);
        if (nextHeader != NEXT_HEADER_ICMPV6) {
            throw new WireFormatException(Reason.BAD_FIELD, "embedded next header " + nextHeader + ", not ICMPv6");
        }
        byte[] originalDestination = new byte[16];
        byte[] source = new byte[16];
        byte[] destination = new byte[16];
        in.getBytes(index, originalDestination);
        in.getBytes(ipv6 + 8, source);
        in.getBytes(ipv6 + 24, destination);
        int icmp = ipv6 + IPV6_HEADER;
        int bodyStart = icmp + ICMPV6_HEADER;
        return new Parsed(originalDestination, source, destination, in.getUnsignedByte(ipv6 + 7),
                in.getUnsignedByte(icmp), in.getUnsignedByte(icmp + 1),
                in.slice(bodyStart, index + length - bodyStart));
    }

    /** RFC 4443 checksum over the IPv6 pseudo-header and the ICMPv6 message (checksum field zero). */
    public static int icmpv6Checksum(ByteBuf buf, int ipv6Start, int icmpStart, int icmpLength) {
        long sum = 0;
        for (int i = 0; i < 32; i += 2) { // source and destination addresses
            sum += buf.getUnsignedShort(ipv6Start + 8 + i);
        }
        sum += icmpLength >>> 16;
        sum += icmpLength & 0xFFFF;
        sum += NEXT_HEADER_ICMPV6;
        int i = 0;
        for (; i + 1 < icmpLength; i += 2) {
            sum += buf.getUnsignedShort(icmpStart + i);
        }
        if (i < icmpLength) {
            sum += buf.getUnsignedByte(icmpStart + i) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static void requireAddress(byte[] a, String what) {
        if (a == null || a.length != 16) {
            throw new IllegalArgumentException(what + " must be 16 bytes");
        }
    }
}
