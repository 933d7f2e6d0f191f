package dev.mycelium.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.node.Node;
import dev.mycelium.core.node.NodeOptions;
import dev.mycelium.core.peer.AddResult;
import dev.mycelium.core.peer.ConnectionState;
import dev.mycelium.core.peer.Transports;
import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.testkit.InMemoryTun;
import dev.mycelium.transport.tcp.TcpTransport;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole nodes (router, peer manager, data plane) over the real TCP transport on loopback, with in-memory TUN devices:
 * the same wiring the app does, without Quarkus. A line A - B - C carries an IPv6 packet from A's TUN to C's TUN.
 */
class NodeOverTcpTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Node::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private record Running(Node node, InMemoryTun tun, Endpoint endpoint) {
    }

    private Running start(String name) throws Exception {
        NodeOptions options = NodeOptions.builder(dir.resolve(name + ".key")).tcpListenPort(0)
                .disablePeerDiscovery(true).build();
        InMemoryTun tun = new InMemoryTun();
        Node node = Node.start(options, NodeKeys.generate(), Transports.of(List.of(new TcpTransport(vertx))), tun);
        nodes.add(node);
        int port = node.listenAddresses().get(0).getPort();
        return new Running(node, tun, new Endpoint("tcp", new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    @Test
    void aLineOfThreeNodesCarriesAPacketEndToEnd() throws Exception {
        Running a = start("a");
        Running b = start("b");
        Running c = start("c");
        assertThat(a.node().peers().addPeer(b.endpoint())).isEqualTo(AddResult.ADDED);
        assertThat(c.node().peers().addPeer(b.endpoint())).isEqualTo(AddResult.ADDED);
        assertThat(c.node().peers().addPeer(b.endpoint())).isEqualTo(AddResult.ALREADY_EXISTS);

        var cSubnet = c.node().keys().address().nodeSubnet();
        await().atMost(DEADLINE).until(() -> a.node().router().snapshot().selectedRoute(cSubnet) != null);
        assertThat(a.node().peers().peers()).singleElement()
                .satisfies(p -> assertThat(p.state()).isEqualTo(ConnectionState.ALIVE));

        byte[] payload = "hello through a relay".getBytes(StandardCharsets.US_ASCII);
        byte[] packet = ipv6(a.node().keys().address().bytes(), c.node().keys().address().bytes(), payload);
        a.tun().inject(packet);
        byte[] received = c.tun().awaitWritten(DEADLINE);
        assertThat(received).isNotNull();
        byte[] expected = packet.clone();
        // Every router on the way takes one off, the sender's and the receiver's included, and the receiver writes
        // the outer hop limit into the packet (protocol.md 5.10, 6.5): 64 - 3 through one relay.
        expected[7] = 61;
        assertThat(received).isEqualTo(expected);

        assertThat(b.node().peers().removePeer(a.endpoint())).isFalse(); // A dialled B: inbound at B, other endpoint
        assertThat(a.node().peers().removePeer(b.endpoint())).isTrue();
        await().atMost(DEADLINE).until(() -> a.node().router().snapshot().selectedRoute(cSubnet) == null);
    }

    /** An IPv6 packet with "no next header" (59) carrying {@code payload}, hop limit 64. */
    private static byte[] ipv6(byte[] src, byte[] dst, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x60;
        p[4] = (byte) (payload.length >> 8);
        p[5] = (byte) payload.length;
        p[6] = 59;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

}
