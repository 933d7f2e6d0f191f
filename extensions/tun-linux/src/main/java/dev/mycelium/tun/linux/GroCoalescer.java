package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;

/**
 * The user-space half of receive offload for a write to an {@code IFF_VNET_HDR} TUN: consecutive TCP/IPv6
 * segments of one flow (same addresses, ports, ack, window and options; contiguous sequence numbers; every
 * segment but the last of the same size; only ACK/PSH set) become one super-packet of up to 64 KiB, written with
 * one syscall and handed to the kernel's TCP as one buffer. Anything else passes through as a plain packet.
 *
 * <p>Use: {@link #start} with a packet, {@link #tryAppend} the following ones until it says no, then
 * {@link #finish} and write the buffer it returns. Packets are copied (big-endian buffers, absolute offsets);
 * checksums of appended segments are not re-verified: the data plane's AEAD already vouches for the bytes, and
 * the kernel trusts the partial checksum of the super-packet. One instance per writing thread.
 */
final class GroCoalescer {

    private static final int IPV6_HEADER = 40;
    private static final int MAX_IPV6_PAYLOAD = 65535;
    private static final int TCP_ACK = 0x10;
    private static final int TCP_PSH = 0x08;

    private final ByteBuffer out =
            ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + IPV6_HEADER + MAX_IPV6_PAYLOAD);
    private int length;        // bytes of the pending packet after the virtio header
    private int count;         // segments in it
    private int headerLength;  // IPv6 + TCP header of the flow, 0 when the pending packet cannot grow
    private int segmentSize;
    private long nextSeq;
    private long coalesced;

    /** Starts a new pending packet with the one in {@code src} at [offset, offset+len). */
    void start(ByteBuffer src, int offset, int len) {
        out.clear();
        out.put(VirtioNetHeader.SIZE, src, offset, len);
        length = len;
        count = 1;
        headerLength = 0;
        int tcpHeader = tcpHeaderLength(src, offset, len);
        if (tcpHeader == 0) {
            return;
        }
        int flags = src.get(offset + IPV6_HEADER + 13) & 0xff;
        int payload = len - IPV6_HEADER - tcpHeader;
        if ((flags & ~TCP_PSH) != TCP_ACK || payload <= 0 || (flags & TCP_PSH) != 0) {
            return; // control segments, pure ACKs and pushed data are written as they are
        }
        headerLength = IPV6_HEADER + tcpHeader;
        segmentSize = payload;
        nextSeq = (NetworkOrder.u32(src, offset + IPV6_HEADER + 4) + payload) & 0xffffffffL;
    }

    /** Appends the segment at [offset, offset+len) when it continues the pending flow; false leaves it as is. */
    boolean tryAppend(ByteBuffer src, int offset, int len) {
        if (headerLength == 0 || len <= headerLength || tcpHeaderLength(src, offset, len) != headerLength - IPV6_HEADER) {
            return false;
        }
        int payload = len - headerLength;
        int base = VirtioNetHeader.SIZE;
        int tcp = offset + IPV6_HEADER;
        int flags = src.get(tcp + 13) & 0xff;
        if (payload > segmentSize || (flags & ~TCP_PSH) != TCP_ACK
                || length + payload - IPV6_HEADER > MAX_IPV6_PAYLOAD
                || NetworkOrder.u32(src, tcp + 4) != nextSeq
                || !sameBytes(src, offset, base, 0, 4)                             // version, class, flow label
                || !sameBytes(src, offset, base, 6, IPV6_HEADER)                   // next header, hop limit, addresses
                || !sameBytes(src, tcp, base + IPV6_HEADER, 0, 4)                  // ports
                || !sameBytes(src, tcp, base + IPV6_HEADER, 8, 13)                 // ack, data offset
                || !sameBytes(src, tcp, base + IPV6_HEADER, 14, 16)                // window
                || !sameBytes(src, tcp, base + IPV6_HEADER, 18, headerLength - IPV6_HEADER)) { // urgent, options
            return false;
        }
        out.put(base + length, src, offset + headerLength, payload);
        length += payload;
        count++;
        nextSeq = (nextSeq + payload) & 0xffffffffL;
        if ((flags & TCP_PSH) != 0) {
            out.put(base + IPV6_HEADER + 13, (byte) (out.get(base + IPV6_HEADER + 13) | TCP_PSH));
            headerLength = 0; // a push ends the super-packet, as in the kernel's GRO
        } else if (payload < segmentSize) {
            headerLength = 0; // a short segment is always the last
        }
        return true;
    }

    /** The buffer {@link #finish} returns, always the same one (so its address can be looked up once). */
    ByteBuffer frameBuffer() {
        return out;
    }

    /** Segments in the pending packet. */
    int pending() {
        return count;
    }

    /** Segments merged into an earlier one since creation. */
    long coalesced() {
        return coalesced;
    }

    /**
     * Completes the virtio header (and, for a super-packet, its IPv6 length and partial TCP checksum).
     *
     * @return the buffer to write, from 0 to its limit; valid until the next {@link #start}
     */
    ByteBuffer finish() {
        int base = VirtioNetHeader.SIZE;
        if (count == 1) {
            VirtioNetHeader.putPlain(out, 0);
        } else {
            int tcpLength = length - IPV6_HEADER;
            int tcpHeader = (out.get(base + IPV6_HEADER + 12) & 0xf0) >>> 2;
            out.putShort(base + 4, (short) tcpLength);
            long pseudo = InetChecksum.pseudoHeader6(out, base, tcpLength, InetChecksum.NEXT_HEADER_TCP);
            out.putShort(base + IPV6_HEADER + 16, (short) InetChecksum.fold(pseudo));
            VirtioNetHeader.putTcp6Gso(out, 0, IPV6_HEADER + tcpHeader, segmentSize);
            coalesced += count - 1;
        }
        count = 0;
        headerLength = 0;
        return out.limit(base + length).position(0);
    }

    /** TCP header length of a plain TCP/IPv6 packet (no extension headers), 0 for anything else. */
    private static int tcpHeaderLength(ByteBuffer src, int offset, int len) {
        if (len < IPV6_HEADER + 20 || (src.get(offset) & 0xf0) != 0x60
                || (src.get(offset + 6) & 0xff) != InetChecksum.NEXT_HEADER_TCP
                || NetworkOrder.u16(src, offset + 4) != len - IPV6_HEADER) {
            return 0;
        }
        int tcpHeader = (src.get(offset + IPV6_HEADER + 12) & 0xf0) >>> 2;
        return tcpHeader >= 20 && IPV6_HEADER + tcpHeader <= len ? tcpHeader : 0;
    }

    private boolean sameBytes(ByteBuffer src, int srcBase, int outBase, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.get(srcBase + i) != out.get(outBase + i)) {
                return false;
            }
        }
        return true;
    }
}
