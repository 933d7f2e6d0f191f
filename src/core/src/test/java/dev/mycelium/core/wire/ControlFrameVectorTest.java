package dev.mycelium.core.wire;

import static dev.mycelium.core.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec_*_frame vectors at the full packet level: outer header + Babel header + TLV (protocol.md 3.1, 3.3). The
 * vectors describe their input TLV in words (Rust constructor calls); the numbers are read out of that text.
 */
class ControlFrameVectorTest {

    static Stream<Vector> frameVectors() {
        return Vectors.withPrefix("codec_").stream().filter(v -> v.name().endsWith("_frame"));
    }

    @Test
    void allFiveTlvKindsHaveAFrameVector() {
        assertThat(frameVectors().map(v -> tlvFromDescription(v).getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder("Hello", "Ihu", "Update", "SeqnoRequest", "RouteRequest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameVectors")
    void encodesWholePacket(Vector v) {
        ControlTlv tlv = tlvFromDescription(v);
        byte[] framed = Bytes.encode(out -> ControlPacketCodec.encode(tlv, out));

        assertThat(hex(framed)).isEqualTo(hex(v.expectedHex("framed_on_stream")));
        assertThat(hex(Bytes.encode(out -> ControlPacketCodec.writeBabelPacket(tlv, out))))
                .isEqualTo(hex(v.expectedHex("babel_packet")));
        assertThat(ControlPacketCodec.packetLength(tlv)).isEqualTo(framed.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameVectors")
    void decodesWholePacket(Vector v) throws WireFormatException {
        ControlTlv expected = tlvFromDescription(v);
        ByteBuf in = Bytes.buf(v.expectedHex("framed_on_stream"));
        try {
            assertThat(ControlPacketCodec.decode(in)).isEqualTo(expected);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
        ByteBuf babel = Bytes.buf(v.expectedHex("babel_packet"));
        try {
            assertThat(ControlPacketCodec.decodeBabelPacket(babel)).isEqualTo(expected);
        } finally {
            babel.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameVectors")
    void framerEmitsTheTlv(Vector v) throws WireFormatException {
        List<ControlTlv> got = new ArrayList<>();
        PacketFramer framer = new PacketFramer();
        framer.feed(Bytes.buf(v.expectedHex("framed_on_stream")), new CollectingSink(got, new ArrayList<>()));
        assertThat(got).containsExactly(tlvFromDescription(v));
        assertThat(framer.bufferedBytes()).isZero();
    }

    /** Reads the TLV the vector describes, e.g. "Hello::new_unicast(seqno 15, interval 400 cs)". */
    static ControlTlv tlvFromDescription(Vector v) {
        String d = v.input().get("tlv").asText();
        if (d.startsWith("Hello::new_unicast(")) {
            return new Hello(Hello.UNICAST, number(d, "seqno (\\d+)"), number(d, "interval (\\d+) cs"));
        } else if (d.startsWith("Ihu::new(")) {
            assertThat(d).contains("no address");
            return new Ihu(number(d, "rx_cost (\\d+)"), number(d, "interval (\\d+) cs"), null);
        } else if (d.startsWith("Update::new(")) {
            return new Update(0, number(d, "-> (\\d+) cs"), number(d, "seqno (\\d+)"), number(d, "metric (\\d+)"),
                    Subnet.parse(text(d, "([0-9a-f:]+/\\d+)")), routerIdBytes(d));
        } else if (d.startsWith("SeqNoRequest::new(")) {
            return new SeqnoRequest(number(d, "seqno (\\d+)"), number(d, "hop count defaults to (\\d+)"),
                    Subnet.parse(text(d, "([0-9a-f:]+/\\d+)")), routerIdBytes(d));
        } else if (d.startsWith("RouteRequest::new(Some(")) {
            return new RouteRequest(number(d, "generation (\\d+)"), Subnet.parse(text(d, "Some\\(([0-9a-f:]+/\\d+)\\)")));
        }
        throw new IllegalArgumentException("unknown TLV description: " + d);
    }

    /** "router_id bytes 1..40": the bytes 1, 2, ..., 40. */
    private static RouterId routerIdBytes(String d) {
        int from = number(d, "router_id bytes (\\d+)\\.\\.\\d+");
        int to = number(d, "router_id bytes \\d+\\.\\.(\\d+)");
        byte[] id = new byte[to - from + 1];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) (from + i);
        }
        return RouterId.of(id);
    }

    private static int number(String text, String regex) {
        return Integer.parseInt(text(text, regex));
    }

    private static String text(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in '%s'", regex, text).isTrue();
        return m.group(1);
    }
}
