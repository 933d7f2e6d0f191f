package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;

/** Builds and recognises the ICMPv6 echo packets the device tests send through the kernel. */
final class Icmp6 {

    static final int ECHO_REQUEST = 128;
    static final int ECHO_REPLY = 129;
    private static final int NEXT_HEADER_ICMP6 = 58;

    private Icmp6() {
    }

    /** Writes an IPv6 + ICMPv6 echo packet at {@code out}'s position and flips nothing; returns its length. */
    static int echo(ByteBuffer out, int type, byte[] src, byte[] dst, int id, int seq, byte[] payload) {
        int start = out.position();
        int icmpLength = 8 + payload.length;
        out.putInt(0x60000000);                 // version 6, traffic class 0, flow label 0
        out.putShort((short) icmpLength);
        out.put((byte) NEXT_HEADER_ICMP6);
        out.put((byte) 64);                     // hop limit
        out.put(src).put(dst);
        int icmpStart = out.position();
        out.put((byte) type).put((byte) 0).putShort((short) 0);
        out.putShort((short) id).putShort((short) seq);
        out.put(payload);
        int checksum = checksum(src, dst, out, icmpStart, icmpLength);
        out.putShort(icmpStart + 2, (short) checksum);
        return out.position() - start;
    }

    /** The RFC 4443 checksum over the pseudo-header and the ICMPv6 message at {@code offset}. */
    static int checksum(byte[] src, byte[] dst, ByteBuffer buf, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) {
            sum += ((src[i] & 0xff) << 8) | (src[i + 1] & 0xff);
            sum += ((dst[i] & 0xff) << 8) | (dst[i + 1] & 0xff);
        }
        sum += length;
        sum += NEXT_HEADER_ICMP6;
        for (int i = 0; i < length; i += 2) {
            int hi = buf.get(offset + i) & 0xff;
            int lo = i + 1 < length ? buf.get(offset + i + 1) & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** A decoded echo packet, or null when {@code packet} (from offset to limit) is something else. */
    record Echo(int type, byte[] src, byte[] dst, int id, int seq, byte[] payload, boolean checksumOk) {
    }

    static Echo parseEcho(ByteBuffer packet, int offset, int length) {
        if (length < 48 || (packet.get(offset) & 0xf0) != 0x60 || packet.get(offset + 6) != NEXT_HEADER_ICMP6) {
            return null;
        }
        int type = packet.get(offset + 40) & 0xff;
        if (type != ECHO_REQUEST && type != ECHO_REPLY) {
            return null;
        }
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        packet.get(offset + 8, src);
        packet.get(offset + 24, dst);
        int icmpLength = length - 40;
        byte[] payload = new byte[icmpLength - 8];
        packet.get(offset + 48, payload);
        boolean checksumOk = checksum(src, dst, packet, offset + 40, icmpLength) == 0;
        return new Echo(type, src, dst, packet.getShort(offset + 44) & 0xffff, packet.getShort(offset + 46) & 0xffff,
                payload, checksumOk);
    }
}
