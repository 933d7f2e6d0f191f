package dev.mycelium.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The local rules of protocol.md 6.3 on a single node: what never leaves it, and the ICMPv6 error it gets. */
class LocalRulesTest extends OnTestNet {

    private static final byte[] DOCUMENTATION = HexFormat.of().parseHex("20010db8000000000000000000000001");
    private static final byte[] SOMEWHERE_GLOBAL = HexFormat.of().parseHex("05aa00000000beef0000000000000001");

    enum Case { OWN_SUBNET, SOURCE_NOT_OVERLAY, HOP_LIMIT_ONE, DESTINATION_NOT_OVERLAY }

    static Stream<Arguments> cases() {
        // case, ICMPv6 type, code, error from the node address (else from the sender to itself), counter
        return Stream.of(
                Arguments.of(Case.OWN_SUBNET, 1, 3, true, Counter.DROP_OWN_SUBNET),
                Arguments.of(Case.SOURCE_NOT_OVERLAY, 1, 5, true, Counter.DROP_SOURCE_POLICY),
                Arguments.of(Case.HOP_LIMIT_ONE, 3, 0, false, Counter.DROP_HOP_LIMIT),
                Arguments.of(Case.DESTINATION_NOT_OVERLAY, 1, 0, false, Counter.DROP_NO_ROUTE));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aLocalPacketThatCannotLeaveGetsAnIcmpv6Error(Case c, int type, int code, boolean fromNode, Counter counter)
            throws Exception {
        TestNet.Node a = net.node("A");
        byte[] src = c == Case.SOURCE_NOT_OVERLAY ? DOCUMENTATION : a.address();
        byte[] dst = switch (c) {
            case OWN_SUBNET -> ownSubnetNeighbour(a.address());
            case DESTINATION_NOT_OVERLAY -> DOCUMENTATION;
            default -> SOMEWHERE_GLOBAL;
        };
        int hop = c == Case.HOP_LIMIT_ONE ? 1 : 64;
        byte[] packet = Ipv6Packets.echoRequest(src, dst, hop, 90);

        a.tun().inject(packet);

        byte[] icmp = a.tun().awaitWritten(TestNet.WAIT);
        assertThat(icmp).isNotNull();
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(type);
        assertThat(Ipv6Packets.icmpCode(icmp)).isEqualTo(code);
        assertThat(Ipv6Packets.source(icmp)).isEqualTo(fromNode ? a.address() : src);
        assertThat(Ipv6Packets.destination(icmp)).isEqualTo(src);
        assertThat(Ipv6Packets.hopLimit(icmp)).isEqualTo(fromNode ? 64 : hop);
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(packet);
        assertThat(Ipv6Packets.checksum(icmp)).isZero();
        assertThat(a.stats().get(counter)).isEqualTo(1);
        assertThat(a.stats().packetsSent()).isZero();
        assertThat(a.router.snapshot().queriedSubnets()).isEmpty();
    }

    @Test
    void whatIsNotIpv6IsDroppedSilently() throws Exception {
        TestNet.Node a = net.node("A");
        byte[] v4 = new byte[60];
        v4[0] = 0x45;
        a.tun().inject(v4);
        a.tun().inject(new byte[39]);
        byte[] marker = Ipv6Packets.echoRequest(a.address(), DOCUMENTATION, 64, 60);
        a.tun().inject(marker); // answered, so we know the two before were handled

        assertThat(Ipv6Packets.quoted(a.tun().awaitWritten(TestNet.WAIT))).isEqualTo(marker);
        assertThat(a.stats().get(Counter.DROP_NOT_IPV6)).isEqualTo(2);
        assertThat(a.stats().get(Counter.TUN_PACKETS_READ)).isEqualTo(3);
        assertThat(a.tun().pendingWritten()).isEmpty();
    }

    @Test
    void anUnknownOverlayDestinationWaitsForARouteAndGetsNoRouteWhenTheRouterGivesUp() throws Exception {
        TestNet.Node a = net.node("A");
        byte[] packet = Ipv6Packets.echoRequest(a.address(), SOMEWHERE_GLOBAL, 64, 70);
        a.tun().inject(packet);

        await().atMost(TestNet.WAIT).until(() -> a.stats().get(Counter.PACKETS_AWAITING_ROUTE) == 1
                && !a.router.snapshot().queriedSubnets().isEmpty());
        assertThat(a.tun().pendingWritten()).isEmpty();

        // The router gives the packet back after 15 s (or when its queue is full): the same path, called directly.
        ByteBuf queued = PooledByteBufAllocator.DEFAULT.directBuffer();
        queued.writeInt(0x01000000).writeBytes(packet);
        a.dataPlane.localUnroutable(queued);

        byte[] icmp = a.tun().awaitWritten(TestNet.WAIT);
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(1);
        assertThat(Ipv6Packets.icmpCode(icmp)).isEqualTo(0);
        assertThat(Ipv6Packets.source(icmp)).isEqualTo(a.address());
        assertThat(Ipv6Packets.destination(icmp)).isEqualTo(a.address());
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(packet);
        assertThat(queued.refCnt()).isZero();
    }

    @Test
    void aReleasedPacketWithoutARouteIsQueuedOnceMoreThenAnsweredWithNoRoute() throws Exception {
        TestNet.Node a = net.node("A");
        byte[] packet = Ipv6Packets.echoRequest(a.address(), SOMEWHERE_GLOBAL, 64, 70);
        ByteBuf first = PooledByteBufAllocator.DEFAULT.directBuffer();
        first.writeInt(0x01000000).writeBytes(packet);
        a.dataPlane.releaseLocal(first); // no route: goes back to the router, marked
        await().atMost(TestNet.WAIT).until(() -> !a.router.snapshot().queriedSubnets().isEmpty());
        assertThat(first.refCnt()).isOne();
        assertThat(first.getByte(3)).isEqualTo((byte) 1);

        // What the router would hand back later: still no route, and marked as queued once.
        ByteBuf second = PooledByteBufAllocator.DEFAULT.directBuffer();
        second.writeInt(0x01000001).writeBytes(packet);
        a.dataPlane.releaseLocal(second);
        byte[] icmp = a.tun().awaitWritten(TestNet.WAIT);
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(1);
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(packet);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().get(Counter.DROP_NO_ROUTE) == 1);
        assertThat(second.refCnt()).isZero();
    }

    /** Another address in the node's own /64, which no local interface owns. */
    private static byte[] ownSubnetNeighbour(byte[] address) {
        byte[] other = Arrays.copyOf(address, 16);
        other[15] ^= 0x55;
        return other;
    }
}
