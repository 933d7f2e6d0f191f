package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mycelium.core.wire.WireFormatException.Reason;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PacketFrameDecoder} in a Netty pipeline (protocol.md 2.4, 3.1-3.3). */
class PacketFrameDecoderTest {

    @BeforeAll
    static void captureLeaks() {
        LeakCheck.install();
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoneReported();
    }

    @Test
    void splitDeliveryByteByByte() {
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 1, 2000));
        byte[] data = Packets.data(64, 300);
        byte[] stream = Bytes.concat(hello, data, hello);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        for (byte b : stream) {
            channel.writeInbound(Bytes.buf(new byte[] {b}));
        }

        assertThat((Object) channel.readInbound()).isEqualTo(new Hello(Hello.UNICAST, 1, 2000));
        assertData(channel.readInbound(), Packets.withoutOuterHeader(data));
        assertThat((Object) channel.readInbound()).isEqualTo(new Hello(Hello.UNICAST, 1, 2000));
        assertFalse(channel.finish());
    }

    @Test
    void severalPacketsInOneRead() {
        List<byte[]> parts = new ArrayList<>();
        for (ControlTlv tlv : Packets.sampleTlvs()) {
            parts.add(Packets.control(tlv));
        }
        byte[] data = Packets.data(3, 1400);
        byte[] emptyData = Packets.data(255, 0);
        parts.add(data);
        parts.add(emptyData);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        channel.writeInbound(Bytes.buf(Bytes.concat(parts.toArray(new byte[0][]))));

        for (ControlTlv tlv : Packets.sampleTlvs()) {
            assertThat((Object) channel.readInbound()).isEqualTo(tlv);
        }
        assertData(channel.readInbound(), Packets.withoutOuterHeader(data));
        assertData(channel.readInbound(), Packets.withoutOuterHeader(emptyData));
        assertFalse(channel.finish());
    }

    @Test
    void largestDataPacketInChunks() {
        byte[] data = Packets.data(64, DataHeader.MAX_BODY);
        assertThat(data).hasSize(PacketFramer.MAX_PACKET);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        for (int at = 0; at < data.length; at += 4096) {
            channel.writeInbound(Bytes.buf(java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + 4096))));
        }

        assertData(channel.readInbound(), Packets.withoutOuterHeader(data));
        assertFalse(channel.finish());
    }

    @Test
    void truncatedPacketAtEndOfStreamIsNotEmitted() {
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 5, 2000));
        byte[] data = Packets.data(64, 100);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        channel.writeInbound(Bytes.buf(Bytes.concat(hello, java.util.Arrays.copyOf(data, data.length - 1))));

        assertThat((Object) channel.readInbound()).isEqualTo(new Hello(Hello.UNICAST, 5, 2000));
        assertFalse(channel.finish());
    }

    @Test
    void truncatedControlPacketAtEndOfStreamIsNotEmitted() {
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 5, 2000));
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        channel.writeInbound(Bytes.buf(java.util.Arrays.copyOf(hello, hello.length - 1)));

        assertFalse(channel.finish());
    }

    @Test
    void garbageIsATerminalError() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());
        byte[] hello = Packets.control(new Hello(Hello.UNICAST, 5, 2000));

        assertThatThrownBy(() -> channel.writeInbound(Bytes.buf(Bytes.concat(hello, Bytes.hex("474554202f20")))))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_VERSION));
        // The packet before the garbage still came through.
        assertThat((Object) channel.readInbound()).isEqualTo(new Hello(Hello.UNICAST, 5, 2000));

        // Anything after the error is discarded, even valid packets.
        channel.writeInbound(Bytes.buf(hello));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(((PacketFrameDecoder) channel.pipeline().first()).isFailed()).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void overLongBabelBodyIsRefusedBeforeItArrives() {
        // Control packet announcing a 1000-byte Babel body: a single TLV is at most 257 bytes.
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        assertThatThrownBy(() -> channel.writeInbound(Bytes.buf(Bytes.hex("010100002a0303e8"))))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertFalse(channel.finish());
    }

    @Test
    void twoTlvsInOneBabelPacketAreRefused() {
        // Babel body length 16 = two 6-byte Hellos with their headers: 0.7 would desynchronise (3.3 rule 1).
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder());

        assertThatThrownBy(() -> channel.writeInbound(
                Bytes.buf(Bytes.hex("010100002a030010" + "0406800000010190" + "0406800000020190"))))
                .cause().isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH_MISMATCH));
        assertFalse(channel.finish());
    }

    private static void assertData(Object message, byte[] expected) {
        assertThat(message).isInstanceOf(ByteBuf.class);
        ByteBuf buf = (ByteBuf) message;
        try {
            assertThat(Bytes.hex(Bytes.readable(buf))).isEqualTo(Bytes.hex(expected));
            assertThat(DataHeader.bodyLength(buf)).isEqualTo(expected.length - DataHeader.SIZE);
        } finally {
            buf.release();
        }
    }
}
