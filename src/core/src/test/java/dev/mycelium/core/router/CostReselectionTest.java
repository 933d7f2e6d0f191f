package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import dev.mycelium.core.wire.babel.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Route selection on link-cost change ({@link RouterConfig#reselectOnCostChange()}), our wire-compatible extension;
 * with it off the router keeps Mycelium's behaviour (selection only on Updates and link loss).
 *
 * <p>Peers answer our Hellos after a scripted delay, so a link's smoothed round trip converges to exactly that delay
 * (integer smoothing from 1000, protocol.md 5.1) and its cost to delay + static cost.
 */
class CostReselectionTest {

    private static final long SETTLE_MS = 30_000;

    private Harness h;

    private Harness harness(boolean reselect) {
        h = new Harness(1, c -> c.withReselectOnCostChange(reselect));
        return h;
    }

    @AfterEach
    void close() {
        h.close();
    }

    private String nextHop(Source s) {
        RouterSnapshot.Route r = h.snapshot().selectedRoute(s.subnet());
        return r == null ? null : r.nextHop();
    }

    /**
     * B's link settles at cost 11 (delay 1), C's at 410 (delay 400); both announce {@code s}, B is selected. Then C's
     * round trip falls to {@code cDelay}: once C's cost has settled, selection follows the hysteresis of 5.5.
     */
    @ParameterizedTest(name = "via B {0}, via C {1}, C delay {2}, reselect {3}: {4}")
    @CsvSource({
        "100, 50, 1, true, C",   // 61 beats 111 by far
        "100, 50, 1, false, B",  // Mycelium: no Update, no selection
        "100, 92, 1, true, B",   // 103 beats 111 by 8: within the hysteresis
        "100, 88, 1, true, C",   // 99 beats 111 by 12
        "5, 0, 4, true, C",      // C is the destination (metric 0): 14 beats 16, the hysteresis does not apply
        "5, 0, 4, false, B",
        "5, 0, 6, true, B"})     // 16 against 16: not better
    void aLinkWhoseCostFallsTakesOverPerTheHysteresis(int viaB, int viaC, long cDelay, boolean reselect,
            String expected) {
        harness(reselect);
        Peer b = h.peer("B", 10, 1);
        Peer c = h.peer("C", 10, 400);
        Source s = h.source();
        h.run(SETTLE_MS);
        b.announce(s, 1, viaB);
        c.announce(s, 1, viaC);
        assertThat(nextHop(s)).isEqualTo("B");

        c.ihuDelay = cDelay;
        h.run(SETTLE_MS);

        assertThat(h.snapshot().neighbours()).filteredOn(n -> n.connectionId().equals("C"))
                .extracting(RouterSnapshot.NeighbourInfo::linkCost).containsExactly((int) cDelay + 10);
        assertThat(nextHop(s)).isEqualTo(expected);
    }

    @Test
    void aSwitchIsATriggeredUpdateToEveryoneButTheNewNextHop() {
        harness(true);
        Peer b = h.peer("B", 10, 1);
        Peer c = h.peer("C", 10, 400);
        Peer d = h.peer("D", 10, 1);
        Source s = h.source();
        h.run(SETTLE_MS);
        b.announce(s, 1, 100);
        c.announce(s, 1, 50);
        h.peers.forEach(Peer::clear);

        c.ihuDelay = 1;
        h.run(SETTLE_MS);

        // The last Update each got carries the settled total 50 + 11, give or take the 10 that a re-announcement needs.
        for (Peer p : new Peer[] {b, d}) {
            Update last = p.updatesFor(s.subnet()).get(p.updatesFor(s.subnet()).size() - 1);
            assertThat(last.metric()).isBetween(61, 71);
            assertThat(last.seqno()).isEqualTo(1);
            assertThat(last.routerId()).isEqualTo(s.id());
        }
        assertThat(c.updatesFor(s.subnet())).as("split horizon").isEmpty();
        assertThat(h.snapshot().counters()).containsEntry("costReselectionSwitches", 1L);
    }

    /** The "fallback metric from link-up" symptom: downstream nodes learn what the path costs once it settled. */
    @ParameterizedTest(name = "reselect {0}")
    @ValueSource(booleans = {true, false})
    void aSelectedRouteWhoseCostSettlesIsAnnouncedAgain(boolean reselect) {
        harness(reselect);
        Peer b = h.peer("B", 10, 1);
        Peer d = h.peer("D", 10, 1);
        Source s = h.source();
        b.announce(s, 1, 100); // B's link still costs ~1010
        assertThat(d.updatesFor(s.subnet())).extracting(Update::metric).allMatch(m -> m > 1000);

        h.run(SETTLE_MS);

        int last = d.updatesFor(s.subnet()).get(d.updatesFor(s.subnet()).size() - 1).metric();
        if (reselect) {
            assertThat(last).as("within the 10 a re-announcement needs of the settled 111").isBetween(111, 121);
            // Re-announced only on drifts of more than 10: a handful of Updates, not one per RTT sample.
            assertThat(d.updatesFor(s.subnet())).hasSizeLessThan(20);
        } else {
            assertThat(d.updatesFor(s.subnet())).hasSize(1);
        }
        assertThat(b.updatesFor(s.subnet())).as("split horizon").isEmpty();
    }

    @Test
    void smallDriftsAreNotAnnounced() {
        harness(true);
        Peer b = h.peer("B", 10, 10);
        Peer d = h.peer("D", 10, 1);
        Source s = h.source();
        h.run(SETTLE_MS);
        b.announce(s, 1, 100); // total 120
        d.clear();

        // Smoothing from below stops 9 short of the sample (integer division): delay 29 settles at 20, total 130.
        b.ihuDelay = 29;
        h.run(SETTLE_MS);
        assertThat(d.updatesFor(s.subnet())).as("a change of 10, not more").isEmpty();

        b.ihuDelay = 30;
        h.run(SETTLE_MS);
        assertThat(d.updatesFor(s.subnet())).extracting(Update::metric).containsExactly(131);
    }

    @Test
    void passesOverTheTableAreSpacedPerNeighbour() {
        harness(true);
        Peer b = h.peer("B", 10, 1);
        h.run(1_000);
        b.ihuDelay = 600; // the link slows down: its cost climbs with most samples for a while
        h.run(10_000);

        long passes = h.snapshot().counters().get("costReselectionPasses");

        // 10 s of samples every ~250 ms, the cost changing with most of them; at most one pass per 500 ms.
        assertThat(passes).isBetween(2L, 10_000 / RouterLimits.COST_RESELECT_MIN_INTERVAL_MS + 1);
        assertThat(b.closed).isFalse();

        h.run(30_000); // settled: the cost no longer moves, nothing walks the table
        long settled = h.snapshot().counters().get("costReselectionPasses");
        h.run(30_000);
        assertThat(h.snapshot().counters().get("costReselectionPasses")).isEqualTo(settled);
    }

    @Test
    void aCostThatOnlyJittersIsLookedAtEveryFiveSeconds() {
        harness(true);
        Peer b = h.peer("B", 10, 20);
        h.run(30_000);
        long before = h.snapshot().counters().get("costReselectionPasses");
        for (int i = 0; i < 40; i++) { // samples of 10 and 30 ms: the smoothed RTT swings between 19 and 20
            b.ihuDelay = 20 + (i % 2 == 0 ? -1 : 1) * 10;
            h.run(500);
        }
        long passes = h.snapshot().counters().get("costReselectionPasses") - before;
        assertThat(passes).isBetween(1L, 20_000 / RouterLimits.COST_RESELECT_SMALL_CHANGE_INTERVAL_MS + 1);
    }
}
