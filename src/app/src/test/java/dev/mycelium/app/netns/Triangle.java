package dev.mycelium.app.netns;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * The topology of the reroute and relay tests: nodes A, B, C in three namespaces, a line A - B - C, plus a direct
 * A - C link made costlier by a {@link DelayProxy} in A's namespace (A dials C through it):
 *
 * <pre>
 *        [A] ---- ab ---- [B] ---- bc ---- [C]          B listens only, A and C dial B
 *         |                                 |
 *         +-- proxy (+DELAY each way) -- ac -+          A dials C through the proxy
 * </pre>
 *
 * With Babel link cost = smoothed RTT (ms) + static cost (protocol.md 5.1), the direct link costs
 * static + 2 × DELAY, one A - B or B - C hop costs static + ~0: the direct route is the cheapest to C (one link
 * instead of two) though its link is the costliest. B runs with {@code --no-tun}: it can only relay.
 */
public final class Triangle implements AutoCloseable {

    /** One-way delay added on the direct link: 2 × 3 ms stays below a second hop's static cost (10 / 15). */
    static final Duration DIRECT_LINK_DELAY = Duration.ofMillis(3);
    static final int PORT = 9651;
    static final int PROXY_PORT = 9700;

    /** The underlay address family the nodes peer over. */
    public enum Family {
        IPV6, IPV4;

        String host(VethLink link, Netns side) {
            return this == IPV6 ? link.v6(side) : link.v4(side);
        }

        String loopback() {
            return this == IPV6 ? "::1" : "127.0.0.1";
        }

        /** A socket address as the API prints it: {@code [v6]:port} or {@code v4:port}. */
        String socket(String host, int port) {
            return socketPrefix(host) + port;
        }

        /** What every socket address on {@code host} starts with: {@code [v6]:} or {@code v4:}. */
        String socketPrefix(String host) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":";
        }
    }

    public final Family family;
    public final NetnsLab lab;
    public final Netns a;
    public final Netns b;
    public final Netns c;
    public final VethLink ab;
    public final VethLink bc;
    public final VethLink ac;
    public final NodeProcess nodeA;
    public final NodeProcess nodeB;
    public final NodeProcess nodeC;

    private Triangle(String name, Family family, boolean tun) throws UnknownHostException {
        this.family = family;
        this.lab = NetnsLab.open(name);
        try {
            a = lab.namespace("a");
            b = lab.namespace("b");
            c = lab.namespace("c");
            ab = lab.link(a, b);
            bc = lab.link(b, c);
            ac = lab.link(a, c);
            ToolProcess.delayProxy(a, new InetSocketAddress(InetAddress.getByName(family.loopback()), PROXY_PORT),
                    new InetSocketAddress(InetAddress.getByName(family.host(ac, c)), PORT), DIRECT_LINK_DELAY);
            // B and C first, A last: A's two links come up together and its first choice for C is the direct one.
            // (With C late, A first selects the path via B and moves to the direct link only once its cost has
            // settled below that path's, some 10 s later: RouterConfig.reselectOnCostChange, RerouteIT.)
            nodeB = NodeProcess.in(b, "b").noTun().launch();
            NodeProcess.Builder cBuilder = NodeProcess.in(c, "c").peers(endpoint(bFromC()));
            NodeProcess.Builder aBuilder = NodeProcess.in(a, "a").peers(endpoint(bFromA()), endpoint(directFromA()));
            if (!tun) {
                aBuilder.noTun();
                cBuilder.noTun();
            }
            nodeC = cBuilder.launch();
            nodeB.awaitReady();
            nodeC.awaitReady();
            nodeA = aBuilder.start();
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Builds the namespaces and links and starts the three nodes; A and C get a TUN when {@code tun}. */
    public static Triangle start(String name, Family family, boolean tun) {
        try {
            return new Triangle(name, family, tun);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String endpoint(String socket) {
        return "tcp://" + socket;
    }

    /** B's listening socket as A dials it. */
    public String bFromA() {
        return family.socket(family.host(ab, b), PORT);
    }

    /** B's listening socket as C dials it. */
    public String bFromC() {
        return family.socket(family.host(bc, b), PORT);
    }

    /** The proxy socket through which A dials C directly. */
    public String directFromA() {
        return family.socket(family.loopback(), PROXY_PORT);
    }

    /** The next hop (remote socket) of {@code from}'s selected route to {@code to}'s /64, if it has one. */
    public static Optional<String> nextHop(NodeProcess from, NodeProcess to) {
        return from.api().selectedRoute(to.api().nodeSubnet()).map(AdminApi::nextHopRemote);
    }

    /**
     * Waits until A's route to C and C's route to A both use the direct link. C converges on its own schedule (e.g.
     * when its first sample of the direct link came out slow), so A's side alone says nothing about C's replies.
     */
    public void awaitDirectBothWays(Duration deadline) {
        String direct = directFromA();
        String directHostAtC = family.host(ac, a);
        await("A's route to C direct").atMost(deadline).pollInterval(Duration.ofMillis(100))
                .until(() -> nextHop(nodeA, nodeC).equals(Optional.of(direct)));
        await("C's route to A direct").atMost(deadline).pollInterval(Duration.ofMillis(100))
                .until(() -> nextHop(nodeC, nodeA).map(AdminApi::hostOf).equals(Optional.of(directHostAtC)));
    }

    /** Waits until every node runs, all three links are alive and every node has a route to every other /64. */
    public void awaitConverged(Duration deadline) {
        String subnetA = nodeA.api().nodeSubnet();
        String subnetB = nodeB.api().nodeSubnet();
        String subnetC = nodeC.api().nodeSubnet();
        await("triangle converged").atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
            requireAlive();
            return nodeA.api().alivePeers() == 2 && nodeB.api().alivePeers() == 2 && nodeC.api().alivePeers() == 2
                    && routes(nodeA, subnetB, subnetC) && routes(nodeB, subnetA, subnetC)
                    && routes(nodeC, subnetA, subnetB);
        });
    }

    private static boolean routes(NodeProcess n, String... subnets) {
        for (String s : subnets) {
            Optional<JsonNode> r = n.api().selectedRoute(s);
            if (r.isEmpty() || !r.get().path("metric").isNumber()) {
                return false;
            }
        }
        return true;
    }

    /** Fails (with the node's log) when a node has exited. */
    public void requireAlive() {
        for (NodeProcess n : new NodeProcess[] {nodeA, nodeB, nodeC}) {
            if (!n.isAlive()) {
                throw new IllegalStateException("node " + n + " exited:\n" + n.logTail(40));
            }
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}
