package dev.mycelium.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.peer.PeerManager;
import dev.mycelium.core.peer.Transports;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.time.ThreadScheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.testkit.InMemoryNetwork;
import dev.mycelium.testkit.InMemoryTun;
import dev.mycelium.testkit.LeakCheck;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data plane over the real peer path: PeerManager, Peer framing and an in-memory stream transport that cuts
 * writes into pieces like TCP may, so received data packets arrive as slices of the frame decoder's buffer.
 */
class OverPeerLinksTest {

    private static final int PORT = 9651;

    private final InMemoryNetwork network = new InMemoryNetwork("tcp", InMemoryNetwork.DEFAULT_STATIC_COST, 700);
    private final List<Node> nodes = new ArrayList<>();

    private final class Node {
        final NodeKeys keys = NodeKeys.generate();
        final InMemoryTun tun = new InMemoryTun();
        final DataPlane dataPlane = new DataPlane(keys, tun);
        final Router router = Router.create(RouterConfig.defaults(RouterId.fresh(keys.publicKey().bytes())),
                dataPlane);
        final ThreadScheduler clock;
        final PeerManager peers;
        final String ip;

        Node(String ip) {
            this.ip = ip;
            dataPlane.attach(router);
            router.start();
            dataPlane.start();
            clock = new ThreadScheduler("peers-" + ip);
            peers = new PeerManager(router, Transports.of(List.of(network.transport(ip))), clock);
            nodes.add(this);
        }

        byte[] address() {
            return keys.address().bytes();
        }

        Endpoint endpoint() {
            return Endpoint.parse("tcp://" + ip + ":" + PORT);
        }

        void close() {
            peers.close();
            clock.close();
            dataPlane.close();
            router.close();
        }
    }

    @BeforeAll
    static void leakCapture() {
        LeakCheck.install();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        await().atMost(TestNet.WAIT).until(() -> network.liveLinks().isEmpty());
        network.close();
        LeakCheck.assertNoneReported();
    }

    @Test
    void pingsAndAFullSizedBurstCrossPeerLinks() throws Exception {
        Node a = new Node("10.0.0.1");
        Node b = new Node("10.0.0.2");
        a.peers.listen("tcp", new InetSocketAddress("0.0.0.0", PORT));
        b.peers.addPeer(a.endpoint());
        a.peers.start();
        b.peers.start();
        await().atMost(TestNet.WAIT).until(() -> selected(a, b) && selected(b, a));

        byte[] ping = Ipv6Packets.echoRequest(a.address(), b.address(), 64, 120);
        a.tun.inject(ping);
        assertThat(b.tun.awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(ping, 62));
        byte[] reply = Ipv6Packets.echoRequest(b.address(), a.address(), 64, 90);
        b.tun.inject(reply);
        assertThat(a.tun.awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(reply, 62));

        int count = 100;
        byte[][] burst = new byte[count][];
        for (int i = 0; i < count; i++) {
            burst[i] = Ipv6Packets.echoRequest(a.address(), b.address(), 64, 1400 - i);
            a.tun.inject(burst[i]);
        }
        for (int i = 0; i < count; i++) {
            assertThat(b.tun.awaitWritten(TestNet.WAIT)).as("packet %d", i)
                    .isEqualTo(Ipv6Packets.withHopLimit(burst[i], 62));
        }
        assertThat(b.dataPlane.stats().authFailures()).isZero();
    }

    private static boolean selected(Node from, Node to) {
        RouteLookup.Destination d = from.router.routes().lookup(to.address());
        return d != null && d.status() == RouteLookup.Status.SELECTED;
    }
}
