package dev.mycelium.core.dataplane;

import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.router.Neighbour;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import dev.mycelium.testkit.InMemoryTun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Nodes (keys, router on its own thread, data plane, in-memory TUN) joined by direct in-memory links: the router of
 * one end hands control TLVs and data packets straight to the router of the other. Data packets cross as fresh pooled
 * copies (like bytes over a socket), and every end records what it sent.
 */
final class TestNet implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final List<Node> nodes = new ArrayList<>();

    static final class Node {
        final String name;
        final NodeKeys keys = NodeKeys.generate();
        final TunDevice device;
        final Router router;
        final DataPlane dataPlane;

        Node(String name, TunDevice device) {
            this.name = name;
            this.device = device;
            dataPlane = new DataPlane(keys, device);
            router = Router.create(RouterConfig.defaults(RouterId.fresh(keys.publicKey().bytes()))
                    .withSnapshotDelay(0), dataPlane);
            dataPlane.attach(router);
            router.start();
            dataPlane.start();
        }

        InMemoryTun tun() {
            return (InMemoryTun) device;
        }

        byte[] address() {
            return keys.address().bytes();
        }

        byte[] network() {
            return keys.address().nodeSubnet().address();
        }

        DataPlaneStats stats() {
            return dataPlane.stats();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One direction of a link: the neighbour {@code from}'s router sends through. */
    static final class End implements Neighbour {
        final Node from;
        final Node to;
        End peer;
        final List<byte[]> sentData = new CopyOnWriteArrayList<>();
        volatile UnaryOperator<byte[]> tamper = UnaryOperator.identity();
        volatile boolean closed;

        End(Node from, Node to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void sendControl(ControlTlv tlv) {
            if (!closed) {
                to.router.handleControl(peer, tlv);
            }
        }

        @Override
        public void sendData(ByteBuf dataPacket) {
            byte[] bytes = ByteBufUtil.getBytes(dataPacket);
            dataPacket.release();
            if (closed) {
                return;
            }
            bytes = tamper.apply(bytes);
            sentData.add(bytes);
            ByteBuf copy = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
            to.router.handleData(peer, copy);
        }

        @Override
        public int staticLinkCost() {
            return 10;
        }

        @Override
        public String connectionId() {
            return from.name + "->" + to.name;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    Node node(String name) {
        return add(new Node(name, new InMemoryTun()));
    }

    /** A node whose device reads and writes batches ({@code TunBatchIo}). */
    Node batchedNode(String name) {
        return add(new Node(name, InMemoryTun.withBatchIo()));
    }

    /** A node with the {@code --no-tun} device. */
    Node noTunNode(String name) {
        TunDevice device = new NoneTunBackend().open(new TunConfig("none", new byte[16], 7, 1400));
        return add(new Node(name, device));
    }

    private Node add(Node n) {
        nodes.add(n);
        return n;
    }

    /** Links {@code a} and {@code b}; returns the end {@code a} sends through ({@code .peer} is {@code b}'s). */
    End link(Node a, Node b) {
        End ab = new End(a, b);
        End ba = new End(b, a);
        ab.peer = ba;
        ba.peer = ab;
        a.router.addNeighbour(ab);
        b.router.addNeighbour(ba);
        return ab;
    }

    /** Waits until {@code from} has a selected route to {@code to}'s /64. */
    static void awaitRoute(Node from, Node to) {
        await().atMost(WAIT).until(() -> {
            RouteLookup.Destination d = from.router.routes().lookup(to.address());
            return d != null && d.status() == RouteLookup.Status.SELECTED;
        });
    }

    /** Waits until every node has a selected route to every other node. */
    void awaitFullMesh() {
        for (Node a : nodes) {
            for (Node b : nodes) {
                if (a != b) {
                    awaitRoute(a, b);
                }
            }
        }
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            n.dataPlane.close();
            n.router.close();
        }
    }
}
