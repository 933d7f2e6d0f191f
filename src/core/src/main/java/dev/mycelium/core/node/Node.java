package dev.mycelium.core.node;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.dataplane.DataPlane;
import dev.mycelium.core.peer.LinkLocalDiscovery;
import dev.mycelium.core.peer.PeerManager;
import dev.mycelium.core.peer.Transports;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.time.ThreadScheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One running overlay node: the router, the data plane between the TUN device and the router, the peer manager with
 * its listeners, and link-local discovery. Built and started by {@link #start}; {@link #close} stops everything in
 * reverse order.
 *
 * <p>Start-up order matters: the router exists before any link can deliver a packet to it, and the TUN reader starts
 * last, once packets it reads can be routed.
 */
public final class Node implements AutoCloseable {

    /** The transport every node listens on (protocol.md 2.2); discovery only ever dials it (2.11). */
    public static final String TCP = "tcp";

    private static final Logger LOG = Logger.getLogger(Node.class);

    private final NodeKeys keys;
    private final Router router;
    private final DataPlane dataPlane;
    private final ThreadScheduler peerScheduler;
    private final PeerManager peerManager;
    private final List<Listener> listeners = new ArrayList<>();
    private LinkLocalDiscovery discovery;
    private final long startedAtEpochSeconds = System.currentTimeMillis() / 1000;

    private Node(NodeKeys keys, TunDevice tun, Transports transports) {
        this.keys = keys;
        this.dataPlane = new DataPlane(keys, tun);
        this.router = Router.create(RouterConfig.defaults(RouterId.fresh(keys.publicKey().bytes())), dataPlane);
        this.dataPlane.attach(router);
        this.peerScheduler = new ThreadScheduler("mycelium-peers");
        this.peerManager = new PeerManager(router, transports, peerScheduler);
    }

    /**
     * Starts a node. {@code tun} is the device packets come from and go to (the {@code none} backend's device for
     * {@code --no-tun}); the node owns it from here and closes it. On failure everything started so far is closed.
     */
    public static Node start(NodeOptions options, NodeKeys keys, Transports transports, TunDevice tun)
            throws IOException {
        Node node = new Node(keys, tun, transports);
        try {
            node.router.start();
            node.listeners.add(node.peerManager.listen(TCP, anyAddress(options.tcpListenPort())));
            for (Endpoint peer : options.peers()) {
                node.peerManager.addPeer(peer);
            }
            node.peerManager.start();
            if (!options.disablePeerDiscovery()) {
                node.discovery = new LinkLocalDiscovery(node.peerManager, node.router.routerId(),
                        options.tcpListenPort(), new LinkLocalDiscovery.Options(options.peerDiscoveryPort(),
                                Set.copyOf(options.peerDiscoveryInterfaces())));
                try {
                    node.discovery.start();
                } catch (IOException e) {
                    // A host without IPv6 (or with the port taken) still makes a useful node: say so and go on.
                    LOG.warnf("Link-local peer discovery not running: %s", e.getMessage());
                    node.discovery.close();
                    node.discovery = null;
                }
            }
            node.dataPlane.start();
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private static InetSocketAddress anyAddress(int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName("::"), port);
    }

    public NodeKeys keys() {
        return keys;
    }

    public Router router() {
        return router;
    }

    public PeerManager peers() {
        return peerManager;
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    /** Where the listeners are bound (the TCP port may have been 0 in tests). */
    public List<InetSocketAddress> listenAddresses() {
        return listeners.stream().map(Listener::localAddress).toList();
    }

    public long startedAtEpochSeconds() {
        return startedAtEpochSeconds;
    }

    @Override
    public void close() {
        dataPlane.close();
        if (discovery != null) {
            discovery.close();
        }
        listeners.forEach(Listener::close);
        peerManager.close();
        peerScheduler.close();
        router.close();
    }
}
