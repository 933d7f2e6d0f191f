package dev.mycelium.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multi-node behaviour of the router on virtual time. */
class RoutingSimulationTest {

    /** One-way latency giving a 1000 ms round trip: the smoothed cost stays at its initial 1000, costs are stable. */
    static final long STABLE_LATENCY = 500;

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

    static List<String> notCheapest(SimNetwork net) {
        List<String> bad = new ArrayList<>();
        for (SimNode dest : net.nodes()) {
            Map<SimNode, Long> best = net.dijkstraTo(dest);
            for (SimNode from : net.nodes()) {
                if (from == dest || !best.containsKey(from)) {
                    continue;
                }
                List<SimNode> path = net.path(from, dest);
                if (path == null) {
                    bad.add(from.index + "->" + dest.index + " unreachable");
                } else if (net.pathCost(path) != best.get(from)) {
                    bad.add(from.index + "->" + dest.index + " cost " + net.pathCost(path) + " > " + best.get(from));
                }
            }
        }
        return bad;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"line", "ring", "grid", "random"})
    void everyNodeReachesEverySubnetOnACheapestPath(String topology) {
        try (SimNetwork net = new SimNetwork(topology.hashCode())) {
            build(net, topology);
            net.checkLoopsAfterEveryTask(true);

            net.run(120_000);

            assertThat(net.unreachablePairs()).isEmpty();
            assertThat(notCheapest(net)).isEmpty();
        }
    }
}
