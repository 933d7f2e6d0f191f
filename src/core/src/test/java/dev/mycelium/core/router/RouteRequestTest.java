package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Route requests: answers, forwarding with generations, queried markers, the request cache (protocol.md 5.6). */
class RouteRequestTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRequestForOurSubnetIsAnsweredWithOurRoute() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);

        a.receive(new RouteRequest(3, h.router.ownSubnet()));

        assertThat(a.updates()).containsExactly(new Update(0, 30000, 0, 0, h.router.ownSubnet(),
                h.router.routerId()));
        assertThat(b.sent).isEmpty();
    }

    @Test
    void aRequestForAPrefixInsideOurSubnetIsAnsweredWithTheWholeSubnet() {
        Peer a = h.peer("A", 10);
        byte[] inside = h.router.ownAddress();

        a.receive(new RouteRequest(0, Subnet.of(inside, 96)));

        assertThat(a.updates()).extracting(Update::subnet).containsExactly(h.router.ownSubnet());
    }

    @Test
    void aKnownSubnetIsAnsweredWithTheSelectedRouteUnlessTheRequesterIsItsNextHop() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 5);
        Source s = h.source();
        a.announce(s, 4, 20);
        a.clear();
        b.clear();

        b.receive(new RouteRequest(0, s.subnet()));
        a.receive(new RouteRequest(0, s.subnet()));

        assertThat(b.updates()).containsExactly(new Update(0, 30000, 4, 20 + 1010, s.subnet(), s.id()));
        assertThat(a.sent).isEmpty();
    }

    @Test
    void aKnownSubnetWithoutSelectedRouteIsNotAnswered() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        a.receive(s.update(1, Metric.INFINITE)); // infinite, unselected, kept 6 s
        b.clear();
        a.clear();

        b.receive(new RouteRequest(0, s.subnet()));

        assertThat(b.sent).as("no reply, no retraction, no forwarding").isEmpty();
        assertThat(a.sent).isEmpty();
    }

    @Test
    void anUnknownSubnetIsForwardedWithTheNextGenerationAndMarkedQueried() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();

        a.receive(new RouteRequest(2, s.subnet()));

        assertThat(a.sent).isEmpty();
        assertThat(b.routeRequests()).containsExactly(new RouteRequest(3, s.subnet()));
        assertThat(c.routeRequests()).containsExactly(new RouteRequest(3, s.subnet()));
        RouterSnapshot.QueriedSubnet q = h.snapshot().queriedSubnets().get(0);
        assertThat(q.subnet()).isEqualTo(s.subnet());
        assertThat(q.secondsLeft()).isEqualTo(15);
        assertThat(h.router.routes().lookup(s.address()).status()).isEqualTo(RouteLookup.Status.QUERIED);

        // While queried, another request (from anyone, any generation) is not forwarded again.
        b.clear();
        c.clear();
        b.receive(new RouteRequest(0, s.subnet()));
        assertThat(a.sent).isEmpty();
        assertThat(c.sent).isEmpty();

        // The marker lapses after 15 s.
        h.run(15_000);
        assertThat(h.snapshot().queriedSubnets()).isEmpty();
        assertThat(h.router.routes().lookup(s.address())).isNull();
    }

    @ParameterizedTest(name = "generation {0} forwarded: {1}")
    @CsvSource({"0, true", "14, true", "15, false", "200, false"})
    void generationsStopAtSixteen(int generation, boolean forwarded) {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();

        a.receive(new RouteRequest(generation, s.subnet()));

        if (forwarded) {
            assertThat(b.routeRequests()).containsExactly(new RouteRequest(generation + 1, s.subnet()));
        } else {
            assertThat(b.sent).isEmpty();
            assertThat(h.snapshot().queriedSubnets()).isEmpty();
            assertThat(h.snapshot().counters().get("routeRequestsGenerationDropped")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2001:db8::/64", "400::/48", "::/0", "10.0.0.0/8", "600::/64"})
    void requestsThat47ForbidsAreNeitherForwardedNorMarked(String prefix) {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);

        a.receive(new RouteRequest(0, Subnet.parse(prefix)));

        assertThat(b.sent).isEmpty();
        assertThat(h.snapshot().queriedSubnets()).isEmpty();
        assertThat(h.snapshot().counters().get("routeRequestsRejected")).isEqualTo(1);
    }

    @Test
    void aWildcardRequestDumpsSelectedRoutesExceptThoseViaTheRequesterPlusOurOwn() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source viaA = h.source();
        Source viaB = h.source();
        a.announce(viaA, 1, 5);
        b.announce(viaB, 2, 7);
        a.clear();

        a.receive(new RouteRequest(0, null));

        assertThat(a.updates()).extracting(Update::subnet)
                .containsExactlyInAnyOrder(viaB.subnet(), h.router.ownSubnet());
        assertThat(a.updatesFor(viaB.subnet())).containsExactly(new Update(0, 30000, 2, 1017, viaB.subnet(),
                viaB.id()));
    }

    @Test
    void linkUpAnnouncesOurSubnetTheQueriedSubnetsAndAsksForTheTable() {
        Harness full = new Harness(3, c -> c.withFullTableOnLinkUp(true));
        try {
            Source s = full.source();
            Harness.Peer a = full.peer("A", 10);
            a.receive(new RouteRequest(0, s.subnet())); // marks s queried (A has no other peer to forward to)

            Harness.Peer b = full.new Peer("B", 10);
            full.peers.add(b);
            full.router.addNeighbour(b);
            full.settle();

            assertThat(b.sent.get(0)).isEqualTo(new Update(0, 30000, 0, 0, full.router.ownSubnet(),
                    full.router.routerId()));
            assertThat(b.routeRequests()).containsExactly(new RouteRequest(0, s.subnet()), new RouteRequest(0, null));
        } finally {
            full.close();
        }
    }

    @Test
    void anAlmostExpiredRouteInUseIsQueriedOnceWithinTheCacheLifetime() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        a.ihuDelay = 1;
        b.ihuDelay = 1;
        Source s = h.source();
        a.receive(new Update(0, 1000, 1, 0, s.subnet(), s.id())); // hold 35 s
        a.clear();
        b.clear();
        byte[] src = h.source().address();

        h.run(19_000); // 16 s left: no query yet
        h.router.handleData(b, Harness.dataPacket(src, s.address(), 64, 10));
        h.settle();
        assertThat(a.routeRequests()).isEmpty();

        h.run(2_000); // 14 s left
        h.router.handleData(b, Harness.dataPacket(src, s.address(), 64, 10));
        h.router.handleData(b, Harness.dataPacket(src, s.address(), 64, 10));
        h.settle();
        assertThat(a.routeRequests()).containsExactly(new RouteRequest(0, s.subnet()));
        assertThat(b.routeRequests()).containsExactly(new RouteRequest(0, s.subnet()));
        assertThat(a.data).hasSize(3);
        // The answer refreshes the route.
        a.receive(new Update(0, 1000, 1, 0, s.subnet(), s.id()));
        h.run(20_000);
        assertThat(h.snapshot().selectedRoute(s.subnet())).isNotNull();
    }

    @Test
    void anUnknownDestinationIsQueriedAtEveryPeerOnce() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        byte[] src = h.source().address();

        h.router.handleData(a, Harness.dataPacket(src, s.address(), 64, 10));
        h.router.handleData(a, Harness.dataPacket(src, s.address(), 64, 10));
        h.settle();

        assertThat(a.routeRequests()).containsExactly(new RouteRequest(0, s.subnet()));
        assertThat(b.routeRequests()).containsExactly(new RouteRequest(0, s.subnet()));
    }
}
