package dev.mycelium.core.sim;

import dev.mycelium.core.sim.SimNetwork.SimNode;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntSupplier;

/** Builders for the usual test topologies; link costs come from a supplier, latency is fixed. */
final class Topologies {

    private Topologies() {
    }

    /** Static costs in steps of 100 (0..500): distinct paths differ by far more than the hysteresis of 10. */
    static IntSupplier coarseCosts(Random random) {
        return () -> 100 * random.nextInt(6);
    }

    static List<SimNode> line(SimNetwork net, int n, IntSupplier cost, long latency) {
        List<SimNode> nodes = net.addNodes(n);
        for (int i = 0; i + 1 < n; i++) {
            net.connect(nodes.get(i), nodes.get(i + 1), cost.getAsInt(), latency);
        }
        return nodes;
    }

    static List<SimNode> ring(SimNetwork net, int n, IntSupplier cost, long latency) {
        List<SimNode> nodes = line(net, n, cost, latency);
        net.connect(nodes.get(n - 1), nodes.get(0), cost.getAsInt(), latency);
        return nodes;
    }

    static List<SimNode> grid(SimNetwork net, int w, int h, IntSupplier cost, long latency) {
        List<SimNode> nodes = net.addNodes(w * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                SimNode here = nodes.get(y * w + x);
                if (x + 1 < w) {
                    net.connect(here, nodes.get(y * w + x + 1), cost.getAsInt(), latency);
                }
                if (y + 1 < h) {
                    net.connect(here, nodes.get((y + 1) * w + x), cost.getAsInt(), latency);
                }
            }
        }
        return nodes;
    }

    /** A random spanning tree plus {@code extra} random chords: connected, average degree about 2 + 2·extra/n. */
    static List<SimNode> random(SimNetwork net, int n, int extra, IntSupplier cost, long latency) {
        Random r = net.random();
        List<SimNode> nodes = net.addNodes(n);
        Set<Long> edges = new HashSet<>();
        for (int i = 1; i < n; i++) {
            int j = r.nextInt(i);
            edges.add(key(i, j));
            net.connect(nodes.get(i), nodes.get(j), cost.getAsInt(), latency);
        }
        int added = 0;
        while (added < extra) {
            int i = r.nextInt(n);
            int j = r.nextInt(n);
            if (i == j || !edges.add(key(i, j))) {
                continue;
            }
            net.connect(nodes.get(i), nodes.get(j), cost.getAsInt(), latency);
            added++;
        }
        return nodes;
    }

    private static long key(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }
}
