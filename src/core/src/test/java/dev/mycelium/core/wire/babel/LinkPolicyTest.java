package dev.mycelium.core.wire.babel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.wire.ControlPacketCodec;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What {@link ControlPacketCodec#encode} refuses to put on a link (protocol.md 4.7, section 9 item 4). */
class LinkPolicyTest {

    private static final RouterId ID = RouterId.of(new byte[RouterId.SIZE]);

    @Test
    void ipv4RouteRequestIsRefused() {
        assertRefused(new RouteRequest(0, Subnet.parse("10.0.0.0/32")), "IPv4");
    }

    @Test
    void routeRequestOutsideTheOverlayRangeIsRefused() {
        assertRefused(new RouteRequest(0, Subnet.parse("2001:db8::/64")), "400::/7");
        assertRefused(new RouteRequest(0, Subnet.parse("600::/64")), "400::/7");
        assertRefused(new RouteRequest(0, Subnet.parse("::/0")), "/64");
    }

    @Test
    void routeRequestShorterThan64IsRefused() {
        assertRefused(new RouteRequest(0, Subnet.parse("400::/48")), "/64");
        assertRefused(new RouteRequest(0, Subnet.parse("400::/7")), "/64");
    }

    @Test
    void routeRequestsAMyceliumNodeSendsAreAllowed() {
        assertSent(new RouteRequest(0, null));
        assertSent(new RouteRequest(0, Subnet.parse("548:c783:d7ce:74a3::/64")));
        assertSent(new RouteRequest(16, Subnet.parse("5ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")));
    }

    @Test
    void seqnoRequestWithHopCountZeroIsRefused() {
        assertRefused(new SeqnoRequest(1, 0, Subnet.parse("400::/64"), ID), "hop count 0");
        assertSent(new SeqnoRequest(1, 1, Subnet.parse("400::/64"), ID));
    }

    @Test
    void ipv4ElsewhereIsRefused() throws Exception {
        assertRefused(new SeqnoRequest(1, 64, Subnet.parse("10.0.0.0/8"), ID), "IPv4");
        assertRefused(new Update(0, 30000, 1, 0, Subnet.parse("10.0.0.0/8"), ID), "IPv4");
        assertRefused(new Ihu(10, 6000, InetAddress.getByName("10.0.0.1")), "IPv4");
        assertSent(new Ihu(10, 6000, InetAddress.getByName("fe80::1")));
        assertSent(new Update(0, 30000, 1, 0xFFFF, Subnet.parse("548:c783:d7ce:74a3::/64"), ID));
    }

    @Test
    void nullIsRefused() {
        assertThat(LinkPolicy.violation(null)).isNotNull();
    }

    private static void assertRefused(ControlTlv tlv, String why) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x77);
        assertThatThrownBy(() -> ControlPacketCodec.encode(tlv, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
        assertThat(out.readableBytes()).as("nothing written").isEqualTo(1);
        assertThat(LinkPolicy.violation(tlv)).contains(why);
    }

    private static void assertSent(ControlTlv tlv) {
        assertThat(LinkPolicy.violation(tlv)).isNull();
        ByteBuf out = Unpooled.buffer();
        ControlPacketCodec.encode(tlv, out);
        assertThat(out.readableBytes()).isEqualTo(ControlPacketCodec.packetLength(tlv));
    }
}
