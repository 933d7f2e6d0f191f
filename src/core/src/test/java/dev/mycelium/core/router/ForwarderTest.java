package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data path: hop limit, local delivery, forwarding, queues, statistics (protocol.md 5.10, 6.3, 6.5-6.7). */
class ForwarderTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private static int hop(ByteBuf b) {
        return DataPacketView.hopLimit(b);
    }

    @ParameterizedTest(name = "hop limit {0}")
    @CsvSource({"0, -1", "1, -1", "2, 1", "64, 63", "255, 254"})
    void hopLimitBelowTwoIsTimeExceededElseDecremented(int hopIn, int hopOut) {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        byte[] src = h.source().address();

        h.router.handleData(b, Harness.dataPacket(src, s.address(), hopIn, 20));
        h.settle();

        if (hopOut < 0) {
            assertThat(h.hook.timeExceeded).hasSize(1);
            assertThat(hop(h.hook.timeExceeded.get(0))).as("untouched").isEqualTo(hopIn);
            assertThat(a.data).isEmpty();
        } else {
            assertThat(a.data).hasSize(1);
            assertThat(hop(a.data.get(0))).isEqualTo(hopOut);
        }
    }

    @Test
    void packetsForOurSubnetAreDeliveredLocally() {
        Peer a = h.peer("A", 10);
        byte[] src = h.source().address();
        byte[] dst = h.router.ownAddress();
        dst[15] ^= 0x55; // any address in our /64

        h.router.handleData(a, Harness.dataPacket(src, dst, 64, 100));
        h.settle();

        assertThat(h.hook.delivered).hasSize(1);
        assertThat(hop(h.hook.delivered.get(0))).isEqualTo(63);
    }

    @Test
    void aSettledRouteForwardsOnTheCallingThreadWithoutTheOwner() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        h.settle();
        byte[] src = h.source().address();

        // The owner does not run between hand-over and check: only the direct path can have sent it.
        h.router.handleData(b, Harness.dataPacket(src, s.address(), 64, 20));

        assertThat(a.data).hasSize(1);
        assertThat(hop(a.data.get(0))).isEqualTo(63);
        assertThat(h.router.snapshot().packetStatistics().byDestination())
                .extracting(RouterSnapshot.PacketStat::packetCount).containsExactly(1L);
    }

    @Test
    void ourSubnetIsDeliveredOnTheCallingThread() {
        Peer a = h.peer("A", 10);
        h.settle();
        byte[] dst = h.router.ownAddress();

        h.router.handleData(a, Harness.dataPacket(h.source().address(), dst, 2, 0));

        assertThat(h.hook.delivered).hasSize(1);
        assertThat(hop(h.hook.delivered.get(0))).isEqualTo(1);
    }

    @Test
    void whatTheDirectPathDeclinesWaitsForTheOwner() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        h.settle();
        byte[] src = h.source().address();

        h.router.handleData(b, Harness.dataPacket(src, s.address(), 1, 20));      // hop limit: owner's rule
        h.router.handleData(b, Harness.dataPacket(src, h.source().address(), 64, 20)); // unknown: route request
        assertThat(h.hook.timeExceeded).isEmpty();
        assertThat(a.data).isEmpty();

        h.settle();
        assertThat(h.hook.timeExceeded).hasSize(1);
    }

    @Test
    void aKnownSubnetWithoutSelectedRouteGetsNoRouteIcmp() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        a.receive(s.update(1, Metric.INFINITE));

        h.router.handleData(b, Harness.dataPacket(h.source().address(), s.address(), 64, 10));
        h.settle();

        assertThat(h.hook.noRoute).hasSize(1);
    }

    @Test
    void anUnknownDestinationIsQueuedAndForwardedWhenTheRouteArrives() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        byte[] src = h.source().address();
        for (int i = 0; i < 3; i++) {
            h.router.handleData(b, Harness.dataPacket(src, s.address(), 10, 10));
        }
        h.settle();
        assertThat(a.data).isEmpty();

        h.run(5_000);
        a.announce(s, 1, 0);

        assertThat(a.data).hasSize(3).allMatch(p -> hop(p) == 9);
        assertThat(h.snapshot().counters().get("packetsQueueTimedOut")).isZero();
    }

    @Test
    void queuedPacketsTimeOutAfterFifteenSeconds() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        byte[] src = h.source().address();
        ByteBuf transit = Harness.dataPacket(src, s.address(), 10, 10);
        h.router.handleData(a, transit);
        h.router.awaitRouteForLocal(s.address(), Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        h.settle();

        h.run(14_999);
        assertThat(h.hook.unroutable).isEmpty();
        h.run(1);

        assertThat(transit.refCnt()).as("transit packet dropped silently").isZero();
        assertThat(h.hook.unroutable).as("local packet gets a local ICMP").hasSize(1);
        assertThat(h.snapshot().counters().get("packetsQueueTimedOut")).isEqualTo(2);
    }

    @Test
    void localPacketsAreHandedBackWhenTheRouteIsSelected() {
        Peer a = h.peer("A", 10);
        Source s = h.source();

        h.router.awaitRouteForLocal(s.address(), Unpooled.wrappedBuffer(new byte[] {9}));
        h.settle();
        assertThat(a.routeRequests()).hasSize(1);
        assertThat(h.hook.releasedLocal).isEmpty();

        a.announce(s, 1, 0);
        assertThat(h.hook.releasedLocal).hasSize(1);

        // With a selected route, a late caller gets its packet back at once.
        h.router.awaitRouteForLocal(s.address(), Unpooled.wrappedBuffer(new byte[] {9}));
        h.settle();
        assertThat(h.hook.releasedLocal).hasSize(2);
    }

    @Test
    void inboundPacketsFromAnUnknownSenderWaitForItsSubnet() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        ByteBuf p = Harness.dataPacket(s.address(), h.router.ownAddress(), 60, 10);

        h.router.awaitRouteForInbound(s.address(), p);
        h.settle();
        assertThat(a.routeRequests()).hasSize(1);

        a.announce(s, 1, 0);
        assertThat(h.hook.releasedInbound).containsExactly(p);
    }

    @Test
    void theQueueOfASubnetIsBounded() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        byte[] src = h.source().address();
        for (int i = 0; i < ProtocolConstants.QUEUE_MAX_PER_SUBNET + 5; i++) {
            h.router.handleData(a, Harness.dataPacket(src, s.address(), 10, 0));
            h.settle();
        }

        assertThat(h.hook.noRoute).hasSize(5);
        assertThat(h.snapshot().counters().get("packetsQueueFull")).isEqualTo(5);
        assertThat(h.engine().forwarder.queued(PacketQueues.Direction.OUTBOUND))
                .isEqualTo(ProtocolConstants.QUEUE_MAX_PER_SUBNET);
    }

    @Test
    void destinationsOutside400Slash7AreDroppedWithoutARouteRequest() {
        Peer a = h.peer("A", 10);
        byte[] dst = new byte[16];
        dst[0] = 0x20;
        ByteBuf p = Harness.dataPacket(h.source().address(), dst, 10, 0);

        h.router.handleData(a, p);
        h.settle();

        assertThat(p.refCnt()).isZero();
        assertThat(a.routeRequests()).isEmpty();
        assertThat(h.snapshot().counters().get("packetsUnroutableDestination")).isEqualTo(1);
    }

    @Test
    void truncatedPacketsAreDroppedAndCounted() {
        Peer a = h.peer("A", 10);
        ByteBuf p = Unpooled.buffer(10).writeZero(10);

        h.router.handleData(a, p);
        h.settle();

        assertThat(p.refCnt()).isZero();
        assertThat(h.snapshot().counters().get("packetsMalformed")).isEqualTo(1);
    }

    @Test
    void everyHandledPacketIsCountedBySourceAndDestination() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        byte[] src = h.source().address();

        h.router.handleData(b, Harness.dataPacket(src, s.address(), 64, 100));
        h.router.routeLocal(Harness.dataPacket(h.router.ownAddress(), s.address(), 64, 50));
        h.router.handleData(b, Harness.dataPacket(src, s.address(), 1, 7)); // expired: still counted
        h.settle();

        RouterSnapshot.PacketStatistics stats = h.snapshot().packetStatistics();
        assertThat(stats.byDestination()).containsExactly(
                new RouterSnapshot.PacketStat(dev.mycelium.core.wire.Ipv6Text.format(s.address()), 3, 157));
        assertThat(stats.bySource()).containsExactlyInAnyOrder(
                new RouterSnapshot.PacketStat(dev.mycelium.core.wire.Ipv6Text.format(src), 2, 107),
                new RouterSnapshot.PacketStat(dev.mycelium.core.wire.Ipv6Text.format(h.router.ownAddress()), 1,
                        50));
    }
}
