package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random packet streams cut at random places, intact and mutated, through both framers. */
class PacketFramerPropertyTest {

    /** A packet on the wire and what the framer should emit for it. */
    record Packet(byte[] wire, ControlTlv tlv) {
    }

    @BeforeContainer
    static void captureLeaks() {
        LeakCheck.install();
    }

    @AfterContainer
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoneReported();
    }

    @Provide
    Arbitrary<List<Packet>> streams() {
        Arbitrary<Packet> control = WireArbitraries.sendableTlvs().map(t -> new Packet(Packets.control(t), t));
        Arbitrary<Packet> data = Combinators.combine(WireArbitraries.u8(), Arbitraries.integers().between(0, 3000))
                .as((hop, len) -> new Packet(Packets.data(hop, len), null));
        return Arbitraries.oneOf(control, data).list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void framerEmitsExactlyThePacketsWhateverTheCuts(@ForAll("streams") List<Packet> packets, @ForAll long seed)
            throws WireFormatException {
        byte[] stream = concat(packets);
        List<ControlTlv> control = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        PacketFramer framer = new PacketFramer();

        for (byte[] piece : cut(stream, new Random(seed))) {
            ByteBuf in = Bytes.buf(piece);
            framer.feed(in, new CollectingSink(control, data));
            assertThat(in.refCnt()).isZero();
            assertThat(framer.bufferedBytes()).isLessThanOrEqualTo(PacketFramer.MAX_PACKET);
        }

        assertEmitted(packets, control, data);
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Property(tries = 200)
    void nettyDecoderEmitsExactlyThePacketsWhateverTheCuts(@ForAll("streams") List<Packet> packets,
            @ForAll long seed) {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());
        List<ControlTlv> control = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();

        for (byte[] piece : cut(concat(packets), new Random(seed))) {
            channel.writeInbound(Bytes.buf(piece));
        }
        for (Object m; (m = channel.readInbound()) != null; ) {
            if (m instanceof ControlTlv tlv) {
                control.add(tlv);
            } else {
                ByteBuf b = (ByteBuf) m;
                data.add(Bytes.readable(b));
                b.release();
            }
        }

        assertEmitted(packets, control, data);
        assertThat(channel.finish()).isFalse();
    }

    /** Truncation, bit flips and garbage end in packets or a WireFormatException; nothing else, never a hang. */
    @Property(tries = 500)
    void mutatedStreamsEndCleanly(@ForAll("streams") List<Packet> packets, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] stream = mutate(concat(packets), random);
        List<byte[]> pieces = cut(stream, random);
        PacketFramer framer = new PacketFramer();
        List<ByteBuf> inputs = new ArrayList<>();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                for (byte[] piece : pieces) {
                    ByteBuf in = Bytes.buf(piece);
                    inputs.add(in);
                    framer.feed(in, new CollectingSink(new ArrayList<>(), new ArrayList<>()));
                }
            } catch (WireFormatException expected) {
                assertThat(framer.isFailed()).isTrue();
            }
        });
        framer.release();
        assertThat(inputs).allSatisfy(in -> assertThat(in.refCnt()).isZero());
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Property(tries = 300)
    void mutatedStreamsEndCleanlyInNetty(@ForAll("streams") List<Packet> packets, @ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> pieces = cut(mutate(concat(packets), random), random);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                for (byte[] piece : pieces) {
                    channel.writeInbound(Bytes.buf(piece));
                }
            } catch (DecoderException e) {
                assertThat(e.getCause()).isInstanceOf(WireFormatException.class);
            }
        });
        for (Object m; (m = channel.readInbound()) != null; ) {
            if (m instanceof ByteBuf b) {
                b.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    private static void assertEmitted(List<Packet> packets, List<ControlTlv> control, List<byte[]> data) {
        List<ControlTlv> expectedControl = new ArrayList<>();
        List<String> expectedData = new ArrayList<>();
        for (Packet p : packets) {
            if (p.tlv() != null) {
                expectedControl.add(p.tlv());
            } else {
                expectedData.add(Bytes.hex(Packets.withoutOuterHeader(p.wire())));
            }
        }
        assertThat(control).containsExactlyElementsOf(expectedControl);
        assertThat(data.stream().map(Bytes::hex).toList()).containsExactlyElementsOf(expectedData);
    }

    private static byte[] concat(List<Packet> packets) {
        return Bytes.concat(packets.stream().map(Packet::wire).toArray(byte[][]::new));
    }

    /** Cuts into pieces of 0..(mostly small, sometimes large) bytes, including empty reads. */
    static List<byte[]> cut(byte[] stream, Random random) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int n = random.nextInt(4) == 0 ? random.nextInt(3000) : random.nextInt(40);
            int end = Math.min(stream.length, at + n);
            pieces.add(Arrays.copyOfRange(stream, at, end));
            at = end;
        }
        return pieces;
    }

    static byte[] mutate(byte[] stream, Random random) {
        byte[] b = stream.clone();
        switch (random.nextInt(5)) {
            case 0: // truncate
                return Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
            case 1: // flip a few bits
                for (int i = 0, n = 1 + random.nextInt(4); i < n && b.length > 0; i++) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 2: { // insert garbage somewhere
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                int at = random.nextInt(b.length + 1);
                return Bytes.concat(Arrays.copyOf(b, at), garbage, Arrays.copyOfRange(b, at, b.length));
            }
            case 3: { // pure garbage
                byte[] garbage = new byte[random.nextInt(2000)];
                random.nextBytes(garbage);
                return garbage;
            }
            default: { // plausible headers, random rest
                byte[] garbage = new byte[10 + random.nextInt(300)];
                random.nextBytes(garbage);
                garbage[0] = PacketHeader.VERSION;
                garbage[1] = (byte) random.nextInt(2);
                if (garbage[1] == PacketHeader.TYPE_CONTROL) {
                    garbage[4] = (byte) ControlPacketCodec.BABEL_MAGIC;
                    garbage[5] = (byte) ControlPacketCodec.BABEL_VERSION;
                    garbage[6] = 0;
                    garbage[8] = (byte) new int[] {4, 5, 8, 9, 10}[random.nextInt(5)];
                    garbage[7] = (byte) ((garbage[9] & 0xFF) + 2);
                }
                return Bytes.concat(b, garbage);
            }
        }
    }
}
