package dev.mycelium.tun.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** GsoSplitter and GroCoalescer on packets shaped like the kernel's, without a kernel. */
class OffloadSegmentationTest {

    private static final byte[] SRC = address(0x0a);
    private static final byte[] DST = address(0x0b);
    private static final int MTU = 1400;

    @Property(tries = 200)
    void splitGivesValidMtuPacketsAndCoalescingRestoresTheSuperPacket(
            @ForAll @IntRange(min = 1, max = 65_000) int payloadLength,
            @ForAll @IntRange(min = 500, max = 1328) int mss,
            @ForAll boolean push, @ForAll long seed, @ForAll boolean littleEndianCaller) {
        Random random = new Random(seed);
        byte[] payload = new byte[payloadLength];
        random.nextBytes(payload);
        long seq = random.nextInt() & 0xffffffffL; // wraps around 2^32 in some tries
        ByteBuffer superPacket = gsoRead(payload, mss, seq, TcpPackets.ACK | (push ? TcpPackets.PSH : 0));

        List<ByteBuffer> segments = split(superPacket, littleEndianCaller);
        int expected = (payloadLength + mss - 1) / mss;
        assertThat(segments).hasSize(expected);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < segments.size(); i++) {
            ByteBuffer s = segments.get(i).order(ByteOrder.BIG_ENDIAN);
            int len = s.limit();
            assertThat(len).isLessThanOrEqualTo(MTU);
            assertThat(TcpPackets.payloadLengthField(s, 0)).isEqualTo(len - 40);
            assertThat(TcpPackets.checksumOk(s, 0, len)).as("checksum of segment %d", i).isTrue();
            assertThat(TcpPackets.seq(s, 0)).isEqualTo((seq + (long) i * mss) & 0xffffffffL);
            boolean last = i == segments.size() - 1;
            assertThat(TcpPackets.flags(s, 0)).isEqualTo(TcpPackets.ACK | (push && last ? TcpPackets.PSH : 0));
            joined.writeBytes(TcpPackets.payload(s, 0, len));
        }
        assertThat(joined.toByteArray()).isEqualTo(payload);

        GroCoalescer coalescer = new GroCoalescer();
        coalescer.start(segments.get(0), 0, segments.get(0).limit());
        for (int i = 1; i < segments.size(); i++) {
            assertThat(coalescer.tryAppend(segments.get(i), 0, segments.get(i).limit())).as("append %d", i).isTrue();
        }
        ByteBuffer frame = coalescer.finish();
        if (segments.size() == 1) {
            assertThat(VirtioNetHeader.gsoType(frame, 0)).isEqualTo(VirtioNetHeader.GSO_NONE);
            assertThat(TcpPackets.checksumOk(frame, VirtioNetHeader.SIZE, frame.limit() - VirtioNetHeader.SIZE))
                    .isTrue();
        } else {
            // byte for byte what the kernel handed over: header, partial checksum, segment size
            assertThat(VirtioNetHeader.gsoType(frame, 0)).isEqualTo(VirtioNetHeader.GSO_TCPV6);
            assertThat(VirtioNetHeader.gsoSize(frame, 0)).isEqualTo(mss);
            assertThat(frame.slice(VirtioNetHeader.SIZE, frame.limit() - VirtioNetHeader.SIZE))
                    .isEqualTo(superPacket.slice(VirtioNetHeader.SIZE, superPacket.limit() - VirtioNetHeader.SIZE));
        }
    }

    @Property(tries = 100)
    void udpSuperPacketsSplitIntoValidDatagrams(@ForAll @IntRange(min = 1, max = 60_000) int payloadLength,
                                                @ForAll @IntRange(min = 100, max = 1352) int segment,
                                                @ForAll long seed) {
        byte[] payload = new byte[payloadLength];
        new Random(seed).nextBytes(payload);
        ByteBuffer read = ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + 40 + 65535);
        int len = udp(read, VirtioNetHeader.SIZE, payload);
        read.put(0, (byte) VirtioNetHeader.FLAG_NEEDS_CSUM);
        read.put(1, (byte) VirtioNetHeader.GSO_UDP_L4);
        read.putShort(4, Short.reverseBytes((short) segment));
        read.putShort(6, Short.reverseBytes((short) 40));
        read.putShort(8, Short.reverseBytes((short) 6));

        GsoSplitter splitter = new GsoSplitter();
        int n = splitter.prepare(read, 0, len);
        assertThat(n).isEqualTo((payloadLength + segment - 1) / segment);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            ByteBuffer d = ByteBuffer.allocateDirect(MTU);
            int dl = splitter.copySegment(i, d);
            assertThat(dl).isLessThanOrEqualTo(48 + segment);
            assertThat(d.getShort(4) & 0xffff).isEqualTo(dl - 40);
            assertThat(d.getShort(44) & 0xffff).as("UDP length").isEqualTo(dl - 40);
            assertThat(d.getShort(46)).as("UDP/IPv6 never sends checksum 0").isNotZero();
            assertThat(TcpPackets.checksumOk(d, 0, dl)).as("checksum of datagram %d", i).isTrue();
            byte[] part = new byte[dl - 48];
            d.get(48, part);
            joined.writeBytes(part);
        }
        assertThat(joined.toByteArray()).isEqualTo(payload);
    }

    /** A UDP/IPv6 packet at {@code at} whose checksum field holds the pseudo-header sum, as the kernel leaves it. */
    private static int udp(ByteBuffer b, int at, byte[] payload) {
        int udpLength = 8 + payload.length;
        b.putInt(at, 0x60000000);
        b.putShort(at + 4, (short) udpLength);
        b.put(at + 6, (byte) 17);
        b.put(at + 7, (byte) 64);
        b.put(at + 8, SRC);
        b.put(at + 24, DST);
        b.putShort(at + 40, (short) 4433);
        b.putShort(at + 42, (short) 443);
        b.putShort(at + 44, (short) udpLength);
        b.putShort(at + 46, (short) InetChecksum.fold(InetChecksum.pseudoHeader6(b, at, udpLength, 17)));
        b.put(at + 48, payload);
        return 40 + udpLength;
    }

    @Test
    void completesAPartialChecksumOfAPlainPacket() {
        ByteBuffer read = ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + MTU);
        byte[] payload = new byte[333];
        new Random(1).nextBytes(payload);
        int len = TcpPackets.tcp(read, VirtioNetHeader.SIZE, SRC, DST, 1000, 2000, 7, 9, TcpPackets.ACK, payload, true);
        read.put(0, (byte) VirtioNetHeader.FLAG_NEEDS_CSUM);
        read.put(1, (byte) VirtioNetHeader.GSO_NONE);
        read.putShort(6, Short.reverseBytes((short) 40));
        read.putShort(8, Short.reverseBytes((short) 16));
        GsoSplitter splitter = new GsoSplitter();
        assertThat(splitter.prepare(read, 0, len)).isEqualTo(1);
        ByteBuffer out = ByteBuffer.allocateDirect(MTU);
        assertThat(splitter.copySegment(0, out)).isEqualTo(len);
        assertThat(TcpPackets.checksumOk(out, 0, len)).isTrue();
    }

    @Test
    void rejectsAnOffloadKindItDidNotAskFor() {
        ByteBuffer read = ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + MTU);
        int len = TcpPackets.tcp(read, VirtioNetHeader.SIZE, SRC, DST, 1, 2, 0, 0, TcpPackets.ACK, new byte[100], true);
        read.put(1, (byte) VirtioNetHeader.GSO_UDP);
        assertThat(new GsoSplitter().prepare(read, 0, len)).as("UFO").isZero();
        read.put(1, (byte) VirtioNetHeader.GSO_UDP_L4);
        assertThat(new GsoSplitter().prepare(read, 0, len)).as("USO on a TCP packet").isZero();
        read.put(1, (byte) VirtioNetHeader.GSO_TCPV6);
        read.put(VirtioNetHeader.SIZE + 6, (byte) 0); // hop-by-hop extension header: not split here
        assertThat(new GsoSplitter().prepare(read, 0, len)).isZero();
    }

    @Test
    void coalescesOnlyContiguousSegmentsOfOneFlow() {
        ByteBuffer a = packet(1000, 2000, 100, TcpPackets.ACK, 1000);
        GroCoalescer c = new GroCoalescer();
        c.start(a, 0, a.limit());
        assertThat(c.tryAppend(packet(1000, 2000, 1200, TcpPackets.ACK, 1000), 0, 1072)).as("gap").isFalse();
        assertThat(c.tryAppend(packet(1001, 2000, 1100, TcpPackets.ACK, 1000), 0, 1072)).as("port").isFalse();
        assertThat(c.tryAppend(packet(1000, 2000, 1100, TcpPackets.ACK | TcpPackets.FIN, 1000), 0, 1072))
                .as("FIN").isFalse();
        assertThat(c.tryAppend(packet(1000, 2000, 1100, TcpPackets.ACK, 1001), 0, 1073)).as("larger").isFalse();
        assertThat(c.tryAppend(packet(1000, 2000, 1100, TcpPackets.ACK, 500), 0, 572)).as("short, last").isTrue();
        assertThat(c.tryAppend(packet(1000, 2000, 1600, TcpPackets.ACK, 500), 0, 572)).as("after short").isFalse();
        assertThat(c.pending()).isEqualTo(2);

        GroCoalescer syn = new GroCoalescer();
        ByteBuffer s = packet(1000, 2000, 100, TcpPackets.SYN, 0);
        syn.start(s, 0, s.limit());
        assertThat(syn.tryAppend(packet(1000, 2000, 101, TcpPackets.ACK, 100), 0, 172)).isFalse();
        assertThat(VirtioNetHeader.gsoType(syn.finish(), 0)).isEqualTo(VirtioNetHeader.GSO_NONE);
    }

    private static ByteBuffer packet(int srcPort, int dstPort, long seq, int flags, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocateDirect(MTU);
        int len = TcpPackets.tcp(b, 0, SRC, DST, srcPort, dstPort, seq, 77, flags, new byte[payloadLength], false);
        return b.limit(len);
    }

    /** A read from the kernel: virtio header for a TSO6 super-packet, checksum field partial. */
    private static ByteBuffer gsoRead(byte[] payload, int mss, long seq, int flags) {
        ByteBuffer b = ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + 40 + 65535);
        int len = TcpPackets.tcp(b, VirtioNetHeader.SIZE, SRC, DST, 40000, 5201, seq, 12345, flags, payload, true);
        VirtioNetHeader.putTcp6Gso(b, 0, 72, mss);
        return b.limit(VirtioNetHeader.SIZE + len);
    }

    private static List<ByteBuffer> split(ByteBuffer read, boolean littleEndianCaller) {
        GsoSplitter splitter = new GsoSplitter();
        int n = splitter.prepare(read, 0, read.limit() - VirtioNetHeader.SIZE);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteBuffer s = ByteBuffer.allocateDirect(MTU);
            if (littleEndianCaller) {
                s.order(ByteOrder.LITTLE_ENDIAN);
            }
            int len = splitter.copySegment(i, s);
            assertThat(s.position()).isEqualTo(len);
            out.add(s.flip());
        }
        return out;
    }

    private static byte[] address(int last) {
        byte[] a = new byte[16];
        a[0] = 0x04;
        a[15] = (byte) last;
        return a;
    }
}
