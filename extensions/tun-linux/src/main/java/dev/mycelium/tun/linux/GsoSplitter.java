package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;

/**
 * Turns what one read of an {@code IFF_VNET_HDR} TUN returned into standalone packets of at most the MTU, the
 * user-space half of TCP segmentation offload: a TCP/IPv6 super-packet (up to 64 KiB) becomes one packet per
 * {@code gso_size} bytes of payload, each with its own IPv6 payload length, sequence number, flags and full TCP
 * checksum; a plain packet whose checksum the kernel left partial gets it completed.
 *
 * <p>Use: {@link #prepare} once per read, then {@link #copySegment} for each of the {@link #segments()}. The input
 * buffer must stay untouched until the last segment is copied. One instance per reading thread.
 */
final class GsoSplitter {

    private static final int IPV6_HEADER = 40;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    private ByteBuffer in;
    private int packet;       // offset of the IPv6 header in `in`
    private int length;       // packet length
    private int segments;
    private int headerLength; // IPv6 + TCP header, copied in front of every segment
    private int segmentSize;
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
        int gsoType = VirtioNetHeader.gsoType(buf, header) & ~VirtioNetHeader.GSO_ECN;
        if (gsoType == VirtioNetHeader.GSO_NONE) {
            segments = 0;
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
        segments = 0;
        if (gsoType != VirtioNetHeader.GSO_TCPV6 || !prepareTcp6(VirtioNetHeader.gsoSize(buf, header))) {
            return 0; // we only enable TSO6, so anything else is unexpected
        }
        return segments;
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
        int tcp = at + IPV6_HEADER;
        int tcpLength = headerLength - IPV6_HEADER + payload;
        NetworkOrder.putU16(dst, at + 4, tcpLength);
        NetworkOrder.putU32(dst, tcp + 4, firstSeq + (long) index * segmentSize);
        int flags = dst.get(tcp + 13) & 0xff;
        if (index != segments - 1) {
            flags &= ~(TCP_FIN | TCP_PSH);
        }
        if (index != 0) {
            flags &= ~TCP_CWR;
        }
        dst.put(tcp + 13, (byte) flags);
        NetworkOrder.putU16(dst, tcp + 16, 0);
        long sum = addressSum + tcpLength + InetChecksum.NEXT_HEADER_TCP;
        sum = InetChecksum.add(dst, tcp, headerLength - IPV6_HEADER, sum);
        sum = InetChecksum.add(in, packet + payloadStart, payload, sum);
        NetworkOrder.putU16(dst, tcp + 16, InetChecksum.finish(sum));
        dst.position(at + headerLength + payload);
        return headerLength + payload;
    }

    private boolean prepareTcp6(int gsoSize) {
        if (length < IPV6_HEADER + 20 || (in.get(packet) & 0xf0) != 0x60
                || (in.get(packet + 6) & 0xff) != InetChecksum.NEXT_HEADER_TCP || gsoSize == 0) {
            return false; // extension headers are not segmented here
        }
        int tcpHeader = ((in.get(packet + IPV6_HEADER + 12) & 0xf0) >>> 4) * 4;
        if (tcpHeader < 20 || IPV6_HEADER + tcpHeader > length) {
            return false;
        }
        headerLength = IPV6_HEADER + tcpHeader;
        segmentSize = gsoSize;
        int payload = length - headerLength;
        segments = payload <= 0 ? 1 : (payload + gsoSize - 1) / gsoSize;
        firstSeq = NetworkOrder.u32(in, packet + IPV6_HEADER + 4);
        addressSum = InetChecksum.add(in, packet + 8, 32, 0);
        if (payload <= 0) {
            segmentSize = Math.max(gsoSize, 1);
        }
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
