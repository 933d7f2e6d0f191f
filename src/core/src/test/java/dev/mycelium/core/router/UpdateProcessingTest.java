package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Processing of received Updates (protocol.md 5.4), selection (5.5) and triggered updates (5.7). */
class UpdateProcessingTest {

    /** Mycelium's rules exactly: route repair (our extension, see RouteRepairTest) off. */
    private final Harness h = new Harness(1, c -> c.withRepairRoutes(false));

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void learnsARouteAndPropagatesItWithSplitHorizon() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 7);
        Source s = h.source();

        a.announce(s, 1, 0);

        RouterSnapshot.Route r = h.snapshot().selectedRoute(s.subnet());
        assertThat(r).isNotNull();
        assertThat(r.nextHop()).isEqualTo("A");
        assertThat(r.metric()).as("stored metric, link cost excluded").isZero();
        assertThat(r.seqno()).isEqualTo(1);
        // B hears it with A's link cost added (1000 default smoothed + 10 static), seqno and router id of the source.
        assertThat(b.updatesFor(s.subnet())).containsExactly(
                new Update(0, ProtocolConstants.UPDATE_INTERVAL_CS, 1, 1010, s.subnet(), s.id()));
        assertThat(a.updatesFor(s.subnet())).as("split horizon").isEmpty();
    }

    static Stream<Arguments> filtered() {
        java.util.Random random = new java.util.Random(7);
        Harness.Source s = Harness.sourceFrom(random);
        Harness.Source other = Harness.sourceFrom(random);
        return Stream.of(
                Arguments.of("outside 400::/7", new Update(0, 30000, 1, 0, Subnet.parse("2001:db8::/64"), s.id())),
                Arguments.of("shorter than /64", new Update(0, 30000, 1, 0,
                        Subnet.of(s.subnet().address(), 48), s.id())),
                Arguments.of("router id does not own the subnet", new Update(0, 30000, 1, 0, s.subnet(), other.id())),
                Arguments.of("IPv4", new Update(0, 30000, 1, 0, Subnet.parse("10.0.0.0/8"), s.id())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filtered")
    void filtersDropSilently(String why, Update u) {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);

        a.receive(u);

        RouterSnapshot snap = h.snapshot();
        assertThat(snap.selectedRoutes()).isEmpty();
        assertThat(snap.fallbackRoutes()).isEmpty();
        assertThat(snap.counters().get("updatesFiltered")).isEqualTo(1);
        assertThat(b.sent).isEmpty();
    }

    @Test
    void aRetractionWithAForeignRouterIdPassesTheFilters() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        Source retractor = h.source();
        a.announce(s, 1, 0);

        a.receive(new Update(0, 30000, 9, Metric.INFINITE, s.subnet(), retractor.id()));

        assertThat(h.snapshot().selectedRoutes()).isEmpty();
        assertThat(h.snapshot().counters().get("updatesFiltered")).isZero();
    }

    @Test
    void updatesForOurOwnSubnetAreIgnored() {
        Peer a = h.peer("A", 10);

        a.receive(new Update(0, 30000, 5, 0, h.router.ownSubnet(), h.router.routerId()));

        assertThat(h.snapshot().selectedRoutes()).isEmpty();
        assertThat(h.snapshot().counters().get("updatesForOwnSubnet")).isEqualTo(1);
    }

    /**
     * A announces with metric 100 (total 100 + 1000 + 10 = 1110 with A's cost); B's total must beat it by more than
     * 10 to take over, unless B is the destination itself (metric 0).
     */
    @ParameterizedTest(name = "A metric {0} static {1}, B metric {2} static {3} -> {4}")
    @CsvSource({
        "100, 10, 95, 10, A",     // better by 5: kept
        "100, 10, 90, 10, A",     // better by exactly 10: kept
        "100, 10, 89, 10, B",     // better by 11: switch
        "100, 10, 300, 10, A",    // worse: kept
        "10, 10, 0, 15, B",       // better by 5, but B is the destination: switch
        "10, 10, 0, 25, A",       // B is the destination but worse: kept (not the best candidate)
    })
    void hysteresis(int aMetric, int aStatic, int bMetric, int bStatic, String expected) {
        Peer a = h.peer("A", aStatic);
        Peer b = h.peer("B", bStatic);
        Source s = h.source();
        a.announce(s, 1, aMetric);
        b.announce(s, 1, bMetric);

        assertThat(h.snapshot().selectedRoute(s.subnet()).nextHop()).isEqualTo(expected);
    }

    @Test
    void selectionPrefersTheLowestTotalWithoutAnIncumbent() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        // An unfeasible-looking order: B's announcement arrives first but only A's is selected after both.
        b.announce(s, 1, 500);
        a.announce(s, 1, 100);

        assertThat(h.snapshot().selectedRoute(s.subnet()).nextHop()).isEqualTo("A");
        assertThat(h.snapshot().fallbackRoutes()).extracting(RouterSnapshot.Route::nextHop).containsExactly("B");
    }

    @Test
    void losingTheRouteRetractsWithOurSeqnoAndRouterId() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        Source retractor = h.source();
        a.announce(s, 3, 0);
        a.clear();
        b.clear();

        a.receive(new Update(0, 30000, 9, Metric.INFINITE, s.subnet(), retractor.id()));

        Update retraction = new Update(0, ProtocolConstants.UPDATE_INTERVAL_CS, 0, Metric.INFINITE, s.subnet(),
                h.router.routerId());
        assertThat(b.updatesFor(s.subnet())).containsExactly(retraction);
        assertThat(a.updatesFor(s.subnet())).as("a retraction goes to every peer").containsExactly(retraction);
        // And a seqno request for the lost source goes to its announcer.
        assertThat(a.seqnoRequests()).containsExactly(new SeqnoRequest(4, 64, s.subnet(), s.id()));
        // The entry stays, infinite, with the retractor's router id (quirk), as a fallback for 6 s.
        RouterSnapshot.Route fallback = h.snapshot().fallbackRoutes().get(0);
        assertThat(fallback.isInfinite()).isTrue();
        assertThat(fallback.routerId()).isEqualTo(retractor.id());
        h.run(6_001);
        assertThat(h.snapshot().fallbackRoutes()).isEmpty();
    }

    @Test
    void aRetractionForARetractedRouteIsIgnored() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        a.receive(s.update(1, Metric.INFINITE));
        b.clear();
        a.clear();

        a.receive(s.update(2, Metric.INFINITE));

        assertThat(b.sent).isEmpty();
        assertThat(a.sent).isEmpty();
    }

    @Test
    void anUnfeasibleUpdateToTheSelectedRouteAsksForANewSeqnoAndChangesNothing() {
        Peer a = h.peer("A", 10);
        h.peer("B", 10); // so that the route is propagated and the FD recorded: (seqno 1, metric 1110)
        Source s = h.source();
        a.announce(s, 1, 100);
        a.clear();

        a.announce(s, 1, 2000);

        assertThat(a.seqnoRequests()).containsExactly(new SeqnoRequest(2, 64, s.subnet(), s.id()));
        assertThat(h.snapshot().selectedRoute(s.subnet()).metric()).isEqualTo(100);
    }

    @Test
    void anUnfeasibleUpdateForAnUnknownSubnetAsksForANewSeqno() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 100); // FD (1, 1110) recorded when sent to B
        a.receive(s.update(1, Metric.INFINITE));
        h.run(6_001); // the retracted entry is gone; the FD stays (30 min)
        assertThat(h.snapshot().fallbackRoutes()).isEmpty();
        b.clear();

        b.announce(s, 1, 2000);

        assertThat(b.seqnoRequests()).containsExactly(new SeqnoRequest(2, 64, s.subnet(), s.id()));
        assertThat(h.snapshot().fallbackRoutes()).isEmpty();
        // A newer seqno is feasible again.
        b.announce(s, 2, 2000);
        assertThat(h.snapshot().selectedRoute(s.subnet()).nextHop()).isEqualTo("B");
    }

    @Test
    void onlyBigMetricChangesAndNewRouterIdsTriggerUpdates() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.clear();

        a.announce(s, 1, 95);    // -5: quiet
        assertThat(b.updates()).isEmpty();
        a.announce(s, 2, 105);   // +10: still quiet (must exceed 10)
        assertThat(b.updates()).isEmpty();
        a.announce(s, 3, 116);   // +11: triggered
        assertThat(b.updatesFor(s.subnet())).extracting(Update::seqno, Update::metric)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 1126));
    }

    @Test
    void aSelectedRouteExpiresToInfinityThenDisappears() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        // interval 100 cs -> hold 3.5 s
        a.receive(new Update(0, 100, 1, 0, s.subnet(), s.id()));
        b.clear();

        h.run(3_499);
        assertThat(h.snapshot().selectedRoute(s.subnet())).isNotNull();
        h.run(2);
        assertThat(h.snapshot().selectedRoutes()).isEmpty();
        assertThat(b.updatesFor(s.subnet())).extracting(Update::metric).containsExactly(Metric.INFINITE);
        assertThat(h.snapshot().fallbackRoutes()).hasSize(1);
        h.run(6_000);
        assertThat(h.snapshot().fallbackRoutes()).isEmpty();
    }

    @Test
    void aRefreshedRouteDoesNotExpire() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        a.ihuDelay = 1;
        for (int i = 0; i < 10; i++) {
            a.receive(new Update(0, 100, 1, 0, s.subnet(), s.id()));
            h.run(3_000);
        }
        assertThat(h.snapshot().selectedRoute(s.subnet())).isNotNull();
    }

    @Test
    void linkLossSwitchesToTheFeasibleAlternative() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.announce(s, 1, 150); // 150 < FD 1110: feasible
        c.clear();

        h.router.removeNeighbour(a);
        h.settle();

        assertThat(h.snapshot().selectedRoute(s.subnet()).nextHop()).isEqualTo("B");
        assertThat(c.updatesFor(s.subnet())).extracting(Update::metric).containsExactly(1160);
        assertThat(h.snapshot().fallbackRoutes()).extracting(RouterSnapshot.Route::nextHop).containsExactly("A");
        h.run(6_001);
        assertThat(h.snapshot().fallbackRoutes()).isEmpty();
    }

    @Test
    void linkLossOfTheLastRouteRetractsWithOurRouterId() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.announce(s, 1, 5000); // unfeasible against FD (1, 1110): not even stored
        c.announce(s, 1, 100);  // from C: feasible, but not better by 10 -> fallback
        b.clear();
        c.clear();

        h.router.removeNeighbour(a);
        h.settle();

        // C's route (feasible, 100 + 1010 = 1110 total) takes over.
        assertThat(h.snapshot().selectedRoute(s.subnet()).nextHop()).isEqualTo("C");
        h.router.removeNeighbour(c);
        h.settle();
        assertThat(h.snapshot().selectedRoutes()).isEmpty();
        assertThat(b.updatesFor(s.subnet()).get(b.updatesFor(s.subnet()).size() - 1).metric())
                .isEqualTo(Metric.INFINITE);
        RouterId ours = h.router.routerId();
        assertThat(b.updatesFor(s.subnet()).get(b.updatesFor(s.subnet()).size() - 1).routerId()).isEqualTo(ours);
    }

    @Test
    void theFirstRouterIdsKeyStaysWithTheSubnet() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        a.announce(s, 1, 0);

        RouteLookup.Destination d = h.router.routes().lookup(s.address());
        assertThat(d.status()).isEqualTo(RouteLookup.Status.SELECTED);
        assertThat(d.publicKey()).isEqualTo(s.id().publicKey());
        assertThat(d.subnet()).isEqualTo(s.subnet());
    }
}
