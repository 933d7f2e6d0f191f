package dev.mycelium.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.sim.SimNetwork.SimLink;
import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Multi-node behaviour of the router on virtual time: convergence on cheapest paths, and rerouting after cuts. */
class RoutingSimulationTest {

    /** One-way latency giving a 1000 ms round trip: the smoothed cost stays at its initial 1000, costs are stable. */
    static final long STABLE_LATENCY = 500;
    /** Protocol time the tests give a fresh network to converge. */
    static final long CONVERGE_MS = 120_000;
    /** Protocol time given after cuts: detection (3 s on fast liveness, 53 s at most on Mycelium's) plus rerouting. */
    static final long RECONVERGE_MS = 90_000;

    static List<SimNode> build(SimNetwork net, String topology) {
        IntSupplier cost = Topologies.coarseCosts(net.random());
        return switch (topology) {
            case "line" -> Topologies.line(net, 30, cost, STABLE_LATENCY);
            case "ring" -> Topologies.ring(net, 40, cost, STABLE_LATENCY);
            case "grid" -> Topologies.grid(net, 10, 10, cost, STABLE_LATENCY);
            case "random" -> Topologies.random(net, 100, 100, cost, STABLE_LATENCY);
            default -> throw new IllegalArgumentException(topology);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"line", "ring", "grid", "random"})
    void everyNodeReachesEverySubnetOnACheapestPath(String topology) {
        try (SimNetwork net = new SimNetwork(topology.hashCode())) {
            build(net, topology);
            net.checkLoopsAfterEveryTask(true);

            net.run(CONVERGE_MS);

            assertThat(net.unreachablePairs()).isEmpty();
            assertThat(net.notCheapestPairs()).isEmpty();
            assertThat(net.loopChecks()).isPositive();
        }
    }

    /**
     * Cuts several links at once (a line is split in two; the others stay connected): every node moves to the
     * cheapest remaining path, and nodes cut off from a subnet lose their route to it. Loops are checked all along.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "line, silent", "line, close", "line, silent-slow",
        "ring, silent", "ring, close", "ring, silent-slow",
        "grid, silent", "grid, close", "grid, silent-slow",
        "random, silent", "random, close", "random, silent-slow"})
    void afterCutsEveryNodeConvergesToTheNextBestPath(String topology, String mode) {
        boolean fast = !mode.equals("silent-slow");
        try (SimNetwork net = new SimNetwork(31L * topology.hashCode() + mode.hashCode(),
                c -> c.withFastLiveness(fast))) {
            build(net, topology);
            net.checkLoopsAfterEveryTask(true);
            net.run(CONVERGE_MS);
            assertThat(net.notCheapestPairs()).isEmpty();

            List<SimLink> cut = cutSome(net, topology.equals("line") || topology.equals("ring") ? 1 : 10,
                    !topology.equals("line"));
            for (SimLink l : cut) {
                if (mode.equals("close")) {
                    l.cutWithClose();
                } else {
                    l.cutSilently();
                }
            }
            net.run(RECONVERGE_MS);

            assertThat(net.notCheapestPairs()).as("after cutting %s (%s)", cut, mode).isEmpty();
        }
    }

    /** Picks {@code n} up links whose paths are used; with {@code keepConnected} none whose loss splits the net. */
    private static List<SimLink> cutSome(SimNetwork net, int n, boolean keepConnected) {
        List<SimLink> candidates = new ArrayList<>(net.upLinks());
        java.util.Collections.shuffle(candidates, net.random());
        List<SimLink> chosen = new ArrayList<>();
        for (SimLink l : candidates) {
            if (chosen.size() == n) {
                break;
            }
            if (!carriesTraffic(net, l)) {
                continue;
            }
            l.up = false;
            boolean ok = !keepConnected || net.connected();
            l.up = true;
            if (ok) {
                chosen.add(l);
                l.up = false;
            }
        }
        chosen.forEach(l -> l.up = true);
        assertThat(chosen).hasSize(n);
        return chosen;
    }

    private static boolean carriesTraffic(SimNetwork net, SimLink l) {
        for (SimNode dest : net.nodes()) {
            if (net.nextHop(l.a, dest.subnet()) == l.b || net.nextHop(l.b, dest.subnet()) == l.a) {
                return true;
            }
        }
        return false;
    }
}
