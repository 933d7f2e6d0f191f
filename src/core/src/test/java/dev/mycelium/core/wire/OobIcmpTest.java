package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The out-of-band ICMP payload (protocol.md 6.6). */
class OobIcmpTest {

    private static final byte[] ORIGINAL_DST = Packets.DST;
    private static final byte[] ROUTER = Bytes.hex("05aaaaaaaaaaaaaa0000000000000000");
    private static final byte[] ORIGINAL_SRC = Packets.SRC;

    @Test
    void layout() {
        byte[] body = Bytes.hex("deadbeef");
        byte[] p = write(OobIcmp.ICMPV6_TIME_EXCEEDED, 0, body);

        assertThat(p).hasSize(OobIcmp.MIN_LENGTH + 4).hasSize(OobIcmp.length(4));
        String hex = Bytes.hex(p);
        assertThat(hex.substring(0, 32)).isEqualTo(Bytes.hex(ORIGINAL_DST));
        // IPv6: version 6, tc/flow 0, payload 12 = 8 + 4, next header 58, hop limit 64, src router, dst original src
        assertThat(hex.substring(32, 48)).isEqualTo("60000000000c3a40");
        assertThat(hex.substring(48, 80)).isEqualTo(Bytes.hex(ROUTER));
        assertThat(hex.substring(80, 112)).isEqualTo(Bytes.hex(ORIGINAL_SRC));
        // ICMPv6 type 3 code 0, checksum, 4 unused zero bytes, then the failed body
        assertThat(hex.substring(112, 116)).isEqualTo("0300");
        assertThat(hex.substring(120, 128)).isEqualTo("00000000");
        assertThat(hex.substring(128)).isEqualTo("deadbeef");
    }

    @Test
    void checksumVerifiesOverThePseudoHeader() {
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 2, 57, 1232}) {
            byte[] body = new byte[length];
            random.nextBytes(body);
            byte[] p = write(OobIcmp.ICMPV6_DESTINATION_UNREACHABLE, OobIcmp.CODE_NO_ROUTE, body);
            // A receiver summing pseudo-header + message including the checksum gets 0xffff (RFC 4443 2.3).
            assertThat(onesComplementSum(p)).isEqualTo(0xFFFF);
        }
    }

    @Test
    void bodiesOver1232BytesAreOmitted() throws WireFormatException {
        assertThat(write(1, 0, new byte[1232])).hasSize(64 + 1232);
        assertThat(write(1, 0, new byte[1233])).hasSize(64);
        assertThat(OobIcmp.length(1233)).isEqualTo(64);
        OobIcmp.Parsed parsed = OobIcmp.parse(Unpooled.wrappedBuffer(write(1, 0, new byte[1400])));
        assertThat(parsed.embeddedBody().readableBytes()).isZero();
    }

    @Test
    void receiverLengthBounds() throws WireFormatException {
        byte[] min = write(3, 0, new byte[0]);
        byte[] max = write(3, 0, new byte[1232]);
        assertThat(min).hasSize(OobIcmp.MIN_LENGTH).hasSize(64);
        assertThat(max).hasSize(OobIcmp.MAX_LENGTH).hasSize(1296);
        OobIcmp.parse(Unpooled.wrappedBuffer(min));
        OobIcmp.parse(Unpooled.wrappedBuffer(max));

        assertThat(reason(java.util.Arrays.copyOf(min, 63))).isEqualTo(Reason.TRUNCATED);
        byte[] tooLong = Bytes.concat(max, new byte[1]);
        tooLong[16 + 5] += 1; // keep the IPv6 payload length consistent so only the bound fails
        assertThat(reason(tooLong)).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void embeddedHeaderChecks() {
        byte[] p = write(3, 0, new byte[10]);
        byte[] v4 = p.clone();
        v4[16] = 0x45;
        assertThat(reason(v4)).isEqualTo(Reason.BAD_VERSION);
        byte[] udp = p.clone();
        udp[16 + 6] = 17;
        assertThat(reason(udp)).isEqualTo(Reason.BAD_FIELD);
        byte[] wrongLength = p.clone();
        wrongLength[16 + 5] = 99;
        assertThat(reason(wrongLength)).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Property
    void roundTrip(@ForAll @Size(16) byte[] dst, @ForAll @Size(16) byte[] router, @ForAll @Size(16) byte[] src,
            @ForAll @IntRange(max = 255) int type, @ForAll @IntRange(max = 255) int code,
            @ForAll @Size(max = 1500) byte[] body) throws WireFormatException {
        ByteBuf out = Unpooled.buffer();
        ByteBuf failed = Unpooled.wrappedBuffer(body);
        OobIcmp.write(out, dst, router, src, type, code, failed);
        assertThat(failed.readerIndex()).isZero();

        OobIcmp.Parsed p = OobIcmp.parse(out);
        assertThat(p.originalDestination()).isEqualTo(dst);
        assertThat(p.source()).isEqualTo(router);
        assertThat(p.destination()).isEqualTo(src);
        assertThat(p.hopLimit()).isEqualTo(OobIcmp.HOP_LIMIT);
        assertThat(p.icmpType()).isEqualTo(type);
        assertThat(p.icmpCode()).isEqualTo(code);
        assertThat(Bytes.readable(p.embeddedBody())).isEqualTo(body.length > 1232 ? new byte[0] : body);
    }

    @Property(tries = 2000)
    void mutatedPayloadsEndCleanly(@ForAll @Size(max = 300) byte[] body, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] p = write(3, 0, body);
        if (random.nextBoolean()) {
            p = java.util.Arrays.copyOf(p, random.nextInt(p.length + 1));
        }
        for (int i = random.nextInt(4); i > 0 && p.length > 0; i--) {
            p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
        }
        try {
            OobIcmp.Parsed parsed = OobIcmp.parse(Unpooled.wrappedBuffer(p));
            assertThat(parsed.embeddedBody().readableBytes()).isEqualTo(p.length - OobIcmp.MIN_LENGTH);
        } catch (WireFormatException expected) {
            // typed rejection
        }
    }

    private static byte[] write(int type, int code, byte[] body) {
        return Bytes.encode(out -> OobIcmp.write(out, ORIGINAL_DST, ROUTER, ORIGINAL_SRC, type, code,
                Unpooled.wrappedBuffer(body)));
    }

    private static Reason reason(byte[] payload) {
        try {
            OobIcmp.parse(Unpooled.wrappedBuffer(payload));
            throw new AssertionError("accepted");
        } catch (WireFormatException e) {
            return e.reason();
        }
    }

    /** Independent checksum verification: pseudo-header (src, dst, length, next header) plus the ICMPv6 message. */
    private static int onesComplementSum(byte[] p) {
        int ipv6 = 16;
        int icmp = ipv6 + 40;
        int length = p.length - icmp;
        byte[] pseudo = new byte[40 + length + (length % 2)];
        System.arraycopy(p, ipv6 + 8, pseudo, 0, 32);
        pseudo[34] = (byte) (length >>> 8);
        pseudo[35] = (byte) length;
        pseudo[39] = 58;
        System.arraycopy(p, icmp, pseudo, 40, length);
        long sum = 0;
        for (int i = 0; i < pseudo.length; i += 2) {
            sum += ((pseudo[i] & 0xFF) << 8) | (pseudo[i + 1] & 0xFF);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
