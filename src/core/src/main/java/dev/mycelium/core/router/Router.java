package dev.mycelium.core.router;

import dev.mycelium.core.time.Scheduler;
import dev.mycelium.core.time.ThreadScheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Babel router of a Mycelium 0.7 node (protocol.md section 5), as a plain library.
 *
 * <p>Threads: the router state has one owner, the {@link Scheduler}'s thread. Every public method is thread-safe; data
 * packets whose route is settled are forwarded on the calling thread (see {@link #handleData}), all other work is
 * enqueued into a bounded inbox ({@link RouterLimits#CONTROL_INBOX_CAPACITY},
 * {@link RouterLimits#DATA_INBOX_CAPACITY}); when the inbox is full the item is dropped (buffers released) and
 * counted. Readers get the last {@link RouterSnapshot} the owner published, and {@link #routes()} for lock-free
 * per-packet lookups.
 *
 * <p>Buffers: methods taking a {@link ByteBuf} take ownership of it in every case.
 */
public final class Router implements AutoCloseable {

    private final Scheduler scheduler;
    private final ThreadScheduler ownScheduler;
    private final RouterCounters counters = new RouterCounters();
    private final RouterEngine engine;
    private final AtomicInteger controlBacklog = new AtomicInteger();
    private final AtomicInteger seqnoBacklog = new AtomicInteger();
    private final AtomicInteger dataBacklog = new AtomicInteger();
    private volatile boolean closed;

    /** A router on {@code scheduler} (e.g. a {@code VirtualScheduler} in simulations); call {@link #start()}. */
    public Router(RouterConfig config, Scheduler scheduler, DataPlaneHook hook) {
        this(config, scheduler, hook, null);
    }

    private Router(RouterConfig config, Scheduler scheduler, DataPlaneHook hook, ThreadScheduler own) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownScheduler = own;
        this.engine = new RouterEngine(config, scheduler, Objects.requireNonNull(hook, "hook"), counters);
    }

    /** A router with its own owner thread ({@code mycelium-router}); {@link #close()} stops it. */
    public static Router create(RouterConfig config, DataPlaneHook hook) {
        ThreadScheduler own = new ThreadScheduler("mycelium-router");
        return new Router(config, own, hook, own);
    }

    // ------------------------------------------------------------------ identity

    public RouterId routerId() {
        return engine.routerId;
    }

    /** Our /64, in network form (1.3). */
    public Subnet ownSubnet() {
        return engine.ownSubnet;
    }

    /** Our overlay address (1.2). */
    public byte[] ownAddress() {
        return engine.ownAddress.clone();
    }

    /** The router's clock (the time base of snapshots). */
    public long nowMillis() {
        return scheduler.nowMillis();
    }

    // ------------------------------------------------------------------ lifecycle and neighbours

    /** Starts the periodic tasks (own /64 every 300 s, dead-peer checks, cache sweeps). */
    public void start() {
        lifecycle(engine::start);
    }

    /** Link up: announces our /64 and queried subnets to it and starts Hellos. */
    public void addNeighbour(Neighbour neighbour) {
        Objects.requireNonNull(neighbour, "neighbour");
        lifecycle(() -> engine.addNeighbour(neighbour));
    }

    /** Link gone (error, EOF, removal): its routes are withdrawn or rerouted (5.9). */
    public void removeNeighbour(Neighbour neighbour) {
        Objects.requireNonNull(neighbour, "neighbour");
        lifecycle(() -> engine.removeNeighbour(neighbour));
    }

    /** Stops the router: queued packets are released; with an own thread, the thread ends. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        submit(() -> {
            engine.close();
            if (ownScheduler != null) {
                ownScheduler.close();
            }
        }, null);
    }

    // ------------------------------------------------------------------ control plane

    /** A control TLV received from {@code from}. */
    public void handleControl(Neighbour from, ControlTlv tlv) {
        Objects.requireNonNull(tlv, "tlv");
        if (closed) {
            counters.afterClose.increment();
            return;
        }
        boolean seqno = tlv instanceof SeqnoRequest;
        if (seqno && seqnoBacklog.get() >= ProtocolConstants.SEQNO_REQUEST_QUEUE_MAX) {
            counters.seqnoRequestQueueFull.increment();
            return;
        }
        // Liveness and metric-0 Updates may use the reserve (5.4: those wait rather than being dropped).
        boolean priority = tlv instanceof Hello || tlv instanceof Ihu
                || (tlv instanceof Update u && u.metric() == 0);
        int limit = RouterLimits.CONTROL_INBOX_CAPACITY + (priority ? RouterLimits.CONTROL_INBOX_RESERVE : 0);
        if (controlBacklog.get() >= limit) {
            counters.controlInboxFull.increment();
            return;
        }
        controlBacklog.incrementAndGet();
        if (seqno) {
            seqnoBacklog.incrementAndGet();
        }
        submit(() -> {
            controlBacklog.decrementAndGet();
            if (seqno) {
                seqnoBacklog.decrementAndGet();
            }
            engine.run(() -> engine.onControl(from, tlv));
        }, () -> {
            controlBacklog.decrementAndGet();
            if (seqno) {
                seqnoBacklog.decrementAndGet();
            }
        });
    }

    // ------------------------------------------------------------------ data plane

    /**
     * A data packet (from its 36-byte header) received from {@code from}: forward or deliver. Takes ownership.
     *
     * <p>When the route is settled (our /64, or a selected route through a live neighbour) this runs on the calling
     * thread: the next hop's {@link Neighbour#sendData} or {@link DataPlaneHook#deliverLocal} is called right here,
     * before this method returns. Otherwise the packet is queued to the owner thread.
     */
    public void handleData(Neighbour from, ByteBuf dataPacket) {
        forward(dataPacket);
    }

    /**
     * A locally originated, already encrypted data packet (or an OOB ICMP the data plane built): handled exactly like
     * a received one (hop limit, statistics, forwarding, 5.10), on the calling thread when it can be, as
     * {@link #handleData}. Takes ownership.
     */
    public void routeLocal(ByteBuf dataPacket) {
        forward(dataPacket);
    }

    /**
     * As {@link #routeLocal}, from a thread that may block (the TUN reader): when the next hop's link is full, waits up
     * to {@code maxWaitNanos} for it to drain rather than have the packet dropped there, so the local sender is slowed
     * down instead of losing packets (see {@link Neighbour#awaitRoom}). Takes ownership.
     */
    public void sendLocal(ByteBuf dataPacket, long maxWaitNanos) {
        forward(dataPacket, maxWaitNanos);
    }

    private void forward(ByteBuf dataPacket) {
        forward(dataPacket, 0);
    }

    private void forward(ByteBuf dataPacket, long maxWaitNanos) {
        Objects.requireNonNull(dataPacket, "buffer");
        if (!closed && engine.forwarder.tryDirect(dataPacket, maxWaitNanos)) {
            return;
        }
        data(dataPacket, () -> engine.forwarder.route(dataPacket));
    }

    /**
     * A local packet for {@code destination} (16 bytes) that could not be encrypted because no route is selected:
     * the router asks for a route and hands the packet back through {@link DataPlaneHook#releaseLocal} once one is
     * selected, or to {@link DataPlaneHook#localUnroutable} after 15 s / when the queue is full. Takes ownership.
     */
    public void awaitRouteForLocal(byte[] destination, ByteBuf plaintextPacket) {
        byte[] dst = address(destination);
        data(plaintextPacket, () -> engine.forwarder.awaitLocal(dst, plaintextPacket));
    }

    /**
     * A received data packet for us whose sender's key is unknown: the router asks for the sender's /64 and hands the
     * packet back through {@link DataPlaneHook#releaseInbound} once known (dropped after 15 s). Takes ownership.
     */
    public void awaitRouteForInbound(byte[] source, ByteBuf dataPacket) {
        byte[] src = address(source);
        data(dataPacket, () -> engine.forwarder.awaitInbound(src, dataPacket));
    }

    /** Sends a route request for the /64 of {@code destination} (if it is inside 400::/7). */
    public void requestRoute(byte[] destination) {
        byte[] dst = address(destination);
        lifecycle(() -> {
            if (OverlayAddresses.isGlobal(dst)) {
                engine.routeRequests.originate(OverlayAddresses.subnet64(dst));
            }
        });
    }

    // ------------------------------------------------------------------ readers

    /** The last snapshot the owner published (never null). */
    public RouterSnapshot snapshot() {
        RouterSnapshot s = engine.published();
        // Packets forwarded on the direct path publish nothing: their counts are read here, fresh.
        RouterSnapshot.PacketStatistics stats = engine.packetStats.current();
        return stats == s.packetStatistics() ? s : new RouterSnapshot(s.takenAtMillis(), s.routerId(), s.ownSubnet(),
                s.routerSeqno(), s.routeLists(), s.neighbours(), stats,
                s.counters());
    }

    /** Lock-free destination lookup for the data plane. */
    public RouteLookup routes() {
        return engine.lookup;
    }

    /** White-box access for this package's tests; owner thread only. */
    RouterEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ inbox

    private static byte[] address(byte[] a) {
        if (a == null || a.length != 16) {
            throw new IllegalArgumentException("an IPv6 address is 16 bytes");
        }
        return a.clone();
    }

    private void data(ByteBuf buf, Runnable work) {
        Objects.requireNonNull(buf, "buffer");
        if (closed) {
            counters.afterClose.increment();
            buf.release();
            return;
        }
        if (dataBacklog.get() >= RouterLimits.DATA_INBOX_CAPACITY) {
            counters.dataInboxFull.increment();
            buf.release();
            return;
        }
        dataBacklog.incrementAndGet();
        submit(() -> {
            dataBacklog.decrementAndGet();
            if (engine.isClosed()) {
                buf.release();
                return;
            }
            engine.run(work);
        }, () -> {
            dataBacklog.decrementAndGet();
            buf.release();
        });
    }

    /** Rare events (link up/down, start, route wishes): never dropped for space, bounded by their nature. */
    private void lifecycle(Runnable work) {
        if (closed) {
            counters.afterClose.increment();
            return;
        }
        submit(() -> engine.run(work), null);
    }

    private void submit(Runnable task, Runnable onRejected) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            counters.afterClose.increment();
            if (onRejected != null) {
                onRejected.run();
            }
        }
    }
}
