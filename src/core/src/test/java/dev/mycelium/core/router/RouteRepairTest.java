package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Route repair ({@link RouterConfig#repairRoutes()}), our wire-compatible extension. Each case is a regression test
 * for a way the simulations left nodes without a route, or on a detour, after links were cut (Mycelium never
 * re-advertises learnt routes); each also checks that Mycelium's behaviour is kept with repair off.
 *
 * <p>Peers here never answer Hellos, so every link cost is 1000 + the static cost.
 */
class RouteRepairTest {

    private Harness h;

    private Harness harness(boolean repair) {
        h = new Harness(1, c -> c.withRepairRoutes(repair));
        return h;
    }

    @AfterEach
    void close() {
        h.close();
    }

    @ParameterizedTest(name = "repair {0}")
    @ValueSource(booleans = {true, false})
    void aRetractionFromAnotherNeighbourIsAnsweredWithOurRoute(boolean repair) {
        harness(repair);
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.clear();

        // B lost its own path (the ring case: B has no entry from us, split horizon kept it from learning ours).
        b.announce(s, 1, Metric.INFINITE);

        if (repair) {
            assertThat(b.updatesFor(s.subnet())).containsExactly(new Update(0, 30000, 1, 1110, s.subnet(), s.id()));
        } else {
            assertThat(b.updatesFor(s.subnet())).isEmpty();
        }
    }

    @Test
    void aMuchWorseRouteIsAnsweredButNotOneWithinTheHysteresis() {
        harness(true);
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 100); // our total 1110; via us B would have 1110 + 1010 = 2120
        b.clear();

        b.announce(s, 1, 2130); // not worse by more than 10
        assertThat(b.updatesFor(s.subnet())).isEmpty();

        b.announce(s, 1, 2131);
        assertThat(b.updatesFor(s.subnet())).containsExactly(new Update(0, 30000, 1, 1110, s.subnet(), s.id()));
    }

    @Test
    void theNextHopIsNeverAnswered() {
        harness(true);
        Peer a = h.peer("A", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        a.clear();

        a.announce(s, 1, 5000);

        assertThat(a.updatesFor(s.subnet())).isEmpty();
    }

    @ParameterizedTest(name = "repair {0}")
    @ValueSource(booleans = {true, false})
    void anUnfeasibleButBetterRouteIsWorthASeqnoRequest(boolean repair) {
        harness(repair);
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 500);
        Source s = h.source();
        b.announce(s, 1, 100);              // selected via B; FD (1, 1110) once sent
        c.announce(s, 1, 1050);             // feasible fallback, total 2550
        b.announce(s, 1, Metric.INFINITE);  // B's path is gone: C is selected
        assertThat(h.snapshot().selectedRoute(s.subnet()).nextHop()).isEqualTo("C");
        a.clear();

        a.announce(s, 1, 1200); // unfeasible (1200 >= FD 1110), but its total 2210 beats C's 2550 by far

        if (repair) {
            assertThat(a.seqnoRequests()).containsExactly(new SeqnoRequest(2, 64, s.subnet(), s.id()));
        } else {
            assertThat(a.seqnoRequests()).isEmpty();
        }
    }

    @Test
    void aNewSeqnoOfTheSelectedRouteIsAnnouncedToEveryone() {
        harness(true);
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.clear();
        c.clear();

        a.announce(s, 2, 100); // same metric and router id: Mycelium stays quiet

        Update expected = new Update(0, 30000, 2, 1110, s.subnet(), s.id());
        assertThat(b.updatesFor(s.subnet())).containsExactly(expected);
        assertThat(c.updatesFor(s.subnet())).containsExactly(expected);
        assertThat(a.updatesFor(s.subnet())).as("split horizon").isEmpty();
    }

    @Test
    void aRepeatedRequestArrivingAfterTheAnswerIsAnsweredFromTheTable() {
        harness(true);
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 20);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.receive(new SeqnoRequest(2, 10, s.subnet(), s.id())); // forwarded to A
        a.announce(s, 2, 100);                                    // the answer
        c.clear();

        // C's copy of the request took a longer way: Mycelium drops it as a duplicate (within 60 s).
        c.receive(new SeqnoRequest(2, 8, s.subnet(), s.id()));

        // The answer carries the next hop's link cost (1010), not C's (Mycelium's quirk would give 1120).
        assertThat(c.updatesFor(s.subnet())).containsExactly(new Update(0, 30000, 2, 1110, s.subnet(), s.id()));
    }

    @Test
    void aRepeatedRequestArrivingBeforeTheAnswerGetsTheAnswerToo() {
        harness(true);
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.receive(new SeqnoRequest(2, 10, s.subnet(), s.id()));
        c.receive(new SeqnoRequest(2, 10, s.subnet(), s.id())); // duplicate: not forwarded again
        assertThat(a.seqnoRequests()).hasSize(1);
        b.clear();
        c.clear();

        a.announce(s, 2, 100);

        assertThat(b.updatesFor(s.subnet())).extracting(Update::seqno).containsExactly(2);
        assertThat(c.updatesFor(s.subnet())).extracting(Update::seqno).containsExactly(2);
    }

    @ParameterizedTest(name = "repair {0}")
    @ValueSource(booleans = {true, false})
    void aBumpRequestedTooSoonIsMadeOnceTheFourSecondsAreOver(boolean repair) {
        harness(repair);
        Peer a = h.peer("A", 10);
        h.run(3_000); // the bump clock starts at start-up

        a.receive(new SeqnoRequest(1, 64, h.router.ownSubnet(), h.router.routerId()));
        assertThat(h.snapshot().routerSeqno()).isZero();
        h.run(1_000);

        assertThat(h.snapshot().routerSeqno()).isEqualTo(repair ? 1 : 0);
    }
}
