package dev.mycelium.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.sim.SimNetwork.SimLink;
import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random churn over hours of protocol time: links cut silently or with a close, links restored, nodes restarted. The
 * loop-freedom invariant (following selected next hops towards any subnet never revisits a node) is checked after
 * every task the virtual clock runs, i.e. after every message delivery, timer and churn event. Once the churn stops
 * and every link is back, every node must again reach every subnet on a cheapest path.
 */
class ChurnSimulationTest {

    private static final long HOUR_MS = 3_600_000;

    @ParameterizedTest(name = "{0} nodes, {1} h, fast liveness {2}, seed {3}")
    @CsvSource({
        "40, 2, true, 1",
        "100, 3, false, 2"})
    void noLoopEverAndFullRecoveryAfterwards(int nodes, int hours, boolean fast, long seed) {
        try (SimNetwork net = new SimNetwork(seed, c -> c.withFastLiveness(fast))) {
            Random r = net.random();
            Topologies.random(net, nodes, nodes, Topologies.coarseCosts(r), RoutingSimulationTest.STABLE_LATENCY);
            net.checkLoopsAfterEveryTask(true);
            net.run(RoutingSimulationTest.CONVERGE_MS);
            int maxDown = net.links().size() / 8;
            Counts counts = new Counts();

            long end = net.clock.nowMillis() + hours * HOUR_MS;
            while (net.clock.nowMillis() < end) {
                net.run(2_000 + r.nextInt(28_000));
                churn(net, r, maxDown, counts);
            }
            for (SimLink l : new ArrayList<>(net.downLinks())) {
                net.restore(l);
            }
            net.run(RoutingSimulationTest.RECONVERGE_MS);

            assertThat(counts.events()).isGreaterThan(hours * 150);
            assertThat(net.loopChecks()).isGreaterThan(counts.events());
            assertThat(net.notCheapestPairs()).as("after churn %s", counts).isEmpty();
        }
    }

    private static void churn(SimNetwork net, Random r, int maxDown, Counts counts) {
        List<SimLink> up = net.upLinks();
        List<SimLink> down = net.downLinks();
        int dice = r.nextInt(100);
        if (dice < 10) {
            SimNode n = net.nodes().get(r.nextInt(net.nodes().size()));
            net.restart(n);
            counts.restarts++;
        } else if (dice < 55 && down.size() < maxDown && !up.isEmpty()) {
            SimLink l = up.get(r.nextInt(up.size()));
            if (r.nextBoolean()) {
                l.cutSilently();
                counts.silentCuts++;
            } else {
                l.cutWithClose();
                counts.closedCuts++;
            }
        } else if (!down.isEmpty()) {
            net.restore(down.get(r.nextInt(down.size())));
            counts.restores++;
        }
    }

    private static final class Counts {
        int silentCuts;
        int closedCuts;
        int restores;
        int restarts;

        int events() {
            return silentCuts + closedCuts + restores + restarts;
        }

        @Override
        public String toString() {
            return silentCuts + " silent cuts, " + closedCuts + " closed cuts, " + restores + " restores, " + restarts
                    + " restarts";
        }
    }
}
