package dev.mycelium.core.sim;

import org.junit.jupiter.api.Test;

class DebugSimTest {
    @Test
    void debug() {
        for (String t : new String[] {"line", "ring", "grid", "random"}) {
            for (boolean on : new boolean[] {false, true}) {
                try (SimNetwork net = new SimNetwork(t.hashCode(), c -> c.withTriggerOnTotalChange(on))) {
                    RoutingSimulationTest.build(net, t);
                    net.run(120_000);
                    int n = net.nodes().size();
                    System.out.println("SUBOPT " + t + " trigger=" + on + " " + RoutingSimulationTest.notCheapest(net).size()
                        + " of " + (n * (n - 1)) + " msgs=" + net.controlMessages());
                }
            }
        }
    }
}
