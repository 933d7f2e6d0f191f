package dev.mycelium.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulation's own checks can fail: a loop planted in the forwarding state is found and reported. */
class SimNetworkTest {

    @Test
    void aPlantedLoopIsFoundAndFailsTheRun() {
        try (SimNetwork net = new SimNetwork(1)) {
            List<SimNode> n = Topologies.line(net, 4, () -> 0, 10);
            net.run(30_000);
            SimNode dest = n.get(3);
            assertThat(net.findLoop(dest.subnet())).isNull();
            assertThat(net.path(n.get(0), dest)).containsExactlyElementsOf(n);

            // 2 sends back to 1, which sends to 2.
            n.get(2).forwarding.put(dest.subnet(), n.get(2).endTowards(n.get(1)));

            assertThat(net.findLoop(dest.subnet())).isEqualTo("nodes [1, 2, 1]");
            assertThat(net.path(n.get(0), dest)).isNull();
            assertThat(net.unreachablePairs()).contains("0->3", "1->3", "2->3");
            assertThat(net.notCheapestPairs()).contains("0->3 unreachable");
        }
    }

    @Test
    void theCheckAfterEveryTaskReportsALoopTheRoutersWouldMake() {
        try (SimNetwork net = new SimNetwork(2)) {
            List<SimNode> n = Topologies.line(net, 4, () -> 0, 10);
            net.checkLoopsAfterEveryTask(true);
            net.run(30_000);
            SimNode dest = n.get(3);
            n.get(0).forwarding.put(dest.subnet(), n.get(0).endTowards(n.get(1)));
            n.get(1).forwarding.put(dest.subnet(), n.get(1).endTowards(n.get(0)));

            // The next forwarding change for that subnet (2 loses its route) makes the check run.
            net.links().get(2).cutWithClose();

            assertThatThrownBy(() -> net.run(1)).isInstanceOf(AssertionError.class).hasMessageContaining("loop");
        }
    }
}
