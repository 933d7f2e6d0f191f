package dev.mycelium.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.PacketCipher;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.wire.DataHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Paths the router drives through the hook that a plain ping does not reach. */
class HookPathsTest extends OnTestNet {

    @Test
    void aPacketFromAnUnknownSenderWaitsForItsRouteThenIsDelivered() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node d = net.node("D");
        byte[] ping = Ipv6Packets.echoRequest(a.address(), d.address(), 64, 100);
        ByteBuf packet = sealed(a, d, ping, 60);

        d.dataPlane.deliverLocal(packet); // as D's router would: D has never heard of A
        await().atMost(TestNet.WAIT).until(() -> d.stats().get(Counter.INBOUND_AWAITING_SENDER) >= 1
                && !d.router.snapshot().queriedSubnets().isEmpty());
        assertThat(d.tun().pendingWritten()).isEmpty();

        net.link(a, d); // D learns A's /64 and its key; the router hands the packet back
        assertThat(d.tun().awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(ping, 60));
        assertThat(d.stats().get(Counter.DROP_UNKNOWN_SENDER)).isZero();
    }

    @Test
    void aRelayWithoutARouteSendsNoRouteBackAsAnOutOfBandIcmp() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.Node c = net.node("C");
        TestNet.End ab = net.link(a, b);
        net.link(b, c);
        net.awaitFullMesh();
        byte[] small = Ipv6Packets.echoRequest(a.address(), c.address(), 64, 100);
        a.tun().inject(small);
        assertThat(c.tun().awaitWritten(TestNet.WAIT)).isNotNull();

        // What B's router does when it knows C's subnet but has no selected route (6.6).
        b.dataPlane.oobIcmp(DataPlaneHook.OobIcmp.NO_ROUTE, copy(ab.sentData.get(0)));

        byte[] icmp = a.tun().awaitWritten(TestNet.WAIT);
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(1);
        assertThat(Ipv6Packets.icmpCode(icmp)).isEqualTo(0);
        assertThat(Ipv6Packets.source(icmp)).isEqualTo(b.network());
        assertThat(Ipv6Packets.destination(icmp)).isEqualTo(a.address());
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(small);
    }

    @Test
    void anOutOfBandIcmpWithoutTheOriginalBodyIsDroppedAtTheSource() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.Node c = net.node("C");
        TestNet.End ab = net.link(a, b);
        net.link(b, c);
        net.awaitFullMesh();
        // 1300 bytes seal to more than 1232: the relay leaves the body out and the source cannot recover it (6.6).
        a.tun().inject(Ipv6Packets.echoRequest(a.address(), c.address(), 64, 1300));
        assertThat(c.tun().awaitWritten(TestNet.WAIT)).isNotNull();

        b.dataPlane.oobIcmp(DataPlaneHook.OobIcmp.TIME_EXCEEDED, copy(ab.sentData.get(0)));

        await().atMost(TestNet.WAIT).until(() -> a.stats().get(Counter.OOB_ICMP_DROPPED) == 1);
        assertThat(b.stats().get(Counter.OOB_ICMP_SENT)).isEqualTo(1);
        assertThat(a.tun().pendingWritten()).isEmpty();
    }

    @Test
    void garbageAndForgedBodiesAreCountedNotThrown() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        net.link(a, b);
        net.awaitFullMesh();

        ByteBuf shortBody = PooledByteBufAllocator.DEFAULT.directBuffer();
        DataHeader.writeWithoutPacketHeader(shortBody, a.address(), b.address(), 60, 20);
        shortBody.writeZero(20);
        b.dataPlane.deliverLocal(shortBody);

        ByteBuf lying = PooledByteBufAllocator.DEFAULT.directBuffer();
        DataHeader.writeWithoutPacketHeader(lying, a.address(), b.address(), 60, 500); // 500 announced, 40 present
        lying.writeZero(40);
        b.dataPlane.deliverLocal(lying);

        ByteBuf forged = PooledByteBufAllocator.DEFAULT.directBuffer();
        DataHeader.writeWithoutPacketHeader(forged, a.address(), b.address(), 60, 100);
        forged.writeZero(100);
        b.dataPlane.deliverLocal(forged);

        byte[] ping = Ipv6Packets.echoRequest(a.address(), b.address(), 64, 100);
        ByteBuf notIpv6 = sealed(a, b, new byte[10], 60); // authentic, but too short for an IPv6 header
        b.dataPlane.deliverLocal(notIpv6);
        b.dataPlane.deliverLocal(sealed(a, b, ping, 60));

        assertThat(b.tun().awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(ping, 60));
        assertThat(b.stats().get(Counter.DROP_SEALED_TOO_SHORT)).isEqualTo(1);
        assertThat(b.stats().get(Counter.DROP_MALFORMED)).isEqualTo(1);
        assertThat(b.stats().authFailures()).isEqualTo(1);
        assertThat(b.stats().get(Counter.DROP_INNER_TOO_SHORT)).isEqualTo(1);
    }

    /** A data packet from {@code from} to {@code to}, sealed independently of the data plane. */
    private static ByteBuf sealed(TestNet.Node from, TestNet.Node to, byte[] ipv6, int hopLimit) {
        SharedSecret secret = SharedSecret.compute(from.keys, to.keys.publicKey());
        ByteBuf plain = Unpooled.buffer().writeInt(0x01000000).writeBytes(ipv6);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        DataHeader.writeWithoutPacketHeader(out, from.address(), to.address(), hopLimit,
                PacketCipher.sealedLength(plain.readableBytes()));
        new PacketCipher().seal(secret, plain, out);
        plain.release();
        return out;
    }

    private static ByteBuf copy(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }
}
