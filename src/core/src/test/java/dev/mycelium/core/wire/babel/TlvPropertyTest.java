package dev.mycelium.core.wire.babel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.wire.Bytes;
import dev.mycelium.core.wire.ControlPacketCodec;
import dev.mycelium.core.wire.WireArbitraries;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Round trips for every TLV, and mutated bytes that must end in a clean decode or a typed rejection. */
class TlvPropertyTest {

    @BeforeContainer
    static void captureLeaks() {
        LeakCheck.install();
    }

    @AfterContainer
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoneReported();
    }

    @Provide
    Arbitrary<Hello> hellos() {
        return WireArbitraries.hellos();
    }

    @Provide
    Arbitrary<Ihu> ihus() {
        return WireArbitraries.ihus();
    }

    @Provide
    Arbitrary<Update> updates() {
        return WireArbitraries.updates();
    }

    @Provide
    Arbitrary<RouteRequest> routeRequests() {
        return WireArbitraries.routeRequests();
    }

    @Provide
    Arbitrary<SeqnoRequest> seqnoRequests() {
        return WireArbitraries.seqnoRequests();
    }

    @Provide
    Arbitrary<ControlTlv> sendable() {
        return WireArbitraries.sendableTlvs();
    }

    @Property
    void helloRoundTrip(@ForAll("hellos") Hello tlv) throws WireFormatException {
        assertBodyRoundTrip(tlv);
    }

    @Property
    void ihuRoundTrip(@ForAll("ihus") Ihu tlv) throws WireFormatException {
        assertBodyRoundTrip(tlv);
    }

    @Property
    void updateRoundTrip(@ForAll("updates") Update tlv) throws WireFormatException {
        assertBodyRoundTrip(tlv);
    }

    @Property
    void routeRequestRoundTrip(@ForAll("routeRequests") RouteRequest tlv) throws WireFormatException {
        assertBodyRoundTrip(tlv);
    }

    @Property
    void seqnoRequestRoundTrip(@ForAll("seqnoRequests") SeqnoRequest tlv) throws WireFormatException {
        assertBodyRoundTrip(tlv);
    }

    /** Whole packets through the link encoder (policy included) and the packet decoder. */
    @Property
    void packetRoundTrip(@ForAll("sendable") ControlTlv tlv) throws WireFormatException {
        byte[] wire = Bytes.encode(out -> ControlPacketCodec.encode(tlv, out));
        assertThat(wire).hasSize(ControlPacketCodec.packetLength(tlv));
        ByteBuf in = Bytes.buf(wire);
        try {
            assertThat(ControlPacketCodec.decode(in)).isEqualTo(tlv);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    /** Any TLV type with random body bytes: a TLV or a WireFormatException, nothing else. */
    @Property(tries = 3000)
    void randomBodiesEndCleanly(@ForAll @IntRange(min = 0, max = 12) int type,
            @ForAll @Size(max = 80) byte[] body) {
        ByteBuf in = Bytes.buf(body);
        try {
            ControlTlv tlv = TlvCodec.decodeBody(type, in);
            assertThat(in.isReadable()).isFalse();
            // What we accept, we can say again with the same meaning; not always in the same bytes (an IHU may carry
            // a link-local address as AE 2, which we re-encode in the shorter AE 3).
            byte[] again = Bytes.encode(out -> TlvCodec.encodeBody(tlv, out));
            assertThat(again.length).isLessThanOrEqualTo(body.length);
            assertThat(TlvVectorTest.decode(type, again)).isEqualTo(tlv);
        } catch (WireFormatException expected) {
            // typed rejection
        } finally {
            in.release();
        }
    }

    /** Valid packets with truncation, bit flips or appended garbage. */
    @Property(tries = 3000)
    void mutatedPacketsEndCleanly(@ForAll("sendable") ControlTlv tlv, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] wire = Bytes.encode(out -> ControlPacketCodec.encode(tlv, out));
        byte[] mutated;
        switch (random.nextInt(3)) {
            case 0:
                mutated = Arrays.copyOf(wire, random.nextInt(wire.length));
                break;
            case 1:
                mutated = wire.clone();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
                }
                break;
            default:
                byte[] garbage = new byte[1 + random.nextInt(20)];
                random.nextBytes(garbage);
                mutated = Bytes.concat(wire, garbage);
        }
        ByteBuf in = Bytes.buf(mutated);
        try {
            ControlPacketCodec.decode(in);
        } catch (WireFormatException expected) {
            assertThat(in.readerIndex()).as("reader index restored on rejection").isZero();
        } finally {
            in.release();
        }
    }

    private static void assertBodyRoundTrip(ControlTlv tlv) throws WireFormatException {
        byte[] body = Bytes.encode(out -> TlvCodec.encodeBody(tlv, out));
        assertThat(body).hasSize(TlvCodec.bodyLength(tlv));
        assertThat(TlvVectorTest.decode(TlvCodec.type(tlv), body)).isEqualTo(tlv);
    }
}
