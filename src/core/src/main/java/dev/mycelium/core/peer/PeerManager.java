package dev.mycelium.core.peer;

import dev.mycelium.core.router.Router;
import dev.mycelium.core.time.Cancellable;
import dev.mycelium.core.time.Scheduler;
import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.transport.PeerLink;
import dev.mycelium.spi.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The peer table (protocol.md 2.8-2.10): endpoints we dial, endpoints that dialled us, and their links.
 *
 * <ol>
 *   <li>The table is keyed by {@link Endpoint} (scheme + socket address), not by node: two links to one node are two
 *       neighbours.</li>
 *   <li>Every {@link #CONNECT_INTERVAL_MS} (first tick at {@link #start()}) each non-inbound entry that is neither
 *       alive nor connecting is dialled; no backoff. Static entries are retried for ever, discovered ones are
 *       forgotten after {@link #DISCOVERED_MAX_FAILURES} failures in a row, dead inbound entries are purged.</li>
 *   <li>A link that comes up becomes a {@link Peer}, i.e. a neighbour of the router. When the link closes (EOF,
 *       error, malformed input, the router declaring it dead) the router forgets it and the entry turns dead.</li>
 *   <li>An inbound link from an endpoint already in the table replaces that entry's link (the old one is closed);
 *       adding a static endpoint that exists is refused.</li>
 * </ol>
 *
 * <p>Threads: public methods are thread-safe; the table is guarded by one lock that is never held while calling a
 * transport, a link or the router (a dial may complete, and an in-memory accept may run, on the calling thread).
 */
public final class PeerManager implements AutoCloseable {

    /** From the protocol (2.10, {@code PEER_CONNECT_INTERVAL}). */
    public static final long CONNECT_INTERVAL_MS = 5_000;
    /** From the protocol (2.10): discovered peers are forgotten after this many failed attempts in a row. */
    public static final int DISCOVERED_MAX_FAILURES = 3;

    private static final Logger LOG = Logger.getLogger(PeerManager.class);

    private final Router router;
    private final Transports transports;
    private final Scheduler scheduler;
    private final Object lock = new Object();
    private final Map<Endpoint, Entry> entries = new LinkedHashMap<>(); // guarded by lock
    private final List<Listener> listeners = new ArrayList<>(); // guarded by lock
    private boolean started; // guarded by lock
    private boolean closed; // guarded by lock
    private Cancellable nextTick = Cancellable.NONE; // guarded by lock

    /** @param scheduler clock and runner of the 5 s connect tick (any scheduler; the tick only starts dials) */
    public PeerManager(Router router, Transports transports, Scheduler scheduler) {
        this.router = Objects.requireNonNull(router, "router");
        this.transports = Objects.requireNonNull(transports, "transports");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Accepts inbound peers of {@code scheme} on {@code bind}; blocks until bound. */
    public Listener listen(String scheme, InetSocketAddress bind) throws IOException {
        Transport transport = transports.get(scheme);
        Listener listener = transport.listen(bind, link -> accepted(transport, link));
        synchronized (lock) {
            if (!closed) {
                listeners.add(listener);
                return listener;
            }
        }
        listener.close();
        throw new IllegalStateException("peer manager closed");
    }

    /** Starts the connect tick: the first runs at once, then every {@link #CONNECT_INTERVAL_MS}. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                return;
            }
            started = true;
        }
        scheduleTick(0);
    }

    /**
     * Adds a static peer (from {@code --peers}, the config file or the API); it is dialled at once when the manager
     * runs, and retried for ever.
     *
     * @throws IllegalArgumentException when no transport serves the endpoint's scheme
     */
    public AddResult addPeer(Endpoint endpoint) {
        return add(endpoint, PeerType.STATIC);
    }

    /** Adds a peer found by link-local discovery unless its endpoint is already known (2.9, 2.11). */
    public AddResult addDiscoveredPeer(Endpoint endpoint) {
        return add(endpoint, PeerType.LINK_LOCAL_DISCOVERY);
    }

    /** Removes the entry, closing its link and taking it out of the router. False when it is not in the table. */
    public boolean removePeer(Endpoint endpoint) {
        Peer peer;
        synchronized (lock) {
            Entry e = entries.remove(endpoint);
            if (e == null) {
                return false;
            }
            e.generation++; // a dial in flight for it now lands nowhere
            peer = e.peer;
            e.peer = null;
        }
        if (peer != null) {
            peer.close();
            router.removeNeighbour(peer);
        }
        LOG.infof("removed peer %s", endpoint);
        return true;
    }

    /** The table as the admin API shows it, in insertion order. */
    public List<PeerInfo> peers() {
        long now = scheduler.nowMillis();
        List<PeerInfo> out = new ArrayList<>();
        synchronized (lock) {
            for (Entry e : entries.values()) {
                out.add(new PeerInfo(e.endpoint, e.type, e.state(), e.txBytes.get(), e.rxBytes.get(),
                        seconds(now - e.discoveredAt),
                        e.lastConnectedAt < 0 ? null : seconds(now - e.lastConnectedAt)));
            }
        }
        return out;
    }

    /** Stops dialling and accepting, closes every link and empties the table. */
    @Override
    public void close() {
        List<Listener> toClose;
        List<Peer> peers = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            nextTick.cancel();
            toClose = new ArrayList<>(listeners);
            listeners.clear();
            for (Entry e : entries.values()) {
                e.generation++;
                if (e.peer != null) {
                    peers.add(e.peer);
                }
            }
            entries.clear();
        }
        for (Listener l : toClose) {
            try {
                l.close();
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing listener %s failed", l);
            }
        }
        for (Peer p : peers) {
            p.close();
            router.removeNeighbour(p);
        }
    }

    // ------------------------------------------------------------------ table

    private AddResult add(Endpoint endpoint, PeerType type) {
        Objects.requireNonNull(endpoint, "endpoint");
        transports.get(endpoint.scheme()); // unknown scheme: IllegalArgumentException naming the known ones
        Entry e;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("peer manager closed");
            }
            if (entries.containsKey(endpoint)) {
                return AddResult.ALREADY_EXISTS;
            }
            e = new Entry(endpoint, type, scheduler.nowMillis());
            entries.put(endpoint, e);
            if (!started) {
                return AddResult.ADDED; // the first tick dials it
            }
        }
        LOG.infof("added %s peer %s", type.jsonName(), endpoint);
        dial(e);
        return AddResult.ADDED;
    }

    private void scheduleTick(long delay) {
        try {
            Cancellable c = scheduler.schedule(delay, this::tick);
            synchronized (lock) {
                if (closed) {
                    c.cancel();
                } else {
                    nextTick = c;
                }
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("peer manager scheduler stopped; no more connect ticks");
        }
    }

    /** 2.10: dial what is down, purge dead inbound entries, then come back in 5 s (missed ticks are skipped). */
    private void tick() {
        List<Entry> toDial = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            entries.values().removeIf(e -> e.type == PeerType.INBOUND && e.peer == null);
            for (Entry e : entries.values()) {
                if (e.peer == null && !e.connecting) {
                    toDial.add(e);
                }
            }
        }
        for (Entry e : toDial) {
            dial(e);
        }
        scheduleTick(CONNECT_INTERVAL_MS);
    }

    private void dial(Entry e) {
        long generation;
        synchronized (lock) {
            if (closed || entries.get(e.endpoint) != e || e.peer != null || e.connecting) {
                return;
            }
            e.connecting = true;
            generation = e.generation;
        }
        Transport transport = transports.get(e.endpoint.scheme());
        CompletionStage<PeerLink> pending;
        try {
            pending = transport.dial(e.endpoint.address());
        } catch (RuntimeException ex) {
            dialled(e, generation, transport, null, ex);
            return;
        }
        pending.whenComplete((link, error) -> dialled(e, generation, transport, link, error));
    }

    private void dialled(Entry e, long generation, Transport transport, PeerLink link, Throwable error) {
        Peer peer = null;
        synchronized (lock) {
            boolean current = !closed && entries.get(e.endpoint) == e && e.generation == generation;
            if (current) {
                e.connecting = false;
            }
            if (current && error == null && link != null) {
                peer = connected(e, transport, link);
            } else if (current) {
                e.failures++;
                if (e.type == PeerType.LINK_LOCAL_DISCOVERY && e.failures >= DISCOVERED_MAX_FAILURES) {
                    entries.remove(e.endpoint);
                    LOG.debugf("forgetting discovered peer %s after %d failed attempts", e.endpoint, e.failures);
                }
            }
        }
        if (peer != null) {
            LOG.infof("connected to %s (%s)", e.endpoint, link.connectionId());
            peer.start();
        } else if (link != null) {
            link.close(); // removed, replaced or closed while dialling
        } else {
            LOG.debugf("connecting to %s failed: %s", e.endpoint, error);
        }
    }

    /** An inbound link (transport thread). Replaces the link of an entry with the same endpoint (2.9). */
    private void accepted(Transport transport, PeerLink link) {
        Endpoint endpoint = new Endpoint(transport.scheme(), link.remoteAddress());
        Peer peer;
        Peer replaced = null;
        synchronized (lock) {
            if (closed) {
                peer = null;
            } else {
                Entry e = entries.get(endpoint);
                if (e == null) {
                    e = new Entry(endpoint, PeerType.INBOUND, scheduler.nowMillis());
                    entries.put(endpoint, e);
                }
                e.generation++; // a dial of ours to the same endpoint in flight is superseded
                e.connecting = false;
                replaced = e.peer;
                peer = connected(e, transport, link);
            }
        }
        if (peer == null) {
            link.close();
            return;
        }
        if (replaced != null) {
            LOG.debugf("inbound %s replaces the link %s", endpoint, replaced.connectionId());
            replaced.close();
            router.removeNeighbour(replaced);
        }
        LOG.infof("accepted peer %s (%s)", endpoint, link.connectionId());
        peer.start();
    }

    /** Under the lock: the entry's new link. */
    private Peer connected(Entry e, Transport transport, PeerLink link) {
        Peer peer = new Peer(link, transport.staticLinkCost(link.remoteAddress()), router, e.txBytes, e.rxBytes,
                this::linkClosed);
        e.peer = peer;
        e.failures = 0;
        e.lastConnectedAt = scheduler.nowMillis();
        return peer;
    }

    /** A peer's link closed (link thread): its entry turns dead; the next tick redials it unless it is inbound. */
    private void linkClosed(Peer peer, Throwable cause) {
        synchronized (lock) {
            for (Entry e : entries.values()) {
                if (e.peer == peer) {
                    e.peer = null;
                    LOG.infof("peer %s went down%s", e.endpoint, cause == null ? "" : ": " + cause);
                    return;
                }
            }
        }
    }

    private static long seconds(long millis) {
        return Math.max(0, millis) / 1000;
    }

    /** One row of the table; fields guarded by the manager's lock (counters are atomics). */
    private static final class Entry {
        final Endpoint endpoint;
        final PeerType type;
        final long discoveredAt;
        final AtomicLong txBytes = new AtomicLong();
        final AtomicLong rxBytes = new AtomicLong();
        long lastConnectedAt = -1;
        Peer peer;
        boolean connecting;
        int failures;
        /** Bumped whenever a dial in flight must not attach its link any more. */
        long generation;

        Entry(Endpoint endpoint, PeerType type, long discoveredAt) {
            this.endpoint = endpoint;
            this.type = type;
            this.discoveredAt = discoveredAt;
        }

        ConnectionState state() {
            if (peer != null) {
                return ConnectionState.ALIVE;
            }
            return connecting ? ConnectionState.CONNECTING : ConnectionState.DEAD;
        }
    }
}
