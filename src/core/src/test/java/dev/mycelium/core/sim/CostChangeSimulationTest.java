package dev.mycelium.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.sim.SimNetwork.SimLink;
import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Links whose cost settles after the routes were chosen ({@code RouterConfig.reselectOnCostChange}): every link starts
 * at cost 1000 + static (protocol.md 5.1), so a link that comes up after the others looks dear at first; once its
 * round trip is measured it may be the cheapest. With re-selection every node ends on a cheapest path; with
 * Mycelium's rules (selection only on Updates and link loss) the old path stays.
 */
class CostChangeSimulationTest {

    /** Protocol time for a new link's smoothed cost to settle (~70 samples at 4 per second) and routes to follow. */
    private static final long SETTLE_MS = 60_000;
    /** Bound on going back to a restored direct link: reconnect is immediate here, the cost settles in ~17 s. */
    private static final long BACK_DIRECT_BOUND_MS = 30_000;

    /**
     * A - B - C with 1 ms links (cost 12 each), then a direct A - C link (cost 17): cheaper than the 24 via B, though
     * by less than the hysteresis; C is A's neighbour then, so its metric-0 route wins anyway (5.5).
     */
    private static final class Triangle {
        final SimNetwork net;
        final SimNode a;
        final SimNode b;
        final SimNode c;
        SimLink direct;

        Triangle(SimNetwork net) {
            this.net = net;
            List<SimNode> n = net.addNodes(3);
            a = n.get(0);
            b = n.get(1);
            c = n.get(2);
            net.connect(a, b, 10, 1);
            net.connect(b, c, 10, 1);
            net.checkLoopsAfterEveryTask(true);
            net.run(SETTLE_MS);
            assertThat(net.path(a, c)).containsExactly(a, b, c);
            direct = net.connect(a, c, 15, 1);
        }

        boolean direct() {
            return net.nextHop(a, c.subnet()) == c && net.nextHop(c, a.subnet()) == a;
        }
    }

    @ParameterizedTest(name = "reselect {0}")
    @ValueSource(booleans = {true, false})
    void aDirectLinkThatComesUpLastIsUsedOnceItsCostSettles(boolean reselect) {
        try (SimNetwork net = new SimNetwork(1, c -> c.withReselectOnCostChange(reselect))) {
            Triangle t = new Triangle(net);

            net.run(SETTLE_MS);

            if (reselect) {
                assertThat(net.path(t.a, t.c)).containsExactly(t.a, t.c);
                assertThat(net.path(t.c, t.a)).containsExactly(t.c, t.a);
                assertThat(net.notCheapestPairs()).isEmpty();
            } else {
                // Mycelium: nothing announces C's subnet again, so A keeps the path chosen when the link was new.
                assertThat(net.path(t.a, t.c)).containsExactly(t.a, t.b, t.c);
            }
        }
    }

    @Test
    void aRestoredDirectLinkIsUsedAgainOnceItsCostSettles() {
        try (SimNetwork net = new SimNetwork(2)) {
            Triangle t = new Triangle(net);
            net.run(SETTLE_MS);
            assertThat(t.direct()).isTrue();

            t.direct.cutSilently();
            assertThat(runUntil(net, () -> net.nextHop(t.a, t.c.subnet()) == t.b, 10_000)).isNotNegative();
            t.direct = net.restore(t.direct);
            long took = runUntil(net, t::direct, BACK_DIRECT_BOUND_MS);

            System.out.printf("sim: back on the restored direct link after %d ms of protocol time%n", took);
            assertThat(took).as("time back direct (ms)").isBetween(0L, BACK_DIRECT_BOUND_MS);
            net.run(SETTLE_MS);
            assertThat(net.notCheapestPairs()).isEmpty();
        }
    }

    /**
     * A 6x6 grid whose links all start at once with static costs 100..500 and no latency: every selection is made
     * while the costs still fall from 1000 + static, at different paces; they settle at the static costs, where
     * distinct paths differ by 100 or more.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22})
    void inAGridEveryNodeEndsOnACheapestPathOnceCostsSettle(long seed) {
        try (SimNetwork net = new SimNetwork(seed)) {
            Topologies.grid(net, 6, 6, () -> 100 * (1 + net.random().nextInt(5)), 0);
            net.checkLoopsAfterEveryTask(true);

            net.run(2 * SETTLE_MS);

            assertThat(net.unreachablePairs()).isEmpty();
            assertThat(net.notCheapestPairs()).isEmpty();
        }
    }

    /** Runs until {@code done} holds, in 10 ms steps; the protocol time it took, or -1 past {@code max}. */
    private static long runUntil(SimNetwork net, BooleanSupplier done, long max) {
        long start = net.clock.nowMillis();
        while (net.clock.nowMillis() - start <= max) {
            if (done.getAsBoolean()) {
                return net.clock.nowMillis() - start;
            }
            net.run(10);
        }
        return -1;
    }
}
