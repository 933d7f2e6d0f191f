package dev.mycelium.core.peer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.router.RouterSnapshot;
import dev.mycelium.core.time.ThreadScheduler;
import dev.mycelium.core.wire.DataHeader;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.transport.PeerLink;
import dev.mycelium.testkit.InMemoryLink;
import dev.mycelium.testkit.InMemoryNetwork;
import dev.mycelium.testkit.InMemoryTransport;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routers peering through PeerManagers over in-memory links. */
class PeerManagerTest {

    private static final int PORT = 9651;
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();
    private final Random random = new Random(7);

    @BeforeAll
    static void leaks() {
        LeakCheck.install();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        await().atMost(5, SECONDS).until(() -> network.liveLinks().isEmpty());
        network.close();
        LeakCheck.assertNoneReported();
    }

    @Test
    void twoRoutersPeerUpAndLearnEachOthersSubnet() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        a.listen();
        assertThat(b.peers.addPeer(a.endpoint())).isEqualTo(AddResult.ADDED);
        b.peers.start();
        a.peers.start();

        awaitRoute(a, b);
        awaitRoute(b, a);
        await().atMost(5, SECONDS).until(() -> b.info(a.endpoint()) != null
                && b.info(a.endpoint()).state() == ConnectionState.ALIVE);
        PeerInfo atB = b.info(a.endpoint());
        assertThat(atB.type()).isEqualTo(PeerType.STATIC);
        assertThat(atB.lastConnectedSecondsAgo()).isNotNull();
        await().atMost(5, SECONDS).until(() -> b.info(a.endpoint()).txBytes() > 0
                && b.info(a.endpoint()).rxBytes() > 0);

        List<PeerInfo> atA = a.peers.peers();
        assertThat(atA).hasSize(1);
        assertThat(atA.get(0).type()).isEqualTo(PeerType.INBOUND);
        assertThat(atA.get(0).state()).isEqualTo(ConnectionState.ALIVE);
        assertThat(atA.get(0).endpoint().scheme()).isEqualTo("mem");
        assertThat(atA.get(0).endpoint().address().getAddress().getHostAddress()).isEqualTo("10.0.0.2");

        RouterSnapshot.Route viaA = b.router.snapshot().selectedRoute(a.router.ownSubnet());
        assertThat(viaA.nextHop()).startsWith("MEM 10.0.0.2:").endsWith(" <-> 10.0.0.1:" + PORT);
        assertThat(b.router.snapshot().neighbours()).singleElement()
                .satisfies(n -> assertThat(n.linkCost()).isGreaterThanOrEqualTo(InMemoryNetwork.DEFAULT_STATIC_COST));
    }

    @Test
    void threeRoutersInALineReachEachOtherThroughTheMiddle() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        Node c = node("10.0.0.3");
        b.listen();
        a.peers.addPeer(b.endpoint());
        c.peers.addPeer(b.endpoint());
        for (Node n : nodes) {
            n.peers.start();
        }
        awaitRoute(a, c);
        awaitRoute(c, a);
        awaitRoute(b, a);
        awaitRoute(b, c);
        String aToB = a.router.snapshot().selectedRoute(b.router.ownSubnet()).nextHop();
        assertThat(a.router.snapshot().selectedRoute(c.router.ownSubnet()).nextHop()).isEqualTo(aToB);
        assertThat(b.peers.peers()).hasSize(2).allMatch(p -> p.type() == PeerType.INBOUND);
    }

    @Test
    void dataPacketsAreFramedAndReachTheOtherRouter() throws Exception {
        BlockingQueue<ByteBuf> delivered = new LinkedBlockingQueue<>();
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2", new CollectingHook(delivered));
        a.listen();
        b.peers.addPeer(a.endpoint());
        b.peers.start();
        awaitRoute(b, a);
        awaitRoute(a, b);

        byte[] body = new byte[1400];
        random.nextBytes(body);
        ByteBuf packet = Unpooled.directBuffer(DataHeader.SIZE + body.length);
        DataHeader.writeWithoutPacketHeader(packet, a.router.ownAddress(), b.router.ownAddress(), 64, body.length);
        packet.writeBytes(body);
        a.router.routeLocal(packet);

        ByteBuf got = delivered.poll(10, SECONDS);
        assertThat(got).as("packet delivered at b").isNotNull();
        try {
            assertThat(DataHeader.bodyLength(got)).isEqualTo(body.length);
            byte[] dst = new byte[16];
            DataHeader.copyDestination(got, dst);
            assertThat(dst).isEqualTo(b.router.ownAddress());
            byte[] gotBody = new byte[body.length];
            got.getBytes(got.readerIndex() + DataHeader.SIZE, gotBody);
            assertThat(gotBody).isEqualTo(body);
        } finally {
            got.release();
        }
    }

    @Test
    void removingAPeerClosesItsLinkAndTakesItOutOfTheRouter() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        a.listen();
        b.peers.addPeer(a.endpoint());
        b.peers.start();
        a.peers.start();
        awaitRoute(b, a);

        assertThat(b.peers.removePeer(a.endpoint())).isTrue();
        assertThat(b.peers.peers()).isEmpty();
        assertThat(b.peers.removePeer(a.endpoint())).as("second removal").isFalse();
        await().atMost(5, SECONDS).until(() -> b.router.snapshot().neighbours().isEmpty()
                && a.router.snapshot().neighbours().isEmpty());
        await().atMost(5, SECONDS).until(() -> network.liveLinks().isEmpty());
        await().atMost(5, SECONDS).until(() -> noFiniteRoute(b, a));
        // The inbound entry at a turns dead and the next tick purges it (never redialled).
        await().atMost(12, SECONDS).until(() -> a.peers.peers().isEmpty());
        assertThat(network.liveLinks()).isEmpty();
    }

    @Test
    void aStaticPeerIsRedialledAfterItsLinkBreaks() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        a.listen();
        b.peers.addPeer(a.endpoint());
        b.peers.start();
        a.peers.start();
        awaitRoute(b, a);
        InMemoryLink first = network.liveLinks("10.0.0.2", "10.0.0.1").get(0);

        first.fail(new IOException("connection reset by peer"));
        await().atMost(5, SECONDS).until(() -> b.info(a.endpoint()).state() != ConnectionState.ALIVE
                || network.liveLinks("10.0.0.2", "10.0.0.1").stream().anyMatch(l -> l != first));
        await().atMost(15, SECONDS).until(() -> b.info(a.endpoint()).state() == ConnectionState.ALIVE
                && !network.liveLinks("10.0.0.2", "10.0.0.1").isEmpty()
                && network.liveLinks("10.0.0.2", "10.0.0.1").get(0) != first);
        awaitRoute(b, a);
        awaitRoute(a, b);
        assertThat(b.peers.peers()).hasSize(1);
    }

    @Test
    void aSilentlyCutLinkIsDeclaredDeadByTheRouterClosedAndRedialled() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        a.listen();
        b.peers.addPeer(a.endpoint());
        b.peers.start();
        a.peers.start();
        awaitRoute(b, a);
        InMemoryLink first = network.liveLinks("10.0.0.2", "10.0.0.1").get(0);

        first.cutSilently();
        // Fast liveness between our nodes: the routers drop the neighbour within seconds and close the link;
        // b's next tick dials again.
        await().atMost(20, SECONDS).until(() -> !network.liveLinks("10.0.0.2", "10.0.0.1").isEmpty()
                && b.info(a.endpoint()).state() == ConnectionState.ALIVE);
        awaitRoute(b, a);
        awaitRoute(a, b);
        await().atMost(12, SECONDS).until(() -> a.peers.peers().size() == 1);
    }

    @Test
    void aStaticPeerThatIsNotListeningYetIsRetriedUntilItIs() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        b.peers.addPeer(a.endpoint());
        b.peers.start();
        await().atMost(5, SECONDS).until(() -> b.info(a.endpoint()).state() == ConnectionState.DEAD);
        assertThat(b.info(a.endpoint()).lastConnectedSecondsAgo()).isNull();
        a.listen();
        await().atMost(12, SECONDS).until(() -> b.info(a.endpoint()).state() == ConnectionState.ALIVE);
        awaitRoute(b, a);
    }

    @Test
    void aDiscoveredPeerIsForgottenAfterThreeFailedAttemptsButAStaticOneIsKept() throws Exception {
        Node b = node("10.0.0.2");
        Endpoint discovered = Endpoint.parse("mem://10.0.0.7:9651");
        Endpoint configured = Endpoint.parse("mem://10.0.0.8:9651");
        b.peers.start();
        assertThat(b.peers.addDiscoveredPeer(discovered)).isEqualTo(AddResult.ADDED);
        assertThat(b.peers.addPeer(configured)).isEqualTo(AddResult.ADDED);
        assertThat(b.info(discovered).type()).isEqualTo(PeerType.LINK_LOCAL_DISCOVERY);
        // Attempts at once, then on two 5 s ticks: gone after at most ~10 s.
        await().atMost(15, SECONDS).until(() -> b.info(discovered) == null);
        assertThat(b.info(configured)).isNotNull();
        assertThat(b.info(configured).state()).isNotEqualTo(ConnectionState.ALIVE);
    }

    @Test
    void addingAKnownEndpointIsRefusedAndUnknownSchemesAreNamed() throws Exception {
        Node b = node("10.0.0.2");
        Endpoint e = Endpoint.parse("mem://10.0.0.1:9651");
        assertThat(b.peers.addPeer(e)).isEqualTo(AddResult.ADDED);
        assertThat(b.peers.addPeer(Endpoint.parse("MEM://10.0.0.1:9651"))).isEqualTo(AddResult.ALREADY_EXISTS);
        assertThat(b.peers.addDiscoveredPeer(e)).isEqualTo(AddResult.ALREADY_EXISTS);
        assertThat(b.peers.peers()).singleElement().satisfies(p -> assertThat(p.type()).isEqualTo(PeerType.STATIC));
        assertThatThrownBy(() -> b.peers.addPeer(Endpoint.parse("quic://1.2.3.4:9651")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown transport 'quic' (known: mem)");
        assertThatThrownBy(() -> b.peers.listen("tcp", new InetSocketAddress(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown transport 'tcp' (known: mem)");
    }

    @Test
    void transportsRefuseTwoTransportsForOneScheme() {
        InMemoryTransport one = network.transport("10.0.0.1");
        InMemoryTransport two = network.transport("10.0.0.2");
        assertThatThrownBy(() -> Transports.of(List.of(one, two)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'mem'")
                .hasMessageContaining(InMemoryTransport.class.getName() + " and " + InMemoryTransport.class.getName());
        Transports t = Transports.of(List.of(one));
        assertThat(t.schemes()).containsExactly("mem");
        assertThat(t.get("MEM")).isSameAs(one);
    }

    @Test
    void malformedInputClosesThatPeerOnly() throws Exception {
        Node a = node("10.0.0.1");
        Node b = node("10.0.0.2");
        a.listen();
        b.peers.addPeer(a.endpoint());
        b.peers.start();
        a.peers.start();
        awaitRoute(b, a);

        PeerLink rogue = network.transport("10.0.0.9").dial(a.listenAddress()).toCompletableFuture().join();
        AtomicInteger rogueClosed = new AtomicInteger();
        rogue.start(new LinkHandler() {
            @Override
            public void onBytes(ByteBuf bytes) {
                bytes.release();
            }

            @Override
            public void onClosed(Throwable cause) {
                rogueClosed.incrementAndGet();
            }
        });
        await().atMost(5, SECONDS).until(() -> a.peers.peers().size() == 2);
        rogue.write(Unpooled.wrappedBuffer(new byte[] {1, 7, 0, 0, 1, 2, 3, 4})); // packet type 7: garbage
        rogue.flush();
        await().atMost(5, SECONDS).until(() -> rogueClosed.get() == 1);
        await().atMost(12, SECONDS).until(() -> a.peers.peers().size() == 1);
        assertThat(a.peers.peers().get(0).state()).isEqualTo(ConnectionState.ALIVE);
        assertThat(b.info(a.endpoint()).state()).isEqualTo(ConnectionState.ALIVE);
        awaitRoute(a, b);
    }

    @Test
    void anInboundLinkFromAKnownEndpointReplacesTheOldOne() throws Exception {
        Node a = node("10.0.0.1");
        a.listen();
        a.peers.start();
        InMemoryTransport other = network.transport("10.0.0.5");
        PeerLink first = other.dialFrom(7000, a.listenAddress()).toCompletableFuture().join();
        Recorder firstEnd = new Recorder();
        first.start(firstEnd);
        await().atMost(5, SECONDS).until(() -> a.peers.peers().size() == 1
                && a.router.snapshot().neighbours().size() == 1);
        assertThat(a.peers.peers().get(0).endpoint()).isEqualTo(Endpoint.parse("mem://10.0.0.5:7000"));

        // A second link from the very same remote socket address (as QUIC does from its fixed port).
        PeerLink second = other.dialFrom(7000, a.listenAddress()).toCompletableFuture().join();
        Recorder secondEnd = new Recorder();
        second.start(secondEnd);
        await().atMost(5, SECONDS).until(() -> firstEnd.closes.get() == 1);
        assertThat(secondEnd.closes.get()).isZero();
        assertThat(a.peers.peers()).singleElement().satisfies(p -> {
            assertThat(p.state()).isEqualTo(ConnectionState.ALIVE);
            assertThat(p.type()).isEqualTo(PeerType.INBOUND);
        });
        await().atMost(5, SECONDS).until(() -> a.router.snapshot().neighbours().size() == 1
                && a.router.snapshot().neighbours().get(0).connectionId().equals(
                        ((InMemoryLink) second).peer().connectionId()));
        second.close();
    }

    // ------------------------------------------------------------------ helpers

    private boolean noFiniteRoute(Node from, Node to) {
        RouterSnapshot.Route r = from.router.snapshot().selectedRoute(to.router.ownSubnet());
        return r == null || r.isInfinite();
    }

    private void awaitRoute(Node from, Node to) {
        await().atMost(10, SECONDS).until(() -> {
            RouterSnapshot.Route r = from.router.snapshot().selectedRoute(to.router.ownSubnet());
            return r != null && !r.isInfinite();
        });
    }

    private Node node(String ip) {
        return node(ip, DataPlaneHook.DISCARD);
    }

    private Node node(String ip, DataPlaneHook hook) {
        byte[] id = new byte[RouterId.SIZE];
        random.nextBytes(id);
        id[32] = 0;
        id[33] = 0;
        Node n = new Node(ip, network.transport(ip), Router.create(RouterConfig.defaults(RouterId.of(id)), hook));
        nodes.add(n);
        return n;
    }

    private static final class Node {
        final String ip;
        final InMemoryTransport transport;
        final Router router;
        final ThreadScheduler clock;
        final PeerManager peers;
        Listener listener;

        Node(String ip, InMemoryTransport transport, Router router) {
            this.ip = ip;
            this.transport = transport;
            this.router = router;
            this.clock = new ThreadScheduler("peers-" + ip);
            router.start();
            this.peers = new PeerManager(router, Transports.of(List.of(transport)), clock);
        }

        void listen() throws IOException {
            listener = peers.listen("mem", new InetSocketAddress("0.0.0.0", PORT));
        }

        InetSocketAddress listenAddress() {
            return listener.localAddress();
        }

        Endpoint endpoint() {
            return Endpoint.parse("mem://" + ip + ":" + PORT);
        }

        PeerInfo info(Endpoint e) {
            return peers.peers().stream().filter(p -> p.endpoint().equals(e)).findFirst().orElse(null);
        }

        void close() {
            peers.close();
            router.close();
            clock.close();
        }
    }

    private static final class CollectingHook extends DataPlaneHook.Discard {
        private final BlockingQueue<ByteBuf> delivered;

        CollectingHook(BlockingQueue<ByteBuf> delivered) {
            this.delivered = delivered;
        }

        @Override
        public void deliverLocal(ByteBuf dataPacket) {
            delivered.add(dataPacket);
        }
    }

    private static final class Recorder implements LinkHandler {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void onBytes(ByteBuf bytes) {
            bytes.release();
        }

        @Override
        public void onClosed(Throwable cause) {
            closes.incrementAndGet();
        }
    }
}
