package dev.mycelium.core.peer;

import dev.mycelium.core.wire.DiscoveryBeacon;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.spi.transport.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Link-local peer discovery (protocol.md 2.11), on one thread of its own with a plain JDK datagram channel.
 *
 * <ol>
 *   <li>Bind {@code [::]:9650}, multicast loopback off.</li>
 *   <li>Every {@link #BEACON_INTERVAL_MS} (the first at start): rescan the interfaces, join {@code ff02::cafe} on
 *       every eligible one ({@link #eligible}), leave the ones that went away, and send our 50-byte beacon (TCP
 *       listen port + router id) to {@code [ff02::cafe%if]:9650} on each joined interface.</li>
 *   <li>Every datagram received is checked by {@link #peerFor}: source in {@code fe80::/64}, exactly 50 bytes, the
 *       magic, a router id not ours. An accepted beacon becomes {@code tcp://[source%scope]:port} in the peer manager
 *       as {@link PeerType#LINK_LOCAL_DISCOVERY}, unless that endpoint is already known.</li>
 * </ol>
 */
public final class LinkLocalDiscovery implements AutoCloseable {

    /** From the protocol (2.11). */
    public static final String GROUP = "ff02::cafe";
    /** From the protocol (2.2). */
    public static final int DEFAULT_PORT = DiscoveryBeacon.UDP_PORT;
    /** From the protocol (2.11). */
    public static final long BEACON_INTERVAL_MS = 60_000;
    /** Discovered peers are always dialled over TCP (2.11). */
    public static final String PEER_SCHEME = "tcp";

    private static final Logger LOG = Logger.getLogger(LinkLocalDiscovery.class);
    private static final byte[] GROUP_BYTES = groupBytes();

    /**
     * @param port       UDP port to bind and to send beacons to ({@code --peer-discovery-port}); 0 binds a free port
     *                   (tests) and sends to the bound one
     * @param interfaces only these interface names ({@code --peer-discovery-interface}); empty means all eligible
     */
    public record Options(int port, Set<String> interfaces) {

        public Options {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("discovery port must be 0..65535, got " + port);
            }
            interfaces = Set.copyOf(interfaces);
        }

        public static Options defaults() {
            return new Options(DEFAULT_PORT, Set.of());
        }
    }

    /** What discovery needs to know about an interface to decide whether to use it. */
    record InterfaceFacts(String name, boolean up, boolean multicast, boolean loopback, boolean pointToPoint,
            boolean hasHardwareAddress, boolean hasLinkLocal64) {
    }

    private final PeerManager peers;
    private final RouterId ourRouterId;
    private final int tcpListenPort;
    private final Options options;
    private final Map<String, MembershipKey> joined = new HashMap<>(); // discovery thread only
    private final AtomicLong beaconsSent = new AtomicLong();
    private final AtomicLong beaconsAccepted = new AtomicLong();
    private final AtomicLong beaconsRejected = new AtomicLong();
    private DatagramChannel channel;
    private Selector selector;
    private Thread thread;
    private volatile boolean closed;

    /**
     * @param tcpListenPort the port our beacons announce (our TCP listener)
     */
    public LinkLocalDiscovery(PeerManager peers, RouterId ourRouterId, int tcpListenPort, Options options) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.ourRouterId = Objects.requireNonNull(ourRouterId, "ourRouterId");
        if (tcpListenPort < 0 || tcpListenPort > 0xFFFF) {
            throw new IllegalArgumentException("tcp listen port must be 0..65535, got " + tcpListenPort);
        }
        this.tcpListenPort = tcpListenPort;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Binds the socket and starts the discovery thread; the first beacon goes out at once.
     *
     * @throws IOException when the port cannot be bound or the host has no IPv6
     */
    public synchronized void start() throws IOException {
        if (thread != null || closed) {
            throw new IllegalStateException(closed ? "discovery closed" : "discovery already started");
        }
        DatagramChannel ch;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET6);
        } catch (UnsupportedOperationException e) {
            throw new IOException("link-local discovery needs IPv6, which this host lacks", e);
        }
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(InetAddress.getByName("::"), options.port()));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            ch.configureBlocking(false);
            selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        channel = ch;
        thread = new Thread(this::run, "mycelium-discovery");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("link-local discovery on udp %s", localAddress());
    }

    /** The bound socket address (after {@link #start()}). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("discovery socket closed", e);
        }
    }

    public long beaconsSent() {
        return beaconsSent.get();
    }

    public long beaconsAccepted() {
        return beaconsAccepted.get();
    }

    public long beaconsRejected() {
        return beaconsRejected.get();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        selector.wakeup();
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    // ------------------------------------------------------------------ rules (pure)

    /**
     * The acceptance rules of 2.11: the peer a received datagram announces, or null when it is not a beacon we take.
     * The source keeps its scope, so the link-local endpoint can be dialled.
     */
    static Endpoint peerFor(InetSocketAddress source, byte[] datagram, RouterId ours) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        try {
            DiscoveryBeacon.Reception r = DiscoveryBeacon.receive(source.getAddress(), buf, ours);
            if (!r.accepted()) {
                return null;
            }
            return new Endpoint(PEER_SCHEME, new InetSocketAddress(source.getAddress(), r.beacon().port()));
        } finally {
            buf.release();
        }
    }

    /**
     * 2.11: up, multicast-capable, not loopback, not point-to-point, not a TUN (an interface without a hardware
     * address: Java cannot see the TUN flag, and L3 tunnels have no MAC), with an {@code fe80::/64} address, and in
     * {@code allowed} when that is not empty.
     */
    static boolean eligible(InterfaceFacts f, Set<String> allowed) {
        return f.up() && f.multicast() && !f.loopback() && !f.pointToPoint() && f.hasHardwareAddress()
                && f.hasLinkLocal64() && (allowed.isEmpty() || allowed.contains(f.name()));
    }

    static InterfaceFacts facts(NetworkInterface ni) throws SocketException {
        byte[] mac = ni.getHardwareAddress();
        boolean linkLocal = false;
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
            if (a instanceof Inet6Address && isLinkLocal64(a.getAddress())) {
                linkLocal = true;
            }
        }
        return new InterfaceFacts(ni.getName(), ni.isUp(), ni.supportsMulticast(), ni.isLoopback(),
                ni.isPointToPoint(), mac != null && mac.length > 0, linkLocal);
    }

    /** {@code fe80::/64}: the first 8 bytes are {@code fe 80 00 00 00 00 00 00} (not all of fe80::/10). */
    static boolean isLinkLocal64(byte[] a) {
        if (a.length != 16 || (a[0] & 0xff) != 0xfe || (a[1] & 0xff) != 0x80) {
            return false;
        }
        for (int i = 2; i < 8; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ discovery thread

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(DiscoveryBeacon.SIZE + 1); // one byte more: longer datagrams show
        long nextBeacon = 0;
        while (!closed) {
            try {
                long now = System.nanoTime() / 1_000_000L;
                if (now >= nextBeacon) {
                    rescanAndBeacon();
                    nextBeacon = now + BEACON_INTERVAL_MS;
                    continue;
                }
                selector.select(Math.max(1, nextBeacon - now));
                selector.selectedKeys().clear();
                receiveAll(in);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warnf(e, "link-local discovery failed; it stops");
                break;
            }
        }
        closeQuietly();
    }

    private void receiveAll(ByteBuffer in) throws IOException {
        while (!closed) {
            in.clear();
            InetSocketAddress source = (InetSocketAddress) channel.receive(in);
            if (source == null) {
                return;
            }
            in.flip();
            byte[] datagram = new byte[in.remaining()];
            in.get(datagram);
            Endpoint peer = peerFor(source, datagram, ourRouterId);
            if (peer == null) {
                beaconsRejected.incrementAndGet();
                continue;
            }
            beaconsAccepted.incrementAndGet();
            try {
                if (peers.addDiscoveredPeer(peer) == AddResult.ADDED) {
                    LOG.infof("discovered peer %s", peer);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.debugf("discovered peer %s not added: %s", peer, e.getMessage());
            }
        }
    }

    private void rescanAndBeacon() throws IOException {
        Map<String, NetworkInterface> eligible = new HashMap<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            try {
                if (eligible(facts(ni), options.interfaces())) {
                    eligible.put(ni.getName(), ni);
                }
            } catch (SocketException e) {
                LOG.debugf("skipping interface %s: %s", ni.getName(), e.getMessage());
            }
        }
        for (Iterator<Map.Entry<String, MembershipKey>> it = joined.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, MembershipKey> e = it.next();
            if (!eligible.containsKey(e.getKey()) || !e.getValue().isValid()) {
                e.getValue().drop();
                it.remove();
            }
        }
        List<NetworkInterface> targets = new ArrayList<>();
        for (NetworkInterface ni : eligible.values()) {
            if (!joined.containsKey(ni.getName())) {
                try {
                    joined.put(ni.getName(), channel.join(InetAddress.getByAddress(GROUP_BYTES), ni));
                } catch (IOException e) {
                    LOG.debugf("cannot join %s on %s: %s", GROUP, ni.getName(), e.getMessage());
                    continue;
                }
            }
            targets.add(ni);
        }
        byte[] beacon = new DiscoveryBeacon(tcpListenPort, ourRouterId).toBytes();
        int port = localAddress().getPort();
        for (NetworkInterface ni : targets) {
            try {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
                InetSocketAddress to = new InetSocketAddress(Inet6Address.getByAddress(null, GROUP_BYTES, ni), port);
                if (channel.send(ByteBuffer.wrap(beacon), to) > 0) {
                    beaconsSent.incrementAndGet();
                }
            } catch (IOException e) {
                LOG.debugf("beacon on %s failed: %s", ni.getName(), e.getMessage());
            }
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (selector != null) {
                selector.close();
            }
        } catch (IOException e) {
            LOG.debugf("closing discovery socket: %s", e.getMessage());
        }
    }

    private static byte[] groupBytes() {
        try {
            return InetAddress.getByName(GROUP).getAddress();
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
