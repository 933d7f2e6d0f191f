package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.wire.WireFormatException.Reason;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PacketFramer}, the framer peers use (protocol.md 2.4). */
class PacketFramerTest {

    private final List<ControlTlv> control = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();
    private final CollectingSink sink = new CollectingSink(control, data);
    private final PacketFramer framer = new PacketFramer();

    @BeforeAll
    static void captureLeaks() {
        LeakCheck.install();
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoneReported();
    }

    @Test
    void byteByByte() throws WireFormatException {
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 1, 2000));
        byte[] packet = Packets.data(64, 1432);
        byte[] stream = Bytes.concat(packet, hello, packet);

        for (byte b : stream) {
            ByteBuf in = Bytes.buf(new byte[] {b});
            framer.feed(in, sink);
            assertThat(in.refCnt()).isZero();
        }

        assertThat(control).containsExactly(new Hello(Hello.UNICAST, 1, 2000));
        assertThat(data).hasSize(2);
        assertThat(data.get(0)).isEqualTo(Packets.withoutOuterHeader(packet));
        assertThat(data.get(1)).isEqualTo(Packets.withoutOuterHeader(packet));
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void manyPacketsInOneFeedAndATailForLater() throws WireFormatException {
        List<byte[]> parts = new ArrayList<>();
        for (ControlTlv tlv : Packets.sampleTlvs()) {
            parts.add(Packets.control(tlv));
        }
        byte[] packet = Packets.data(2, 500);
        parts.add(packet);
        byte[] all = Bytes.concat(parts.toArray(new byte[0][]));
        byte[] tail = Arrays.copyOf(packet, 100);

        framer.feed(Bytes.buf(Bytes.concat(all, tail)), sink);

        assertThat(control).containsExactly(Packets.sampleTlvs());
        assertThat(data).hasSize(1);
        assertThat(framer.bufferedBytes()).isEqualTo(100);

        framer.feed(Bytes.buf(Arrays.copyOfRange(packet, 100, packet.length)), sink);
        assertThat(data).hasSize(2);
        assertThat(data.get(1)).isEqualTo(Packets.withoutOuterHeader(packet));
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void dataPacketsAreSlicesThatOutliveTheInput() throws WireFormatException {
        byte[] packet = Packets.data(9, 64);
        List<ByteBuf> kept = new ArrayList<>();
        PacketFramer.PacketSink keeping = new PacketFramer.PacketSink() {
            @Override
            public void onControl(ControlTlv tlv) {
            }

            @Override
            public void onData(ByteBuf dataPacket) {
                kept.add(dataPacket);
            }
        };
        ByteBuf in = Bytes.buf(Bytes.concat(packet, packet));

        framer.feed(in, keeping);

        assertThat(kept).hasSize(2);
        for (ByteBuf b : kept) {
            assertThat(Bytes.readable(b)).isEqualTo(Packets.withoutOuterHeader(packet));
            assertThat(DataHeader.hopLimit(b)).isEqualTo(9);
            b.release();
        }
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void bufferedBytesStayWithinOnePacket() throws WireFormatException {
        byte[] big = Packets.data(64, DataHeader.MAX_BODY);
        int half = big.length / 2;

        framer.feed(Bytes.buf(Arrays.copyOf(big, 5)), sink);
        assertThat(framer.bufferedBytes()).isEqualTo(5);
        framer.feed(Bytes.buf(Arrays.copyOfRange(big, 5, half)), sink);
        assertThat(framer.bufferedBytes()).isEqualTo(half);
        // The rest of this packet plus a second packet arrive together.
        framer.feed(Bytes.buf(Bytes.concat(Arrays.copyOfRange(big, half, big.length), big)), sink);

        assertThat(framer.bufferedBytes()).isZero();
        assertThat(data).hasSize(2);
        assertThat(data.get(0)).isEqualTo(Packets.withoutOuterHeader(big));
        assertThat(data.get(1)).isEqualTo(Packets.withoutOuterHeader(big));
        assertThat(PacketFramer.MAX_PACKET).isEqualTo(4 + 36 + 65535);
    }

    @Test
    void topByteOfTheDataWordIsIgnored() throws WireFormatException {
        byte[] packet = Packets.data(17, 10);
        packet[4] = (byte) 0xAB; // reserved top byte of (len << 8 | hop)

        framer.feed(Bytes.buf(packet), sink);

        assertThat(data).hasSize(1);
        ByteBuf emitted = Bytes.buf(data.get(0));
        try {
            assertThat(DataHeader.bodyLength(emitted)).isEqualTo(10);
            assertThat(DataHeader.hopLimit(emitted)).isEqualTo(17);
        } finally {
            emitted.release();
        }
    }

    @Test
    void reservedOuterHeaderBytesAreIgnored() throws WireFormatException {
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 3, 2000));
        hello[2] = 0x55;
        hello[3] = (byte) 0xAA;

        framer.feed(Bytes.buf(hello), sink);

        assertThat(control).containsExactly(new Hello(Hello.UNICAST, 3, 2000));
    }

    @Test
    void badVersionIsDetectedFromTheFirstByte() {
        assertRejected(Bytes.hex("02"), Reason.BAD_VERSION);
    }

    @Test
    void badTypeIsDetectedWhenItsByteArrives() throws WireFormatException {
        framer.feed(Bytes.buf(Bytes.hex("01")), sink);
        assertRejected(Bytes.hex("02"), Reason.BAD_TYPE);
    }

    @Test
    void babelHeaderChecks() {
        assertThat(reasonFor("010100002b")).isEqualTo(Reason.BAD_MAGIC);
        assertThat(reasonFor("010100002a02")).isEqualTo(Reason.BAD_VERSION);
        assertThat(reasonFor("010100002a030001")).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reasonFor("010100002a030102")).isEqualTo(Reason.TOO_LARGE);
        assertThat(reasonFor("010100002a0300080b")).isEqualTo(Reason.UNKNOWN_TLV); // TLV type 11
        assertThat(reasonFor("010100002a03000801")).isEqualTo(Reason.UNKNOWN_TLV); // Pad1/PadN-like RFC TLVs
        assertThat(reasonFor("010100002a0300080407")).isEqualTo(Reason.LENGTH_MISMATCH); // 8 != 7 + 2
        // Hello whose TLV length agrees with the Babel length but not with its content (7 bytes).
        assertThat(reasonFor("010100002a0300090407" + "80000001019000")).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void errorsAreTerminal() {
        assertRejected(Bytes.hex("ff"), Reason.BAD_VERSION);
        assertThat(framer.isFailed()).isTrue();

        ByteBuf valid = Bytes.buf(Packets.control(new Hello(Hello.UNICAST, 1, 2000)));
        assertThatNoException(valid);
        assertThat(valid.refCnt()).isZero();
        assertThat(control).isEmpty();
    }

    @Test
    void errorWhileCompletingAPartialPacketReleasesIt() throws WireFormatException {
        byte[] packet = Packets.data(64, 1000);
        framer.feed(Bytes.buf(Arrays.copyOf(packet, 600)), sink);
        assertThat(framer.bufferedBytes()).isEqualTo(600);

        // The rest arrives followed by garbage.
        assertRejected(Bytes.concat(Arrays.copyOfRange(packet, 600, packet.length), Bytes.hex("7f")),
                Reason.BAD_VERSION);
        assertThat(data).hasSize(1);
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void releaseFreesThePartialPacketAndLaterInput() throws WireFormatException {
        framer.feed(Bytes.buf(Arrays.copyOf(Packets.data(64, 1000), 300)), sink);
        assertThat(framer.bufferedBytes()).isEqualTo(300);

        framer.release();

        assertThat(framer.bufferedBytes()).isZero();
        ByteBuf later = Bytes.buf(Packets.data(64, 10));
        framer.feed(later, sink);
        assertThat(later.refCnt()).isZero();
        assertThat(data).isEmpty();
    }

    @Test
    void releaseFromInsideTheSinkStopsEmission() throws WireFormatException {
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 1, 2000));
        List<ControlTlv> seen = new ArrayList<>();
        PacketFramer.PacketSink closing = new PacketFramer.PacketSink() {
            @Override
            public void onControl(ControlTlv tlv) {
                seen.add(tlv);
                framer.release();
            }

            @Override
            public void onData(ByteBuf dataPacket) {
                dataPacket.release();
            }
        };
        ByteBuf in = Bytes.buf(Bytes.concat(hello, hello, Arrays.copyOf(hello, 3)));

        framer.feed(in, closing);

        assertThat(seen).hasSize(1);
        assertThat(in.refCnt()).isZero();
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void aThrowingSinkFailsTheFramerWithoutLeaking() {
        byte[] packet = Packets.data(64, 10);
        PacketFramer.PacketSink throwing = new PacketFramer.PacketSink() {
            @Override
            public void onControl(ControlTlv tlv) {
            }

            @Override
            public void onData(ByteBuf dataPacket) {
                dataPacket.release();
                throw new IllegalStateException("sink broke");
            }
        };
        ByteBuf in = Bytes.buf(Bytes.concat(packet, Arrays.copyOf(packet, 20)));

        assertThatThrownBy(() -> framer.feed(in, throwing)).hasMessage("sink broke");
        assertThat(in.refCnt()).isZero();
        assertThat(framer.isFailed()).isTrue();
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void datagramsCarryExactlyOnePacket() throws WireFormatException {
        byte[] packet = Packets.data(64, 1432);
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 1, 2000));

        PacketFramer.decodeDatagram(Bytes.buf(packet), sink);
        PacketFramer.decodeDatagram(Bytes.buf(hello), sink);

        assertThat(data).containsExactly(Packets.withoutOuterHeader(packet));
        assertThat(control).containsExactly(new Hello(Hello.UNICAST, 1, 2000));
        assertThat(datagramReason(Arrays.copyOf(packet, packet.length - 1))).isEqualTo(Reason.TRUNCATED);
        assertThat(datagramReason(Arrays.copyOf(packet, 5))).isEqualTo(Reason.TRUNCATED);
        assertThat(datagramReason(new byte[0])).isEqualTo(Reason.TRUNCATED);
        assertThat(datagramReason(Bytes.concat(packet, new byte[1]))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(datagramReason(Bytes.hex("0300"))).isEqualTo(Reason.BAD_VERSION);
        assertThat(data).hasSize(1);
    }

    private Reason datagramReason(byte[] datagram) {
        ByteBuf in = Bytes.buf(datagram);
        try {
            PacketFramer.decodeDatagram(in, sink);
            throw new AssertionError("accepted datagram " + Bytes.hex(datagram));
        } catch (WireFormatException e) {
            assertThat(in.refCnt()).isZero();
            return e.reason();
        }
    }

    private Reason reasonFor(String hex) {
        PacketFramer fresh = new PacketFramer();
        ByteBuf in = Bytes.buf(Bytes.hex(hex));
        try {
            fresh.feed(in, sink);
        } catch (WireFormatException e) {
            assertThat(in.refCnt()).isZero();
            assertThat(fresh.bufferedBytes()).isZero();
            return e.reason();
        }
        fresh.release();
        throw new AssertionError("accepted " + hex);
    }

    private void assertRejected(byte[] bytes, Reason reason) {
        ByteBuf in = Bytes.buf(bytes);
        assertThatThrownBy(() -> framer.feed(in, sink)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(in.refCnt()).isZero();
        assertThat(framer.isFailed()).isTrue();
    }

    private void assertThatNoException(ByteBuf in) {
        try {
            framer.feed(in, sink);
        } catch (WireFormatException e) {
            throw new AssertionError("failed framer threw again", e);
        }
    }
}
