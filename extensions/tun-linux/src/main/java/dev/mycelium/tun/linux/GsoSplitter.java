package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;

/**
 * Turns what one read of an {@code IFF_VNET_HDR} TUN returned into standalone packets of at most the MTU, the
 * user-space half of segmentation offload: a TCP/IPv6 (TSO) or UDP/IPv6 (USO) super-packet of up to 64 KiB
 * becomes one packet per {@code gso_size} bytes of payload, each with its own lengths, full checksum and, for
 * TCP, sequence number and flags; a plain packet whose checksum the kernel left partial gets it completed.
 *
 * <p>Use: {@link #prepare} once per read, then {@link #copySegment} for each of the {@link #segments()}. The input
 * buffer must stay untouched until the last segment is copied. One instance per reading thread.
 */
final class GsoSplitter {

    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    private ByteBuffer in;
    private int packet;       // offset of the IPv6 header in `in`
    private int length;       // packet length
    private int segments;
    private boolean tcp;
    private int headerLength; // IPv6 + TCP/UDP header, copied in front of every segment; whole packet if plain
    private int segmentSize;  // 0 for a plain packet
    private long firstSeq;
    private long addressSum;  // pseudo-header src + dst, the same for every segment

    /**
     * Reads the virtio header at {@code header} and the packet of {@code length} bytes after it.
     *
     * @return the number of packets it yields; 0 when it was malformed or a kind we do not segment
     */
    int prepare(ByteBuffer buf, int header, int length) {
        this.in = buf;
        this.packet = header + VirtioNetHeader.SIZE;
        this.length = length;
        segments = 0;
        int gsoType = VirtioNetHeader.gsoType(buf, header) & ~VirtioNetHeader.GSO_ECN;
        if (gsoType == VirtioNetHeader.GSO_NONE) {
            if ((VirtioNetHeader.flags(buf, header) & VirtioNetHeader.FLAG_NEEDS_CSUM) != 0
                    && !completeChecksum(VirtioNetHeader.csumStart(buf, header),
                    VirtioNetHeader.csumOffset(buf, header))) {
                return 0;
            }
            segments = 1;
            headerLength = length;
            segmentSize = 0;
            return 1;
        }
        int gsoSize = VirtioNetHeader.gsoSize(buf, header);
        boolean ok = switch (gsoType) {
            case VirtioNetHeader.GSO_TCPV6 -> prepare6(InetChecksum.NEXT_HEADER_TCP, gsoSize);
            case VirtioNetHeader.GSO_UDP_L4 -> prepare6(InetChecksum.NEXT_HEADER_UDP, gsoSize);
            default -> false; // we enable TSO6 and USO only: anything else is unexpected
        };
        return ok ? segments : 0;
    }

    int segments() {
        return segments;
    }

    /**
     * Writes packet {@code index} at {@code dst}'s position and advances it.
     *
     * @return the packet's length
     */
    int copySegment(int index, ByteBuffer dst) {
        int at = dst.position();
        if (segmentSize == 0) {
            dst.put(at, in, packet, length);
            dst.position(at + length);
            return length;
        }
        int payloadStart = headerLength + index * segmentSize;
        int payload = Math.min(segmentSize, length - payloadStart);
        dst.put(at, in, packet, headerLength);
        dst.put(at + headerLength, in, packet + payloadStart, payload);
        int l4 = at + IPV6_HEADER;
        int l4Length = headerLength - IPV6_HEADER + payload;
        NetworkOrder.putU16(dst, at + 4, l4Length);
        int checksumField;
        if (tcp) {
            NetworkOrder.putU32(dst, l4 + 4, firstSeq + (long) index * segmentSize);
            int flags = dst.get(l4 + 13) & 0xff;
            if (index != segments - 1) {
                flags &= ~(TCP_FIN | TCP_PSH);
            }
            if (index != 0) {
                flags &= ~TCP_CWR;
            }
            dst.put(l4 + 13, (byte) flags);
            checksumField = l4 + 16;
        } else {
            NetworkOrder.putU16(dst, l4 + 4, l4Length);
            checksumField = l4 + 6;
        }
        NetworkOrder.putU16(dst, checksumField, 0);
        long sum = addressSum + l4Length + (tcp ? InetChecksum.NEXT_HEADER_TCP : InetChecksum.NEXT_HEADER_UDP);
        sum = InetChecksum.add(dst, l4, headerLength - IPV6_HEADER, sum);
        sum = InetChecksum.add(in, packet + payloadStart, payload, sum);
        NetworkOrder.putU16(dst, checksumField, InetChecksum.finish(sum));
        dst.position(at + headerLength + payload);
        return headerLength + payload;
    }

    /** A TCP or UDP super-packet right after a plain IPv6 header (extension headers are not split here). */
    private boolean prepare6(int nextHeader, int gsoSize) {
        if (length < IPV6_HEADER + UDP_HEADER || (in.get(packet) & 0xf0) != 0x60
                || (in.get(packet + 6) & 0xff) != nextHeader || gsoSize == 0) {
            return false;
        }
        tcp = nextHeader == InetChecksum.NEXT_HEADER_TCP;
        int l4Header = tcp ? ((in.get(packet + IPV6_HEADER + 12) & 0xf0) >>> 4) * 4 : UDP_HEADER;
        if (l4Header < (tcp ? 20 : UDP_HEADER) || IPV6_HEADER + l4Header > length) {
            return false;
        }
        headerLength = IPV6_HEADER + l4Header;
        segmentSize = gsoSize;
        int payload = length - headerLength;
        segments = payload <= 0 ? 1 : (payload + gsoSize - 1) / gsoSize;
        firstSeq = tcp ? NetworkOrder.u32(in, packet + IPV6_HEADER + 4) : 0;
        addressSum = InetChecksum.add(in, packet + 8, 32, 0);
        return true;
    }

    /** Completes a partial checksum in place: the field holds the pseudo-header sum, add the rest and invert. */
    private boolean completeChecksum(int start, int offset) {
        if (start + offset + 2 > length) {
            return false;
        }
        long sum = InetChecksum.add(in, packet + start, length - start, 0);
        NetworkOrder.putU16(in, packet + start + offset, InetChecksum.finish(sum));
        return true;
    }
}
