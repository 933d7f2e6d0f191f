package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.wire.DiscoveryBeacon.Verdict;
import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The link-local discovery beacon (protocol.md 2.11). */
class DiscoveryBeaconTest {

    private static final RouterId OURS = Packets.routerId(1);
    private static final RouterId THEIRS = Packets.routerId(2);

    @Test
    void layout() {
        byte[] b = new DiscoveryBeacon(9651, THEIRS).toBytes();

        assertThat(b).hasSize(50);
        assertThat(Bytes.hex(b)).isEqualTo("6d7963656c69756d" + "25b3" + "02".repeat(40));
        assertThat(Bytes.encode(new DiscoveryBeacon(9651, THEIRS)::write)).isEqualTo(b);
    }

    @Test
    void acceptsABeaconFromALinkLocalNeighbour() throws Exception {
        DiscoveryBeacon.Reception r = receive("fe80::1234:5678%1", new DiscoveryBeacon(9651, THEIRS).toBytes());

        assertThat(r.accepted()).isTrue();
        assertThat(r.beacon()).isEqualTo(new DiscoveryBeacon(9651, THEIRS));
    }

    @Test
    void sourceMustBeInFe80Slash64() throws Exception {
        byte[] beacon = new DiscoveryBeacon(9651, THEIRS).toBytes();
        assertThat(receive("fe80:0:0:1::1", beacon).verdict()).isEqualTo(Verdict.NOT_LINK_LOCAL);
        assertThat(receive("febf::1", beacon).verdict()).isEqualTo(Verdict.NOT_LINK_LOCAL);
        assertThat(receive("2001:db8::1", beacon).verdict()).isEqualTo(Verdict.NOT_LINK_LOCAL);
        assertThat(receive("192.168.1.2", beacon).verdict()).isEqualTo(Verdict.NOT_LINK_LOCAL);
    }

    @Test
    void exactlyFiftyBytesWithTheMagic() throws Exception {
        byte[] beacon = new DiscoveryBeacon(9651, THEIRS).toBytes();
        assertThat(receive("fe80::1", Arrays.copyOf(beacon, 49)).verdict()).isEqualTo(Verdict.BAD_LENGTH);
        assertThat(receive("fe80::1", Arrays.copyOf(beacon, 51)).verdict()).isEqualTo(Verdict.BAD_LENGTH);
        byte[] wrongMagic = beacon.clone();
        wrongMagic[0] = 'M';
        assertThat(receive("fe80::1", wrongMagic).verdict()).isEqualTo(Verdict.BAD_MAGIC);
    }

    @Test
    void ourOwnBeaconIsIgnored() throws Exception {
        assertThat(receive("fe80::1", new DiscoveryBeacon(9651, OURS).toBytes()).verdict())
                .isEqualTo(Verdict.OWN_BEACON);
    }

    @Test
    void decodeGivesTypedErrors() {
        assertThat(decodeReason(new byte[49])).isEqualTo(Reason.TRUNCATED);
        assertThat(decodeReason(new byte[51])).isEqualTo(Reason.TOO_LARGE);
        assertThat(decodeReason(new byte[50])).isEqualTo(Reason.BAD_MAGIC);
    }

    @Property
    void roundTrip(@ForAll @IntRange(max = 65535) int port, @ForAll @Size(40) byte[] id)
            throws WireFormatException {
        DiscoveryBeacon beacon = new DiscoveryBeacon(port, RouterId.of(id));
        assertThat(DiscoveryBeacon.decode(Unpooled.wrappedBuffer(beacon.toBytes()))).isEqualTo(beacon);
    }

    @Property
    void randomDatagramsEndCleanly(@ForAll @Size(max = 60) byte[] datagram, @ForAll boolean withMagic) {
        if (withMagic && datagram.length >= 8) {
            System.arraycopy("mycelium".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, datagram, 0, 8);
        }
        try {
            DiscoveryBeacon.decode(Unpooled.wrappedBuffer(datagram));
            assertThat(datagram).hasSize(50);
        } catch (WireFormatException expected) {
            // typed rejection
        }
    }

    private static DiscoveryBeacon.Reception receive(String source, byte[] datagram) throws UnknownHostException {
        return DiscoveryBeacon.receive(InetAddress.getByName(source), Unpooled.wrappedBuffer(datagram), OURS);
    }

    private static Reason decodeReason(byte[] datagram) {
        try {
            DiscoveryBeacon.decode(Unpooled.wrappedBuffer(datagram));
            throw new AssertionError("accepted");
        } catch (WireFormatException e) {
            return e.reason();
        }
    }
}
