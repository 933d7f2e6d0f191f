package dev.mycelium.core.dataplane;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** IPv6 and ICMPv6 packets for the data plane tests, built and checked independently of the code under test. */
final class Ipv6Packets {

    static final byte[] MARKER = "MYCELIUM-PLAINTEXT-MARKER-7f3a".getBytes(StandardCharsets.US_ASCII);

    private Ipv6Packets() {
    }

    /** An ICMPv6 echo request whose payload is {@link #MARKER} padded with a pattern to {@code totalLength} bytes. */
    static byte[] echoRequest(byte[] src, byte[] dst, int hopLimit, int totalLength) {
        int icmpLength = totalLength - 40;
        ByteBuffer b = ByteBuffer.allocate(totalLength);
        b.putInt(6 << 28);
        b.putShort((short) icmpLength);
        b.put((byte) 58);
        b.put((byte) hopLimit);
        b.put(src);
        b.put(dst);
        b.put((byte) 128); // echo request
        b.put((byte) 0);
        b.putShort((short) 0);
        b.putShort((short) 0x1234); // identifier
        b.putShort((short) 1); // sequence
        for (int i = 0; b.hasRemaining(); i++) {
            b.put(i < MARKER.length ? MARKER[i] : (byte) (i * 7));
        }
        byte[] p = b.array();
        int sum = checksum(p);
        p[42] = (byte) (sum >>> 8);
        p[43] = (byte) sum;
        return p;
    }

    /** The RFC 4443 checksum of an ICMPv6 packet; 0 when the packet's checksum field is right. */
    static int checksum(byte[] p) {
        int icmpLength = ((p[4] & 0xFF) << 8) | (p[5] & 0xFF);
        long sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
        }
        sum += icmpLength + 58;
        for (int i = 0; i < icmpLength; i += 2) {
            int hi = p[40 + i] & 0xFF;
            int lo = i + 1 < icmpLength ? p[41 + i] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static byte[] source(byte[] p) {
        return Arrays.copyOfRange(p, 8, 24);
    }

    static byte[] destination(byte[] p) {
        return Arrays.copyOfRange(p, 24, 40);
    }

    static int hopLimit(byte[] p) {
        return p[7] & 0xFF;
    }

    static int icmpType(byte[] p) {
        return p[40] & 0xFF;
    }

    static int icmpCode(byte[] p) {
        return p[41] & 0xFF;
    }

    /** Bytes 4..7 of the ICMPv6 header (the MTU of Packet Too Big). */
    static int icmpParameter(byte[] p) {
        return ByteBuffer.wrap(p, 44, 4).getInt();
    }

    /** What an ICMPv6 error quotes: everything after its 8-byte header. */
    static byte[] quoted(byte[] p) {
        return Arrays.copyOfRange(p, 48, p.length);
    }

    static byte[] withHopLimit(byte[] p, int hopLimit) {
        byte[] c = p.clone();
        c[7] = (byte) hopLimit;
        return c;
    }

    /** True when {@code needle} occurs anywhere in {@code haystack}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
