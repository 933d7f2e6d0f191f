package dev.mycelium.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A switchboard for {@link InMemoryTransport}s: every node gets a transport with its own IP address from
 * {@link #transport(String)}; a dial to an address some transport listens on makes an {@link InMemoryLink} pair.
 *
 * <p>All link events (accepts, bytes, closes) are delivered on one thread of the network ({@code mem-net}), in
 * order, like a single event loop; handlers must not block it. {@link #close()} stops it.
 */
public final class InMemoryNetwork implements AutoCloseable {

    /** Default static link cost reported by the network's transports (protocol.md 5.1: TCP over IPv6). */
    public static final int DEFAULT_STATIC_COST = 10;

    private final String scheme;
    private final int staticCost;
    private final int maxSegment;
    private final ExecutorService loop;
    private final Map<InetSocketAddress, InMemoryTransport.InMemoryListener> listeners = new ConcurrentHashMap<>();
    private final List<InMemoryLink> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger ephemeralPorts = new AtomicInteger(40_000);

    /** A network of {@code mem://} transports with cost {@value #DEFAULT_STATIC_COST} and whole-write delivery. */
    public InMemoryNetwork() {
        this("mem", DEFAULT_STATIC_COST, 0);
    }

    /**
     * @param scheme     the scheme of its transports (e.g. {@code "tcp"} to stand in for TCP)
     * @param staticCost static link cost of every link
     * @param maxSegment when positive, writes arrive cut into pieces of at most this many bytes (as TCP may cut
     *                   them); 0 delivers every write whole
     */
    public InMemoryNetwork(String scheme, int staticCost, int maxSegment) {
        this.scheme = Objects.requireNonNull(scheme);
        this.staticCost = staticCost;
        this.maxSegment = maxSegment;
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mem-net");
            t.setDaemon(true);
            return t;
        });
    }

    /** The transport of a node whose links use {@code ip} as their local address. */
    public InMemoryTransport transport(String ip) {
        return new InMemoryTransport(this, address(ip));
    }

    public String scheme() {
        return scheme;
    }

    int staticCost() {
        return staticCost;
    }

    int maxSegment() {
        return maxSegment;
    }

    /** Every link end created so far that is neither closed nor cut. */
    public List<InMemoryLink> liveLinks() {
        List<InMemoryLink> out = new ArrayList<>();
        for (InMemoryLink l : links) {
            if (l.isLive()) {
                out.add(l);
            }
        }
        return out;
    }

    /** Live link ends whose local address is {@code from}'s IP and remote address is {@code to}'s IP. */
    public List<InMemoryLink> liveLinks(String fromIp, String toIp) {
        InetAddress from = address(fromIp);
        InetAddress to = address(toIp);
        List<InMemoryLink> out = new ArrayList<>();
        for (InMemoryLink l : liveLinks()) {
            if (l.localAddress().getAddress().equals(from) && l.remoteAddress().getAddress().equals(to)) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ used by transports and links

    void register(InetSocketAddress at, InMemoryTransport.InMemoryListener listener) throws java.io.IOException {
        if (listeners.putIfAbsent(at, listener) != null) {
            throw new java.net.BindException("address in use: " + at);
        }
    }

    void unregister(InetSocketAddress at, InMemoryTransport.InMemoryListener listener) {
        listeners.remove(at, listener);
    }

    InMemoryTransport.InMemoryListener listenerAt(InetSocketAddress at) {
        return listeners.get(at);
    }

    int nextPort() {
        return ephemeralPorts.incrementAndGet();
    }

    void track(InMemoryLink end) {
        links.add(end);
        links.removeIf(l -> !l.isLive() && l != end);
    }

    /** Runs {@code task} on the network thread; false when the network is closed. */
    boolean run(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(Objects.requireNonNull(ip)); // tests pass literals: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }
}
