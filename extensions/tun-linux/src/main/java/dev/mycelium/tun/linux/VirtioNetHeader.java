package dev.mycelium.tun.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct virtio_net_hdr} (10 bytes), the prefix of every packet on a TUN opened with {@code IFF_VNET_HDR}:
 * it tells whether the packet is a GSO super-packet (and its segment size) and whether its transport checksum
 * still has to be completed. Fields are in the host's byte order (little-endian on every supported CPU).
 */
final class VirtioNetHeader {

    static final int SIZE = 10;

    static final int FLAG_NEEDS_CSUM = 1;

    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_UDP = 3;
    static final int GSO_TCPV6 = 4;
    static final int GSO_UDP_L4 = 5;
    static final int GSO_ECN = 0x80;

    // TUNSETOFFLOAD bits: what the kernel may hand us unsegmented / with checksum left partial
    static final int TUN_F_CSUM = 0x01;
    static final int TUN_F_TSO4 = 0x02;
    static final int TUN_F_TSO6 = 0x04;
    static final int TUN_F_USO4 = 0x20; // the kernel takes USO only as USO4 | USO6 (Linux 6.2+)
    static final int TUN_F_USO6 = 0x40;

    private static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN;

    private VirtioNetHeader() {
    }

    static int flags(ByteBuffer b, int at) {
        return b.get(at) & 0xff;
    }

    static int gsoType(ByteBuffer b, int at) {
        return b.get(at + 1) & 0xff;
    }

    static int gsoSize(ByteBuffer b, int at) {
        return u16(b, at + 4);
    }

    static int csumStart(ByteBuffer b, int at) {
        return u16(b, at + 6);
    }

    static int csumOffset(ByteBuffer b, int at) {
        return u16(b, at + 8);
    }

    /** A header saying "plain packet, checksum complete". */
    static void putPlain(ByteBuffer b, int at) {
        b.putLong(at, 0);
        b.putShort(at + 8, (short) 0);
    }

    /** A header for a TCP/IPv6 super-packet whose checksum field holds the pseudo-header sum. */
    static void putTcp6Gso(ByteBuffer b, int at, int headerLength, int segmentSize) {
        b.put(at, (byte) FLAG_NEEDS_CSUM);
        b.put(at + 1, (byte) GSO_TCPV6);
        putU16(b, at + 2, headerLength);
        putU16(b, at + 4, segmentSize);
        putU16(b, at + 6, 40);
        putU16(b, at + 8, 16);
    }

    private static int u16(ByteBuffer b, int at) {
        int v = (b.get(at) & 0xff) | (b.get(at + 1) & 0xff) << 8;
        return SWAP ? Short.reverseBytes((short) v) & 0xffff : v;
    }

    private static void putU16(ByteBuffer b, int at, int v) {
        int le = SWAP ? Short.reverseBytes((short) v) & 0xffff : v;
        b.put(at, (byte) le);
        b.put(at + 1, (byte) (le >>> 8));
    }
}
