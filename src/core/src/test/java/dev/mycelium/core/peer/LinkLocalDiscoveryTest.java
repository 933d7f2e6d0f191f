package dev.mycelium.core.peer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.peer.LinkLocalDiscovery.InterfaceFacts;
import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.time.ThreadScheduler;
import dev.mycelium.core.wire.DiscoveryBeacon;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.testkit.InMemoryNetwork;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkLocalDiscoveryTest {

    private static final RouterId OURS = id(1);
    private static final RouterId THEIRS = id(2);

    static Stream<Arguments> beacons() throws Exception {
        byte[] good = new DiscoveryBeacon(9651, THEIRS).toBytes();
        byte[] badMagic = good.clone();
        badMagic[0] = 'M';
        return Stream.of(
                Arguments.of("accepted", "fe80::1%1", good, "tcp://[fe80::1%1]:9651"),
                Arguments.of("global source", "2001:db8::1", good, null),
                Arguments.of("fe80::/10 but not fe80::/64", "fe80:0:0:1::1%1", good, null),
                Arguments.of("unique local source", "fd00::1", good, null),
                Arguments.of("IPv4 source", "169.254.1.1", good, null),
                Arguments.of("49 bytes", "fe80::1%1", Arrays.copyOf(good, 49), null),
                Arguments.of("51 bytes", "fe80::1%1", Arrays.copyOf(good, 51), null),
                Arguments.of("bad magic", "fe80::1%1", badMagic, null),
                Arguments.of("our own beacon", "fe80::1%1", new DiscoveryBeacon(9651, OURS).toBytes(), null),
                Arguments.of("other port", "fe80::abcd%1", new DiscoveryBeacon(1234, THEIRS).toBytes(),
                        "tcp://[fe80::abcd%1]:1234"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beacons")
    void beaconAcceptanceFollowsTheProtocol(String name, String source, byte[] datagram, String expected)
            throws Exception {
        Endpoint peer = LinkLocalDiscovery.peerFor(new InetSocketAddress(InetAddress.getByName(source), 9650),
                datagram, OURS);
        if (expected == null) {
            assertThat(peer).isNull();
        } else {
            assertThat(peer).isEqualTo(Endpoint.parse(expected));
            assertThat(peer.address().getAddress()).isInstanceOf(Inet6Address.class);
            assertThat(((Inet6Address) peer.address().getAddress()).getScopeId()).as("scope kept").isEqualTo(1);
        }
    }

    static Stream<Arguments> interfaces() {
        return Stream.of(
                Arguments.of(facts("eth0", true, true, false, false, true, true), Set.of(), true),
                Arguments.of(facts("eth0", false, true, false, false, true, true), Set.of(), false),
                Arguments.of(facts("eth0", true, false, false, false, true, true), Set.of(), false),
                Arguments.of(facts("lo", true, true, true, false, true, true), Set.of(), false),
                Arguments.of(facts("ppp0", true, true, false, true, true, true), Set.of(), false),
                Arguments.of(facts("tun0", true, true, false, false, false, true), Set.of(), false),
                Arguments.of(facts("eth0", true, true, false, false, true, false), Set.of(), false),
                Arguments.of(facts("eth0", true, true, false, false, true, true), Set.of("eth0"), true),
                Arguments.of(facts("eth1", true, true, false, false, true, true), Set.of("eth0"), false));
    }

    @ParameterizedTest
    @MethodSource("interfaces")
    void interfaceEligibility(InterfaceFacts facts, Set<String> allowed, boolean eligible) {
        assertThat(LinkLocalDiscovery.eligible(facts, allowed)).isEqualTo(eligible);
    }

    /** Over a real socket: a beacon from one of this host's link-local addresses becomes a discovered peer. */
    @Test
    void aReceivedBeaconBecomesALinkLocalDiscoveryPeer() throws Exception {
        DatagramSocket bound = bindToAnyLinkLocal64Address();
        Assumptions.assumeTrue(bound != null, "needs an interface with a usable fe80::/64 address");
        InetAddress linkLocal = ((InetSocketAddress) bound.getLocalSocketAddress()).getAddress();
        try (InMemoryNetwork net = new InMemoryNetwork("tcp", 10, 0);
                ThreadScheduler clock = new ThreadScheduler("peers");
                Router router = Router.create(RouterConfig.defaults(OURS), DataPlaneHook.DISCARD);
                PeerManager peers = new PeerManager(router, Transports.of(List.of(net.transport("10.0.0.1"))),
                        clock);
                LinkLocalDiscovery discovery = new LinkLocalDiscovery(peers, OURS, 9651,
                        new LinkLocalDiscovery.Options(0, Set.of()));
                DatagramSocket sender = bound) {
            discovery.start();
            InetSocketAddress to = new InetSocketAddress(linkLocal, discovery.localAddress().getPort());
            send(sender, new DiscoveryBeacon(9651, OURS).toBytes(), to);
            send(sender, Arrays.copyOf(new DiscoveryBeacon(7777, THEIRS).toBytes(), 49), to);
            send(sender, new DiscoveryBeacon(4321, THEIRS).toBytes(), to);
            await().atMost(5, SECONDS).until(() -> discovery.beaconsAccepted() == 1
                    && discovery.beaconsRejected() == 2);
            assertThat(peers.peers()).singleElement().satisfies(p -> {
                assertThat(p.type()).isEqualTo(PeerType.LINK_LOCAL_DISCOVERY);
                assertThat(p.endpoint().scheme()).isEqualTo("tcp");
                assertThat(p.endpoint().address().getPort()).isEqualTo(4321);
                assertThat(p.endpoint().address().getAddress().getAddress()).isEqualTo(linkLocal.getAddress());
            });
            // The same beacon again adds nothing (2.9: an endpoint is only added once).
            send(sender, new DiscoveryBeacon(4321, THEIRS).toBytes(), to);
            await().atMost(5, SECONDS).until(() -> discovery.beaconsAccepted() == 2);
            assertThat(peers.peers()).hasSize(1);
        }
    }

    private static void send(DatagramSocket s, byte[] data, InetSocketAddress to) throws Exception {
        s.send(new DatagramPacket(data, data.length, to));
    }

    /** A socket on one of this host's link-local addresses; other tests' interfaces may come and go (or be
     * tentative), so every candidate is tried. */
    private static DatagramSocket bindToAnyLinkLocal64Address() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet6Address && LinkLocalDiscovery.isLinkLocal64(a.getAddress())) {
                    try {
                        return new DatagramSocket(new InetSocketAddress(a, 0));
                    } catch (java.net.SocketException unusable) {
                        // try the next one
                    }
                }
            }
        }
        return null;
    }

    private static InterfaceFacts facts(String name, boolean up, boolean multicast, boolean loopback,
            boolean pointToPoint, boolean mac, boolean linkLocal) {
        return new InterfaceFacts(name, up, multicast, loopback, pointToPoint, mac, linkLocal);
    }

    private static RouterId id(int seed) {
        byte[] b = new byte[RouterId.SIZE];
        Arrays.fill(b, (byte) seed);
        b[32] = 0;
        b[33] = 0;
        return RouterId.of(b);
    }
}
