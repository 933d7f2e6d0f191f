package dev.mycelium.core.sim;

import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.EmissionRules;
import dev.mycelium.core.router.Neighbour;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.router.RouterListener;
import dev.mycelium.core.router.RouterSnapshot;
import dev.mycelium.core.time.VirtualScheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * N routers on one virtual clock, connected by in-memory links that hand TLV objects (and data packets) to the
 * router at the other end after a latency. Links can be cut silently (everything dropped, nobody told) or with a
 * close (both routers see the link go). Every TLV any router emits is checked against protocol.md 4.7.
 */
public final class SimNetwork implements AutoCloseable {

    /** Snapshot coalescing of the simulated routers; link costs read from snapshots are at most this old. */
    static final long SNAPSHOT_DELAY_MS = 30_000;

    public final VirtualScheduler clock = new VirtualScheduler();
    private final Random random;
    private final UnaryOperator<RouterConfig> tweak;
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<SimLink> links = new ArrayList<>();
    private final Set<Subnet> changedSubnets = new LinkedHashSet<>();
    private final Map<Subnet, SimNode> owners = new HashMap<>();
    private long controlMessages;
    private String violation;
    private boolean checkLoops;
    private long loopChecks;
    private int linkIds;
    /** Debugging aid: receives a line per TLV sent, when set. */
    public java.util.function.Consumer<String> trace;

    public SimNetwork(long seed) {
        this(seed, c -> c);
    }

    public SimNetwork(long seed, UnaryOperator<RouterConfig> tweak) {
        this.random = new Random(seed);
        this.tweak = tweak;
        clock.afterEachTask(this::afterTask);
    }

    // ------------------------------------------------------------------ building

    public SimNode addNode() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        SimNode node = new SimNode(nodes.size(), key);
        node.boot();
        nodes.add(node);
        owners.put(node.router.ownSubnet(), node);
        return node;
    }

    public List<SimNode> addNodes(int n) {
        List<SimNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(addNode());
        }
        return out;
    }

    /** A link with a static cost (both directions) and a one-way latency. */
    public SimLink connect(SimNode a, SimNode b, int staticCost, long latencyMs) {
        SimLink link = new SimLink(a, b, staticCost, latencyMs);
        links.add(link);
        a.router.addNeighbour(link.ab);
        b.router.addNeighbour(link.ba);
        return link;
    }

    public List<SimNode> nodes() {
        return nodes;
    }

    public List<SimLink> links() {
        return links;
    }

    public List<SimLink> upLinks() {
        return links.stream().filter(l -> l.up).toList();
    }

    public List<SimLink> downLinks() {
        return links.stream().filter(l -> !l.up).toList();
    }

    /** A new link in place of the cut {@code old} (same ends, cost and latency), as a reconnecting peer makes. */
    public SimLink restore(SimLink old) {
        if (old.up) {
            throw new IllegalStateException(old + " is up");
        }
        links.remove(old);
        return connect(old.a, old.b, old.staticCost, old.latencyMs);
    }

    /**
     * Restarts {@code node}'s process: its peers see its links close, the old router is closed and a new one (same
     * key, hence same /64, fresh router id tail and seqno 0, protocol.md 1.5) comes up and is reconnected to the same
     * peers.
     */
    public void restart(SimNode node) {
        List<SimLink> mine = links.stream().filter(l -> l.up && (l.a == node || l.b == node)).toList();
        for (SimLink l : mine) {
            l.cutWithClose();
        }
        node.router.close();
        node.boot();
        for (SimLink l : mine) {
            restore(l);
        }
    }

    public Random random() {
        return random;
    }

    // ------------------------------------------------------------------ running

    public void run(long millis) {
        clock.runFor(millis);
        failOnViolation();
    }

    /** Check, after every task from now on, that forwarding state has no loops. */
    public void checkLoopsAfterEveryTask(boolean on) {
        checkLoops = on;
    }

    public long loopChecks() {
        return loopChecks;
    }

    public long controlMessages() {
        return controlMessages;
    }

    private void afterTask() {
        if (!checkLoops || changedSubnets.isEmpty()) {
            return;
        }
        for (Subnet s : changedSubnets) {
            String loop = findLoop(s);
            loopChecks++;
            if (loop != null && violation == null) {
                violation = "routing loop at t=" + clock.nowMillis() + " for " + s + ": " + loop;
            }
        }
        changedSubnets.clear();
    }

    private void failOnViolation() {
        if (violation != null) {
            throw new AssertionError(violation);
        }
    }

    // ------------------------------------------------------------------ forwarding state

    /** The next hop {@code from} uses for {@code subnet}, or null. */
    public SimNode nextHop(SimNode from, Subnet subnet) {
        SimLink.End e = from.forwarding.get(subnet);
        return e == null ? null : e.remote();
    }

    /** Following next hops from {@code from} to {@code dest}'s subnet; null if it ends nowhere or loops. */
    public List<SimNode> path(SimNode from, SimNode dest) {
        Subnet s = dest.subnet();
        List<SimNode> path = new ArrayList<>();
        Set<SimNode> seen = new HashSet<>();
        SimNode at = from;
        while (at != dest) {
            if (!seen.add(at)) {
                return null;
            }
            path.add(at);
            at = nextHop(at, s);
            if (at == null) {
                return null;
            }
        }
        path.add(dest);
        return path;
    }

    /**
     * A description of a forwarding loop for {@code subnet}, or null when there is none. Linear: every node is walked
     * once; a walk stops at a node already known to lead out of the loop-free part (or to nowhere).
     */
    public String findLoop(Subnet subnet) {
        int[] state = new int[nodes.size()]; // 0 unvisited, 1 on the current walk, 2 known loop-free
        for (SimNode start : nodes) {
            List<SimNode> walk = new ArrayList<>();
            SimNode at = start;
            while (at != null && state[at.index] == 0) {
                state[at.index] = 1;
                walk.add(at);
                at = at.subnet().equals(subnet) ? null : nextHop(at, subnet);
            }
            if (at != null && state[at.index] == 1) {
                List<Integer> cycle = new ArrayList<>();
                for (SimNode n : walk.subList(walk.indexOf(at), walk.size())) {
                    cycle.add(n.index);
                }
                cycle.add(at.index);
                return "nodes " + cycle;
            }
            for (SimNode n : walk) {
                state[n.index] = 2;
            }
        }
        return null;
    }

    /** Pairs (from, to) where following next hops from {@code from} does not reach {@code to}. */
    public List<String> unreachablePairs() {
        List<String> out = new ArrayList<>();
        for (SimNode a : nodes) {
            for (SimNode b : nodes) {
                if (a != b && path(a, b) == null) {
                    out.add(a.index + "->" + b.index);
                }
            }
        }
        return out;
    }

    /**
     * Where forwarding disagrees with Dijkstra over the links that are up: a connected pair whose path does not
     * reach the destination or is dearer than the cheapest one, or a pair with no connection where the source still
     * has a next hop for the destination's subnet.
     */
    public List<String> notCheapestPairs() {
        List<String> bad = new ArrayList<>();
        for (SimNode dest : nodes) {
            Map<SimNode, Long> best = dijkstraTo(dest);
            for (SimNode from : nodes) {
                if (from == dest) {
                    continue;
                }
                if (!best.containsKey(from)) {
                    if (nextHop(from, dest.subnet()) != null) {
                        bad.add(from.index + "->" + dest.index + " cut off but routed via "
                                + nextHop(from, dest.subnet()).index);
                    }
                    continue;
                }
                List<SimNode> path = path(from, dest);
                if (path == null) {
                    bad.add(from.index + "->" + dest.index + " unreachable");
                } else if (pathCost(path) != best.get(from)) {
                    bad.add(from.index + "->" + dest.index + " cost " + pathCost(path) + " > " + best.get(from)
                            + " via " + path.stream().map(n -> n.index).toList());
                }
            }
        }
        return bad;
    }

    /** True when the up links still connect every node. */
    public boolean connected() {
        if (nodes.isEmpty()) {
            return true;
        }
        Set<SimNode> seen = new HashSet<>();
        List<SimNode> todo = new ArrayList<>(List.of(nodes.get(0)));
        seen.add(nodes.get(0));
        while (!todo.isEmpty()) {
            SimNode at = todo.remove(todo.size() - 1);
            for (SimLink l : links) {
                if (l.up && (l.a == at || l.b == at)) {
                    SimNode other = l.a == at ? l.b : l.a;
                    if (seen.add(other)) {
                        todo.add(other);
                    }
                }
            }
        }
        return seen.size() == nodes.size();
    }

    // ------------------------------------------------------------------ costs

    /** The cost {@code from} measures for its link end towards {@code to}, from its published snapshot. */
    public int linkCost(SimNode from, SimLink.End end) {
        for (RouterSnapshot.NeighbourInfo n : from.router.snapshot().neighbours()) {
            if (n.connectionId().equals(end.connectionId())) {
                return n.linkCost();
            }
        }
        return -1;
    }

    /** Cost of a path, using each hop's own measured link cost (the costs route selection uses). */
    public long pathCost(List<SimNode> path) {
        long sum = 0;
        for (int i = 0; i + 1 < path.size(); i++) {
            SimNode u = path.get(i);
            SimLink.End e = u.endTowards(path.get(i + 1));
            sum += linkCost(u, e);
        }
        return sum;
    }

    /** Shortest cost from every node to {@code dest} over up links (directed: each node's own link costs). */
    public Map<SimNode, Long> dijkstraTo(SimNode dest) {
        Map<SimNode, Long> dist = new HashMap<>();
        PriorityQueue<Object[]> pq = new PriorityQueue<>((x, y) -> Long.compare((Long) x[1], (Long) y[1]));
        dist.put(dest, 0L);
        pq.add(new Object[] {dest, 0L});
        while (!pq.isEmpty()) {
            Object[] top = pq.poll();
            SimNode v = (SimNode) top[0];
            long d = (Long) top[1];
            if (d > dist.get(v)) {
                continue;
            }
            // Relax edges u -> v (u uses its own cost for the link to v).
            for (SimLink l : links) {
                if (!l.up) {
                    continue;
                }
                SimLink.End uEnd = l.a == v ? l.ba : l.b == v ? l.ab : null;
                if (uEnd == null) {
                    continue;
                }
                SimNode u = uEnd.owner();
                long nd = d + linkCost(u, uEnd);
                if (nd < dist.getOrDefault(u, Long.MAX_VALUE)) {
                    dist.put(u, nd);
                    pq.add(new Object[] {u, nd});
                }
            }
        }
        return dist;
    }

    // ------------------------------------------------------------------ data

    /** Sends a data packet from {@code from} to {@code to}'s address (hop limit 64) through the routers. */
    public void sendData(SimNode from, SimNode to) {
        byte[] src = from.router.ownAddress();
        byte[] dst = to.router.ownAddress();
        ByteBuf b = Unpooled.buffer(36 + 4);
        b.writeInt((4 << 8) | 64);
        b.writeBytes(src);
        b.writeBytes(dst);
        b.writeInt(0xC0FFEE);
        from.router.routeLocal(b);
    }

    @Override
    public void close() {
        for (SimNode n : nodes) {
            n.router.close();
        }
        clock.runFor(0);
    }

    // ------------------------------------------------------------------ nodes and links

    /** One simulated node: a router and what its data plane received. */
    public final class SimNode extends DataPlaneHook.Discard {
        public final int index;
        private final byte[] publicKey;
        public Router router;
        /** Forwarding of the current router incarnation, as its listener reported it. */
        final Map<Subnet, SimLink.End> forwarding = new HashMap<>();
        final Map<SimNode, SimLink.End> ends = new HashMap<>();
        private Object incarnation;
        public int restarts = -1;
        public long delivered;
        public long timeExceeded;
        public long noRoute;

        SimNode(int index, byte[] publicKey) {
            this.index = index;
            this.publicKey = publicKey;
        }

        /** A new router for this node: same key, zone 0, a fresh random tail (1.5). */
        void boot() {
            byte[] id = new byte[RouterId.SIZE];
            System.arraycopy(publicKey, 0, id, 0, 32);
            byte[] tail = new byte[RouterId.SIZE - 34];
            random.nextBytes(tail);
            System.arraycopy(tail, 0, id, 34, tail.length);
            Object me = new Object();
            incarnation = me;
            forwarding.clear();
            restarts++;
            // The old router may still run queued tasks; only the current incarnation may change the forwarding.
            RouterListener listener = new RouterListener() {
                @Override
                public void forwardingChanged(Subnet subnet, Neighbour nextHop, int metric) {
                    if (incarnation == me) {
                        SimNode.this.forwardingChanged(subnet, nextHop);
                    }
                }
            };
            // Snapshots (read here only for link costs) are rebuilt on every cost sample otherwise: the main cost of a
            // long simulation.
            RouterConfig config = tweak.apply(RouterConfig.defaults(RouterId.of(id)).withListener(listener)
                    .withSnapshotDelay(SNAPSHOT_DELAY_MS));
            router = new Router(config, clock, this);
            router.start();
        }

        public Subnet subnet() {
            return router.ownSubnet();
        }

        SimLink.End endTowards(SimNode other) {
            return ends.get(other);
        }

        private void forwardingChanged(Subnet subnet, Neighbour nextHop) {
            if (nextHop == null) {
                forwarding.remove(subnet);
            } else {
                forwarding.put(subnet, (SimLink.End) nextHop);
            }
            changedSubnets.add(subnet);
        }

        @Override
        public void deliverLocal(ByteBuf dataPacket) {
            delivered++;
            dataPacket.release();
        }

        @Override
        public void oobIcmp(OobIcmp kind, ByteBuf dataPacket) {
            if (kind == OobIcmp.TIME_EXCEEDED) {
                timeExceeded++;
            } else {
                noRoute++;
            }
            dataPacket.release();
        }

        @Override
        public String toString() {
            return "node" + index;
        }
    }

    /** A bidirectional link; {@link #ab} is a's neighbour object for b, {@link #ba} the reverse. */
    public final class SimLink {
        public final SimNode a;
        public final SimNode b;
        public final int staticCost;
        public final long latencyMs;
        public final End ab;
        public final End ba;
        /** False once cut. */
        public boolean up = true;
        /** True while cut silently: frames vanish, closes are not noticed by the other side. */
        boolean silent;

        SimLink(SimNode a, SimNode b, int staticCost, long latencyMs) {
            linkIds++;
            this.a = a;
            this.b = b;
            this.staticCost = staticCost;
            this.latencyMs = latencyMs;
            this.ab = new End(a, b);
            this.ba = new End(b, a);
            a.ends.put(b, ab);
            b.ends.put(a, ba);
        }

        /** Drop everything from now on, tell nobody: the routers must find out themselves. */
        public void cutSilently() {
            up = false;
            silent = true;
        }

        /** Both ends see the link go (as on EOF). */
        public void cutWithClose() {
            up = false;
            a.router.removeNeighbour(ab);
            b.router.removeNeighbour(ba);
        }

        public End other(End e) {
            return e == ab ? ba : ab;
        }

        @Override
        public String toString() {
            return a.index + "<->" + b.index;
        }

        /** One end of the link, the neighbour object its owner's router talks to. */
        public final class End implements Neighbour {
            private final SimNode owner;
            private final SimNode remote;
            private final String id;
            private boolean closed;

            End(SimNode owner, SimNode remote) {
                this.owner = owner;
                this.remote = remote;
                this.id = "SIM " + owner.index + " <-> " + remote.index + " #" + linkIds;
            }

            public SimNode owner() {
                return owner;
            }

            public SimNode remote() {
                return remote;
            }

            @Override
            public void sendControl(ControlTlv tlv) {
                String v = EmissionRules.violation(tlv);
                if (v != null && violation == null) {
                    violation = owner + " emitted a forbidden TLV: " + v;
                }
                controlMessages++;
                if (trace != null) {
                    trace.accept(clock.nowMillis() + " " + owner.index + "->" + remote.index
                            + (!up || closed ? " (lost) " : " ") + tlv);
                }
                if (!up || closed) {
                    return;
                }
                End to = other(this);
                clock.schedule(latencyMs, () -> {
                    if (up) {
                        remote.router.handleControl(to, tlv);
                    }
                });
            }

            @Override
            public void sendData(ByteBuf dataPacket) {
                if (!up || closed) {
                    dataPacket.release();
                    return;
                }
                End to = other(this);
                clock.schedule(latencyMs, () -> {
                    if (up) {
                        remote.router.handleData(to, dataPacket);
                    } else {
                        dataPacket.release();
                    }
                });
            }

            @Override
            public int staticLinkCost() {
                return staticCost;
            }

            @Override
            public String connectionId() {
                return id;
            }

            /** The owner's router declared the link dead: unless cut silently, the other side sees EOF. */
            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                boolean wasSilent = silent;
                up = false;
                if (!wasSilent) {
                    End to = other(this);
                    clock.schedule(latencyMs, () -> remote.router.removeNeighbour(to));
                }
            }

            @Override
            public String toString() {
                return id;
            }
        }
    }
}
