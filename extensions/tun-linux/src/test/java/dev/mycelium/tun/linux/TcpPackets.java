package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;

/** TCP/IPv6 packets and the checks on them for the offload tests. */
final class TcpPackets {

    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;
    static final int SYN = 0x02;

    private TcpPackets() {
    }

    /**
     * Writes at {@code at} an IPv6+TCP packet with a 12-byte timestamp option. With {@code partial} the checksum
     * field holds only the pseudo-header sum, as the kernel leaves it for offload; otherwise the full checksum.
     *
     * @return its length
     */
    static int tcp(ByteBuffer b, int at, byte[] src, byte[] dst, int srcPort, int dstPort, long seq, long ack,
                   int flags, byte[] payload, boolean partial) {
        int tcpHeader = 32;
        int tcpLength = tcpHeader + payload.length;
        b.putInt(at, 0x60012345);
        b.putShort(at + 4, (short) tcpLength);
        b.put(at + 6, (byte) 6);
        b.put(at + 7, (byte) 64);
        b.put(at + 8, src);
        b.put(at + 24, dst);
        int t = at + 40;
        b.putShort(t, (short) srcPort);
        b.putShort(t + 2, (short) dstPort);
        b.putInt(t + 4, (int) seq);
        b.putInt(t + 8, (int) ack);
        b.put(t + 12, (byte) ((tcpHeader / 4) << 4));
        b.put(t + 13, (byte) flags);
        b.putShort(t + 14, (short) 501);
        b.putShort(t + 16, (short) 0);
        b.putShort(t + 18, (short) 0);
        b.putInt(t + 20, 0x0101080a); // NOP NOP timestamp(10)
        b.putInt(t + 24, 0x11223344);
        b.putInt(t + 28, 0x55667788);
        b.put(t + tcpHeader, payload);
        long pseudo = InetChecksum.pseudoHeader6(b, at, tcpLength, 6);
        if (partial) {
            b.putShort(t + 16, (short) InetChecksum.fold(pseudo));
        } else {
            b.putShort(t + 16, (short) InetChecksum.finish(InetChecksum.add(b, t, tcpLength, pseudo)));
        }
        return 40 + tcpLength;
    }

    /** Whether the TCP (or UDP, nextHeader 17) checksum of the IPv6 packet at {@code at} is complete and right. */
    static boolean checksumOk(ByteBuffer b, int at, int length) {
        int next = b.get(at + 6) & 0xff;
        long sum = InetChecksum.pseudoHeader6(b, at, length - 40, next);
        return InetChecksum.fold(InetChecksum.add(b, at + 40, length - 40, sum)) == 0xffff;
    }

    static long seq(ByteBuffer b, int at) {
        return b.getInt(at + 44) & 0xffffffffL;
    }

    static int flags(ByteBuffer b, int at) {
        return b.get(at + 53) & 0xff;
    }

    static int payloadLengthField(ByteBuffer b, int at) {
        return b.getShort(at + 4) & 0xffff;
    }

    static byte[] payload(ByteBuffer b, int at, int length) {
        byte[] out = new byte[length - 72];
        b.get(at + 72, out);
        return out;
    }
}
