package dev.mycelium.core.wire.babel;

import static dev.mycelium.core.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.mycelium.core.wire.Bytes;
import dev.mycelium.core.wire.ControlPacketCodec;
import dev.mycelium.core.wire.Ipv6Text;
import dev.mycelium.core.wire.PacketFramer;
import dev.mycelium.core.wire.PacketHeader;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.WireFormatException.Reason;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every TLV vector of vectors.json, at the TLV-body level (protocol.md 4.1-4.5). */
class TlvVectorTest {

    static Stream<Vector> tlvVectors() {
        return Stream.of("hello_", "ihu_", "update_", "route_request_", "seqno_request_")
                .flatMap(prefix -> Vectors.withPrefix(prefix).stream())
                // update_feasibility_* are routing vectors, not TLV encodings.
                .filter(v -> !v.name().startsWith("update_feasibility_"));
    }

    static Stream<Vector> encodeVectors() {
        return tlvVectors().filter(v -> v.name().contains("_encode_"));
    }

    static Stream<Vector> decodeVectors() {
        return tlvVectors().filter(v -> v.name().contains("_decode_") && !v.name().endsWith("_rejected"));
    }

    static Stream<Vector> rejectedVectors() {
        return tlvVectors().filter(v -> v.name().endsWith("_rejected"));
    }

    @org.junit.jupiter.api.Test
    void everyTlvVectorIsCovered() {
        List<Vector> all = tlvVectors().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(encodeVectors().count() + decodeVectors().count() + rejectedVectors().count())
                .isEqualTo(all.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodeVectors")
    void encodesBodyByteForByte(Vector v) {
        int type = TlvJson.typeOf(v.name());
        ControlTlv tlv = TlvJson.tlv(type, v.input());
        byte[] expected = v.expectedHex("tlv_body");

        assertThat(hex(Bytes.encode(out -> TlvCodec.encodeBody(tlv, out)))).isEqualTo(hex(expected));
        assertThat(TlvCodec.bodyLength(tlv)).isEqualTo(expected.length);
        assertThat(TlvCodec.type(tlv)).isEqualTo(type);
        if (v.expected().has("length")) {
            assertThat(TlvCodec.bodyLength(tlv)).isEqualTo(v.expected().get("length").asInt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeVectors")
    void decodesBody(Vector v) throws WireFormatException {
        int type = TlvJson.typeOf(v.name());
        ControlTlv decoded = decode(type, v.inputHex("tlv_body"));

        assertThat(decoded).isEqualTo(TlvJson.tlv(type, v.expected()));
        // Text forms as the vectors (and Rust) print them.
        if (decoded instanceof Update u) {
            assertThat(u.subnet()).hasToString(v.expected().get("subnet").asText());
        } else if (decoded instanceof RouteRequest r && r.prefix() != null) {
            assertThat(r.prefix()).hasToString(v.expected().get("prefix").asText());
        } else if (decoded instanceof SeqnoRequest s) {
            assertThat(s.prefix()).hasToString(v.expected().get("prefix").asText());
        } else if (decoded instanceof Ihu i && i.address() != null) {
            assertThat(Ipv6Text.format(i.address().getAddress())).isEqualTo(v.expected().get("address").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedVectors")
    void rejectsBodyWithTypedError(Vector v) {
        int type = TlvJson.typeOf(v.name());
        byte[] body = v.inputHex("tlv_body");
        assertThat(body).hasSize(v.input().get("tlv_len").asInt());
        assertThat(v.expected().get("result").isNull()).isTrue();

        assertThatThrownBy(() -> decode(type, body))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(expectedReason(v.name())));
    }

    /** The same rejected bodies inside a well-formed control packet end the link with the same typed error. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedVectors")
    void rejectsPacketCarryingRejectedBody(Vector v) {
        int type = TlvJson.typeOf(v.name());
        byte[] body = v.inputHex("tlv_body");
        byte[] packet = Bytes.concat(new byte[] {PacketHeader.VERSION, PacketHeader.TYPE_CONTROL, 0, 0,
                (byte) ControlPacketCodec.BABEL_MAGIC, (byte) ControlPacketCodec.BABEL_VERSION,
                (byte) ((body.length + 2) >>> 8), (byte) (body.length + 2), (byte) type, (byte) body.length}, body);
        PacketFramer framer = new PacketFramer();
        ByteBuf in = Bytes.buf(packet);
        assertThatThrownBy(() -> framer.feed(in, new PacketFramer.PacketSink() {
            @Override
            public void onControl(ControlTlv tlv) {
                fail("emitted " + tlv);
            }

            @Override
            public void onData(ByteBuf dataPacket) {
                dataPacket.release();
                fail("emitted data");
            }
        })).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(expectedReason(v.name())));
        assertThat(in.refCnt()).isZero();
        assertThat(framer.isFailed()).isTrue();
    }

    private static Reason expectedReason(String name) {
        if (name.contains("unknown_ae")) {
            return Reason.BAD_AE;
        } else if (name.contains("zero_hop_count")) {
            return Reason.ZERO_HOP_COUNT;
        }
        throw new IllegalArgumentException("no expected reason for " + name);
    }

    static ControlTlv decode(int type, byte[] body) throws WireFormatException {
        ByteBuf in = Bytes.buf(body);
        try {
            ControlTlv tlv = TlvCodec.decodeBody(type, in);
            assertThat(in.readableBytes()).as("whole body consumed").isZero();
            return tlv;
        } finally {
            in.release();
        }
    }
}
