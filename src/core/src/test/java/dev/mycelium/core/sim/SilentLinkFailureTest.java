package dev.mycelium.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.sim.SimNetwork.SimLink;
import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A link between two of our nodes goes silent (cable pulled: no close, no RST): with fast liveness the routers notice
 * and route around it within 3 s of protocol time (issue 4 item 3); with Mycelium's timers it takes 43 s or more.
 */
class SilentLinkFailureTest {

    private static final long BOUND_MS = 3_000;
    private static final long STEP_MS = 10;

    /** A-B-C in a line plus a direct A-C link that is cheaper than the two hops: A-C traffic goes direct. */
    private static final class Triangle {
        final SimNetwork net;
        final SimNode a;
        final SimNode b;
        final SimNode c;
        final SimLink direct;

        Triangle(SimNetwork net, long latencyMs) {
            this.net = net;
            List<SimNode> n = net.addNodes(3);
            a = n.get(0);
            b = n.get(1);
            c = n.get(2);
            net.connect(a, b, 10, latencyMs);
            net.connect(b, c, 10, latencyMs);
            direct = net.connect(a, c, 15, latencyMs);
            net.checkLoopsAfterEveryTask(true);
            net.run(60_000); // RTT samples bring the smoothed costs down from their initial 1000
        }

        boolean rerouted() {
            return net.nextHop(a, c.subnet()) == b && net.nextHop(c, a.subnet()) == b;
        }
    }

    @ParameterizedTest(name = "one-way latency {0} ms")
    @ValueSource(longs = {1, 20, 100})
    void aSilentlyDeadDirectLinkIsRoutedAroundWithinThreeSeconds(long latency) {
        try (SimNetwork net = new SimNetwork(latency)) {
            Triangle t = new Triangle(net, latency);
            assertThat(net.nextHop(t.a, t.c.subnet())).isEqualTo(t.c);
            assertThat(net.nextHop(t.c, t.a.subnet())).isEqualTo(t.a);

            t.direct.cutSilently();
            long took = runUntil(net, t::rerouted, BOUND_MS);

            assertThat(took).as("reroute time (ms)").isLessThanOrEqualTo(BOUND_MS);
            assertThat(net.path(t.a, t.c)).containsExactly(t.a, t.b, t.c);
            assertThat(net.path(t.c, t.a)).containsExactly(t.c, t.b, t.a);
        }
    }

    @Test
    void withMyceliumTimersTheSameFailureTakesTwentyThreeSecondsOrMore() {
        try (SimNetwork net = new SimNetwork(7, c -> c.withFastLiveness(false))) {
            Triangle t = new Triangle(net, 1);
            assertThat(net.nextHop(t.a, t.c.subnet())).isEqualTo(t.c);

            t.direct.cutSilently();
            long took = runUntil(net, t::rerouted, 60_000);

            // Dead 43 s after the last IHU, checked every 10 s; Hellos (and so IHUs) come every 20 s.
            assertThat(took).isBetween(43_000L - 20_000L, 43_000L + 10_000L);
        }
    }

    /** In a 6x6 grid of low-latency links, every route through a silently dead link is replaced within 3 s. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void everyRouteThroughASilentlyDeadLinkIsReplacedWithinThreeSeconds(long seed) {
        try (SimNetwork net = new SimNetwork(seed)) {
            Topologies.grid(net, 6, 6, () -> 10 + 10 * net.random().nextInt(3), 2);
            net.checkLoopsAfterEveryTask(true);
            net.run(60_000);
            assertThat(net.unreachablePairs()).isEmpty();
            List<SimLink> busy = new ArrayList<>(net.links());
            busy.sort((x, y) -> Integer.compare(routesThrough(net, y), routesThrough(net, x)));
            SimLink victim = busy.get(0);
            assertThat(routesThrough(net, victim)).isPositive();

            victim.cutSilently();
            long took = runUntil(net, () -> net.unreachablePairs().isEmpty() && routesThrough(net, victim) == 0,
                    BOUND_MS);

            assertThat(took).as("time until no route uses %s and all pairs reach each other (ms)", victim)
                    .isLessThanOrEqualTo(BOUND_MS);
        }
    }

    private static int routesThrough(SimNetwork net, SimLink l) {
        int n = 0;
        for (SimNode dest : net.nodes()) {
            if (net.nextHop(l.a, dest.subnet()) == l.b || net.nextHop(l.b, dest.subnet()) == l.a) {
                n++;
            }
        }
        return n;
    }

    /** Runs the clock in small steps until {@code done} holds; the protocol time it took, or -1 past {@code max}. */
    private static long runUntil(SimNetwork net, java.util.function.BooleanSupplier done, long max) {
        long start = net.clock.nowMillis();
        while (net.clock.nowMillis() - start <= max) {
            if (done.getAsBoolean()) {
                return net.clock.nowMillis() - start;
            }
            net.run(STEP_MS);
        }
        return done.getAsBoolean() ? net.clock.nowMillis() - start : -1;
    }
}
