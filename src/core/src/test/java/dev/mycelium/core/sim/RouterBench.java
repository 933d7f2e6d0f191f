package dev.mycelium.core.sim;

import dev.mycelium.core.crypto.OverlayAddress;
import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Neighbour;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.router.RouterListener;
import dev.mycelium.core.sim.SimNetwork.SimNode;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.Update;
import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The router benchmark behind {@code bench/router.sh} (not a test: it measures, it asserts nothing).
 *
 * <ul>
 * <li>{@code single N}: one real router on its own owner thread learns N node subnets, each announced by
 * {@value #NEIGHBOURS} neighbours (so N selected routes and 3N fallbacks): wall and owner-thread CPU time until every
 * subnet is selected, and retained heap per route.</li>
 * <li>{@code cpu R}: the same router (10 000 subnets) fed R Updates/s (re-announcements with metric jitter, no
 * triggered updates) for {@value #CPU_WINDOW_S} s: owner-thread CPU per 1k Updates/s; and a saturation run.</li>
 * <li>{@code mesh N}: N complete routers on one virtual clock (random graph, average degree 4, 10 ms links):
 * protocol time until every node has a route to every other node's subnet, the wall/CPU time to simulate it, and
 * heap per selected route (N·(N−1) of them, simulation included).</li>
 * </ul>
 */
public final class RouterBench {

    static final int NEIGHBOURS = 4;
    static final int CPU_WINDOW_S = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static boolean quiet;

    private RouterBench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        // Warm-up (JIT, class loading): its figures are not printed.
        quiet = true;
        single(1000);
        cpu(10_000, 2);
        quiet = false;
        for (int i = 0; i < args.length; i += 2) {
            String what = args[i];
            int n = Integer.parseInt(args[i + 1]);
            switch (what) {
                case "single" -> single(n);
                case "cpu" -> cpu(n, CPU_WINDOW_S);
                case "mesh" -> mesh(n);
                default -> throw new IllegalArgumentException("unknown scenario " + what + " (single, cpu, mesh)");
            }
        }
    }

    // ------------------------------------------------------------------ one real router

    /** A scripted neighbour: answers Hellos at once (so it stays alive), counts and drops everything else. */
    private static final class BenchPeer implements Neighbour {
        final int index;
        Router router;
        final AtomicLong received = new AtomicLong();
        /** The router's owner thread: the one that calls us. */
        volatile Thread caller;

        BenchPeer(int index) {
            this.index = index;
        }

        @Override
        public void sendControl(ControlTlv tlv) {
            received.incrementAndGet();
            caller = Thread.currentThread();
            if (tlv instanceof Hello) {
                router.handleControl(this, new Ihu(0, 6000, null));
            }
        }

        @Override
        public void sendData(ByteBuf dataPacket) {
            dataPacket.release();
        }

        @Override
        public int staticLinkCost() {
            return 10;
        }

        @Override
        public String connectionId() {
            return "BENCH " + index;
        }

        @Override
        public void close() {
        }
    }

    /** N distinct sources (router id + the /64 its key owns). */
    private record Sources(RouterId[] ids, Subnet[] subnets) {

        static Sources make(int n, Random random) {
            RouterId[] ids = new RouterId[n];
            Subnet[] subnets = new Subnet[n];
            for (int i = 0; i < n; i++) {
                byte[] id = new byte[RouterId.SIZE];
                random.nextBytes(id);
                id[32] = 0;
                id[33] = 0;
                byte[] key = new byte[32];
                System.arraycopy(id, 0, key, 0, 32);
                byte[] a = OverlayAddress.blake3Xof16(key);
                a[0] = (byte) (0x04 | (Integer.bitCount(a[0] & 0xff) & 1));
                ids[i] = RouterId.of(id);
                subnets[i] = Subnet.of(a, 64).network();
            }
            return new Sources(ids, subnets);
        }
    }

    /** A running router with its neighbours and the number of subnets it forwards to. */
    private static final class Rig implements AutoCloseable {
        final Router router;
        final BenchPeer[] peers = new BenchPeer[NEIGHBOURS];
        final AtomicInteger selected = new AtomicInteger();
        final Thread owner;

        Rig(Random random) throws InterruptedException {
            byte[] id = new byte[RouterId.SIZE];
            random.nextBytes(id);
            id[32] = 0;
            id[33] = 0;
            RouterListener counter = new RouterListener() {
                @Override
                public void forwardingChanged(Subnet subnet, Neighbour nextHop, int metric) {
                    if (nextHop == null) {
                        selected.decrementAndGet();
                    } else if (metric >= 0) {
                        selected.incrementAndGet();
                    }
                }
            };
            // Only first selections are counted: the benchmark never changes next hops.
            router = Router.create(RouterConfig.defaults(RouterId.of(id)).withListener(counter)
                    .withFullTableOnLinkUp(false), DataPlaneHook.DISCARD);
            router.start();
            for (int k = 0; k < NEIGHBOURS; k++) {
                peers[k] = new BenchPeer(k);
                peers[k].router = router;
                router.addNeighbour(peers[k]);
            }
            owner = ownerThread(peers[0]);
        }

        long ownerCpuNanos() {
            return THREADS.getThreadCpuTime(owner.getId());
        }

        /**
         * Announces every source from every neighbour (neighbour k with metric 100 + 10k), never more than
         * {@code window} subnets ahead of the router so that its bounded inbox never overflows.
         */
        void announceAll(Sources s, int seqno) throws InterruptedException {
            int window = 20_000;
            for (int i = 0; i < s.ids.length; i++) {
                while (i - selected.get() > window) {
                    Thread.sleep(1);
                }
                for (int k = 0; k < NEIGHBOURS; k++) {
                    router.handleControl(peers[k], new Update(0, 30000, seqno, 100 + 10 * k, s.subnets[i], s.ids[i]));
                }
            }
        }

        void awaitSelected(int n) throws InterruptedException {
            while (selected.get() < n) {
                Thread.sleep(1);
            }
        }

        /** Closes the router and waits for its owner thread to end, so that its tables are garbage. */
        @Override
        public void close() throws InterruptedException {
            router.close();
            owner.join(10_000);
        }
    }

    /** The owner thread, seen from the neighbour it sends our own route to on link-up. */
    private static Thread ownerThread(BenchPeer peer) throws InterruptedException {
        for (int tries = 0; tries < 10_000 && peer.caller == null; tries++) {
            Thread.sleep(1);
        }
        if (peer.caller == null) {
            throw new IllegalStateException("the router never sent anything");
        }
        return peer.caller;
    }

    static void single(int n) throws Exception {
        Random random = new Random(n);
        Sources sources = Sources.make(n, random);
        long heapBefore = usedHeapAfterGc();
        try (Rig rig = new Rig(random)) {
            long cpu0 = rig.ownerCpuNanos();
            long t0 = System.nanoTime();
            rig.announceAll(sources, 1);
            rig.awaitSelected(n);
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (rig.ownerCpuNanos() - cpu0) / 1_000_000;
            Thread.sleep(500); // let the snapshot (part of the cost of a route) be published
            long heap = usedHeapAfterGc() - heapBefore;
            int entries = n * NEIGHBOURS;
            long updates = (long) n * NEIGHBOURS;
            print("single", n, String.format("routes selected %d (+%d fallback); establish %d ms wall, %d ms owner CPU"
                    + " (%.1f us/Update); heap %.1f MB = %d B per selected route (%d B per route entry)",
                    n, entries - n, wallMs, cpuMs, cpuMs * 1000.0 / updates, heap / 1e6, heap / n, heap / entries));
        }
    }

    static void cpu(int rate, int windowSeconds) throws Exception {
        int n = 10_000;
        Random random = new Random(rate);
        Sources sources = Sources.make(n, random);
        try (Rig rig = new Rig(random)) {
            rig.announceAll(sources, 1);
            rig.awaitSelected(n);
            Thread.sleep(500);

            // Re-announcements with a jitter of at most 5: stored, no reselection, no triggered update.
            long cpu0 = rig.ownerCpuNanos();
            long t0 = System.nanoTime();
            long sent = 0;
            long sliceNanos = 10_000_000;
            int perSlice = Math.max(1, rate / 100);
            int i = 0;
            for (long slice = 0; slice < windowSeconds * 100L; slice++) {
                for (int j = 0; j < perSlice; j++) {
                    int s = i % n;
                    int k = (i / n) % NEIGHBOURS;
                    int jitter = (i / (n * NEIGHBOURS)) % 2 == 0 ? 5 : 0;
                    rig.router.handleControl(rig.peers[k],
                            new Update(0, 30000, 1, 100 + 10 * k + jitter, sources.subnets[s], sources.ids[s]));
                    i++;
                    sent++;
                }
                long due = t0 + (slice + 1) * sliceNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            Thread.sleep(300); // the inbox drains
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuMs = (rig.ownerCpuNanos() - cpu0) / 1e6;
            double achieved = sent / seconds;
            long dropped = rig.router.snapshot().counters().getOrDefault("controlInboxFull", 0L);
            print("cpu", rate, String.format("fed %.0f Updates/s for %.1f s: owner CPU %.1f ms/s = %.1f ms/s per 1k"
                    + " Updates/s (%.2f%% of a core per 1k/s); dropped %d",
                    achieved, seconds, cpuMs / seconds, cpuMs / seconds / (achieved / 1000),
                    cpuMs / seconds / (achieved / 1000) / 10, dropped));
        }
    }

    // ------------------------------------------------------------------ many routers on one virtual clock

    static void mesh(int n) {
        long heapBefore = usedHeapAfterGc();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        try (SimNetwork net = new SimNetwork(n)) {
            Topologies.random(net, n, n, Topologies.coarseCosts(net.random()), 10);
            long target = (long) n * (n - 1);
            long limitMs = 1_800_000;
            while (forwardingEntries(net) < target && net.clock.nowMillis() < limitMs) {
                net.run(10);
            }
            long converged = net.clock.nowMillis();
            long have = forwardingEntries(net);
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            long heap = usedHeapAfterGc() - heapBefore;
            print("mesh", n, String.format("%s %d of %d routes after %.1f s protocol time; simulated in %d ms wall,"
                    + " %d ms CPU; %d control TLVs; heap %.1f MB = %d B per selected route (simulation included)",
                    have == target ? "all" : "ONLY", have, target, converged / 1000.0, wallMs, cpuMs,
                    net.controlMessages(), heap / 1e6, heap / Math.max(1, have)));
        }
    }

    private static long forwardingEntries(SimNetwork net) {
        long sum = 0;
        for (SimNode node : net.nodes()) {
            sum += node.forwarding.size();
        }
        return sum;
    }

    // ------------------------------------------------------------------ helpers

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void print(String scenario, int n, String text) {
        if (quiet) {
            return;
        }
        System.out.printf("%-6s %7d  %s%n", scenario, n, text);
    }
}
