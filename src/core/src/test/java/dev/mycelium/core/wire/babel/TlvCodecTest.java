package dev.mycelium.core.wire.babel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.wire.Bytes;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.WireFormatException.Reason;
import org.junit.jupiter.api.Test;

/** Strict decoding rules beyond the vectors (protocol.md 3.3, 4.1-4.5). */
class TlvCodecTest {

    private static final String ROUTER_ID = "07".repeat(RouterId.SIZE);

    @Test
    void helloMustBeExactlySixBytes() {
        assertThat(reason(TlvCodec.TYPE_HELLO, "8000000107")).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_HELLO, "80000001019000")).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void ihuAddressMustMatchItsAe() {
        // AE 2 announces 16 address bytes; only 4 follow.
        assertThat(reason(TlvCodec.TYPE_IHU, "020000010190" + "01020304")).isEqualTo(Reason.LENGTH_MISMATCH);
        // AE 0 with trailing bytes.
        assertThat(reason(TlvCodec.TYPE_IHU, "000000010190" + "00")).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_IHU, "0000000101")).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void ihuIgnoresItsReservedByte() throws WireFormatException {
        assertThat(TlvVectorTest.decode(TlvCodec.TYPE_IHU, Bytes.hex("00ff00010190")))
                .isEqualTo(new Ihu(1, 400, null));
    }

    @Test
    void updatePrefixLengthRules() {
        // AE 0 needs plen 0; AE 1 at most 32; AE 2 at most 128; AE 3 exactly 64.
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(0, 8, ""))).isEqualTo(Reason.BAD_PREFIX_LENGTH);
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(1, 33, "0a0a0a0a0a"))).isEqualTo(Reason.BAD_PREFIX_LENGTH);
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(2, 129, "00".repeat(17)))).isEqualTo(Reason.BAD_PREFIX_LENGTH);
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(3, 48, "00".repeat(8)))).isEqualTo(Reason.BAD_PREFIX_LENGTH);
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(7, 0, ""))).isEqualTo(Reason.BAD_AE);
    }

    @Test
    void updatePrefixBytesMustMatchPlen() {
        // /64 carries 8 prefix bytes; 7 or 9 desynchronise a 0.7 reader.
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(2, 64, "04".repeat(7)))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_UPDATE, update(2, 64, "04".repeat(9)))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_UPDATE, "0200400000010002")).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void updateWithPrefixCompressionIsRefused() {
        String body = update(2, 64, "04".repeat(8));
        String omitted = body.substring(0, 6) + "04" + body.substring(8);
        assertThat(reason(TlvCodec.TYPE_UPDATE, omitted)).isEqualTo(Reason.BAD_OMITTED);
    }

    @Test
    void updateKeepsUnmaskedPrefixBits() throws WireFormatException {
        // /60 carries 8 bytes; the low nibble of the 8th is a host bit and is kept as Mycelium keeps it.
        Update u = (Update) TlvVectorTest.decode(TlvCodec.TYPE_UPDATE, Bytes.hex(update(2, 60, "040000000000000f")));
        assertThat(u.subnet().prefixLength()).isEqualTo(60);
        assertThat(u.subnet()).hasToString("400:0:0:f::/60");
        assertThat(u.subnet().network()).hasToString("400::/60");
    }

    @Test
    void routeRequestRules() {
        assertThat(reason(TlvCodec.TYPE_ROUTE_REQUEST, "000040")).isEqualTo(Reason.BAD_PREFIX_LENGTH);
        assertThat(reason(TlvCodec.TYPE_ROUTE_REQUEST, "0000")).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_ROUTE_REQUEST, "00000000")).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_ROUTE_REQUEST, "000240" + "04".repeat(7))).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void seqnoRequestRules() {
        String fixed = "0240" + "0001" + "40" + "00" + ROUTER_ID;
        assertThat(reason(TlvCodec.TYPE_SEQNO_REQUEST, fixed + "04".repeat(7))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_SEQNO_REQUEST, fixed.substring(0, 20))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(TlvCodec.TYPE_SEQNO_REQUEST, "0008" + fixed.substring(4))).isEqualTo(Reason.BAD_PREFIX_LENGTH);
    }

    @Test
    void unknownTypeIsRefused() {
        assertThat(reason(1, "")).isEqualTo(Reason.UNKNOWN_TLV);
        assertThat(reason(6, "000000000000")).isEqualTo(Reason.UNKNOWN_TLV);
    }

    @Test
    void encoderRefusesFieldsThatDoNotFit() {
        Subnet s = Subnet.parse("400::/64");
        RouterId id = RouterId.of(new byte[RouterId.SIZE]);
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new Hello(0, 65536, 0), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seqno");
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new Update(256, 0, 0, 0, s, id), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new Update(0, 0, 0, -1, s, id), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metric");
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new Update(0, 0, 0, 0, null, id), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subnet");
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new Update(0, 0, 0, 0, s, null), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router id");
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new RouteRequest(256, s), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation");
        assertThatThrownBy(() -> Bytes.encode(out -> TlvCodec.encodeBody(new SeqnoRequest(0, 256, s, id), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hop count");
    }

    @Test
    void encoderWritesTheLeadingBytesOfAnUnmaskedAddress() {
        Subnet s = Subnet.of(Bytes.hex("0400000000000000ffffffffffffffff"), 64);
        byte[] body = Bytes.encode(out -> TlvCodec.encodeBody(new RouteRequest(0, s), out));
        assertThat(Bytes.hex(body)).isEqualTo("0002400400000000000000");
        byte[] odd = Bytes.encode(out -> TlvCodec.encodeBody(
                new RouteRequest(0, Subnet.of(Bytes.hex("04ffffffffffffffffffffffffffffff"), 9)), out));
        assertThat(Bytes.hex(odd)).isEqualTo("00020904ff");
    }

    private static String update(int ae, int plen, String prefixHex) {
        return String.format("%02x00%02x00", ae, plen) + "0190" + "0011" + "0019" + prefixHex + ROUTER_ID;
    }

    private static Reason reason(int type, String bodyHex) {
        try {
            ControlTlv tlv = TlvVectorTest.decode(type, Bytes.hex(bodyHex));
            throw new AssertionError("accepted " + bodyHex + " as " + tlv);
        } catch (WireFormatException e) {
            return e.reason();
        }
    }
}
