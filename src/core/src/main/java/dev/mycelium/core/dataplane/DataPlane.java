package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.CryptoConstants;
import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.crypto.SharedSecrets;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.wire.DataHeader;
import dev.mycelium.core.wire.InnerHeader;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.spi.tun.TunDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The data plane of a node (protocol.md section 6): TUN &lt;-&gt; end-to-end encryption &lt;-&gt; router.
 *
 * <p>Threads and the pipeline:
 * <ol>
 * <li>{@code mycelium-tun-reader} ({@link TunReader}) blocks in {@link TunDevice#read}, applies the local rules of
 * 6.3, seals with the destination's key and calls {@link Router#routeLocal} (or {@link Router#awaitRouteForLocal}).</li>
 * <li>The router's owner thread calls this {@link DataPlaneHook}: received packets for us are queued for the writer;
 * released local packets and out-of-band ICMPs (6.6) are sealed right there; local errors are queued as ICMPv6.</li>
 * <li>{@code mycelium-tun-writer} ({@link TunWriter}, {@link Inbound}) opens received packets with the sender's key
 * and writes them, or the ICMPv6 errors, into the TUN.</li>
 * </ol>
 * Each thread has its own cipher ({@link ThreadCrypto}); shared secrets come from one bounded {@link SharedSecrets}.
 * The two threads are Netty {@link FastThreadLocalThread}s: the pooled allocator gives per-thread caches only to
 * those by default, and without one every packet buffer came from the shared arena (a quarter of the reader's time
 * in a JFR profile).
 * Packets live in pooled direct buffers; every hook method takes ownership of its buffer, as the router's contract
 * says. Per-packet failures are counted in {@link #stats()}, never thrown.
 *
 * <p>Lifecycle: construct, create the router with this object as its hook, {@link #attach}, {@link #start}. The data
 * plane owns the TUN device: {@link #close()} closes it (which ends the blocking read).
 */
public final class DataPlane implements DataPlaneHook, AutoCloseable {

    /** Our choice: how long {@link #close()} waits for each thread to end. */
    static final long STOP_WAIT_MS = 2_000;

    private static final Logger LOG = Logger.getLogger(DataPlane.class);

    private final NodeKeys keys;
    private final TunDevice tun;
    private final SharedSecrets secrets;
    private final DataPlaneStats stats = new DataPlaneStats();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final byte[] ownAddress;
    private final Subnet ownSubnet;
    /** Our /64's network address: the source of the out-of-band ICMPs we send (6.6). */
    private final byte[] ownNetwork;
    private final int mtu;
    /** Crypto state of the router's owner thread (the hook methods run there). */
    private final ThreadLocal<ThreadCrypto> hookCrypto;

    private volatile Router router;
    private volatile Outbound outbound;
    private volatile LocalIcmp localIcmp;
    private volatile OobIcmpSender oobIcmps;
    private volatile TunWriter writer;
    private volatile TunReader reader;
    private Thread readerThread;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param keys the node's keys (the router must announce the same public key)
     * @param tun  the device to serve, never null (use {@link NoneTunBackend}'s device for {@code --no-tun}); the
     *             data plane takes ownership and closes it
     */
    public DataPlane(NodeKeys keys, TunDevice tun) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tun = Objects.requireNonNull(tun, "tun");
        this.secrets = new SharedSecrets(keys);
        this.hookCrypto = ThreadLocal.withInitial(() -> new ThreadCrypto(secrets));
        this.ownAddress = keys.address().bytes();
        this.ownSubnet = keys.address().nodeSubnet();
        this.ownNetwork = ownSubnet.address();
        int deviceMtu = tun.mtu() > 0 ? tun.mtu() : CryptoConstants.PACKET_PAYLOAD_SIZE;
        // Never more than 1400 bytes of plaintext towards a 0.7 node, whatever the device says (6.4).
        this.mtu = Math.min(deviceMtu, CryptoConstants.PACKET_PAYLOAD_SIZE);
    }

    /** Connects the router this data plane is the hook of; once, before {@link #start()}. */
    public synchronized void attach(Router router) {
        Objects.requireNonNull(router, "router");
        if (this.router != null) {
            throw new IllegalStateException("data plane already attached to a router");
        }
        if (!Arrays.equals(router.routerId().publicKey(), keys.publicKey().bytes())) {
            throw new IllegalArgumentException("the router announces " + router.routerId()
                    + " but the data plane holds the keys of " + keys.publicKey());
        }
        Outbound out = new Outbound(router, alloc, stats);
        TunOutput output = new TunOutput(tun, stats, mtu);
        Inbound inbound = new Inbound(router, stats, new ThreadCrypto(secrets), output, alloc);
        TunWriter w = new TunWriter(inbound, output, stats);
        LocalIcmp icmp = new LocalIcmp(alloc, w, stats);
        this.reader = new TunReader(tun, router, out, icmp, stats, new ThreadCrypto(secrets), alloc, mtu,
                ownAddress, ownSubnet);
        this.outbound = out;
        this.localIcmp = icmp;
        this.oobIcmps = new OobIcmpSender(router, out, alloc, stats, ownSubnet, ownNetwork);
        this.writer = w;
        this.router = router;
    }

    /** Starts the TUN writer and reader threads. */
    public synchronized void start() {
        if (router == null) {
            throw new IllegalStateException("attach(router) before start()");
        }
        if (closed) {
            throw new IllegalStateException("data plane closed");
        }
        if (started) {
            return;
        }
        started = true;
        writer.start("mycelium-tun-writer");
        Thread t = new FastThreadLocalThread(reader, "mycelium-tun-reader");
        t.setDaemon(true);
        readerThread = t;
        t.start();
    }

    public DataPlaneStats stats() {
        return stats;
    }

    /** The largest IPv6 packet sent: the device MTU, at most 1400 (6.4). */
    public int mtu() {
        return mtu;
    }

    // ------------------------------------------------------------------ DataPlaneHook (router owner thread)

    @Override
    public void deliverLocal(ByteBuf dataPacket) {
        TunWriter w = running(dataPacket, DataHeader.SIZE);
        if (w != null) {
            Inbound.markArrived(dataPacket);
            w.offerInbound(dataPacket);
        }
    }

    @Override
    public void releaseInbound(ByteBuf dataPacket) {
        TunWriter w = running(dataPacket, DataHeader.SIZE);
        if (w != null) {
            w.offerInbound(dataPacket); // keeps its wait count: see Inbound.MAX_SENDER_WAITS
        }
    }

    @Override
    public void oobIcmp(OobIcmp kind, ByteBuf dataPacket) {
        if (running(dataPacket, DataHeader.SIZE) == null) {
            return;
        }
        try {
            oobIcmps.send(hookCrypto.get(), kind, dataPacket);
        } catch (RuntimeException e) {
            stats.increment(Counter.OOB_ICMP_NOT_SENT);
            LOG.debugf(e, "out-of-band ICMP not sent");
        } finally {
            dataPacket.release();
        }
    }

    @Override
    public void releaseLocal(ByteBuf plaintextPacket) {
        if (running(plaintextPacket, InnerHeader.SIZE + Ipv6.HEADER_SIZE) == null) {
            return;
        }
        boolean keep = false;
        try {
            keep = sendReleased(plaintextPacket);
        } catch (RuntimeException e) {
            stats.increment(Counter.DROP_NO_ROUTE);
            LOG.debugf(e, "released local packet not sent");
        } finally {
            if (!keep) {
                plaintextPacket.release();
            }
        }
    }

    @Override
    public void localUnroutable(ByteBuf plaintextPacket) {
        if (running(plaintextPacket, InnerHeader.SIZE + Ipv6.HEADER_SIZE) == null) {
            return;
        }
        try {
            noRoute(plaintextPacket);
        } finally {
            plaintextPacket.release();
        }
    }

    /**
     * A released local packet ({@code 01 00 00 mark} + IPv6, as the reader queued it): sealed when the destination
     * has a selected route. The router releases packets in the very task that selected the route, before it
     * publishes the route to {@link Router#routes()}; such a packet is queued once more (the mark in the reserved
     * byte says so) and comes back after publication. A second miss answers "no route".
     *
     * @return true when the packet went back to the router (which then owns it)
     */
    private boolean sendReleased(ByteBuf plain) {
        int at = plain.readerIndex();
        int ip = at + InnerHeader.SIZE;
        ThreadCrypto c = hookCrypto.get();
        Ipv6.copySource(plain, ip, c.source);
        Ipv6.copyDestination(plain, ip, c.destination);
        int hop = Ipv6.hopLimit(plain, ip);
        RouteLookup.Destination d = router.routes().lookup(c.destination);
        if (d != null && d.status() == RouteLookup.Status.SELECTED) {
            SharedSecret secret = c.secretFor(d.publicKey());
            if (secret == null) {
                stats.increment(Counter.DROP_REJECTED_KEY);
                return false;
            }
            plain.setByte(at + 3, 0);
            outbound.sealAndRoute(c, secret, plain, c.source, c.destination, hop, Counter.PACKETS_SENT);
            return false;
        }
        if (plain.getByte(at + 3) == 0) {
            plain.setByte(at + 3, 1);
            router.awaitRouteForLocal(c.destination, plain);
            return true;
        }
        noRoute(plain);
        return false;
    }

    /** 6.3 step 4: local Destination Unreachable "no route", from the sender to itself with its hop limit. */
    private void noRoute(ByteBuf plain) {
        int ip = plain.readerIndex() + InnerHeader.SIZE;
        int length = plain.writerIndex() - ip;
        stats.increment(Counter.DROP_NO_ROUTE);
        byte[] source = new byte[16]; // rare path: queue timeouts and overflows
        Ipv6.copySource(plain, ip, source);
        localIcmp.send(source, source, Ipv6.hopLimit(plain, ip), Icmpv6Errors.DESTINATION_UNREACHABLE,
                Icmpv6Errors.CODE_NO_ROUTE, 0, plain, ip, length);
    }

    /**
     * The writer when the data plane can take packets and {@code buf} has at least {@code minBytes}; otherwise
     * releases {@code buf}, counts and returns null.
     */
    private TunWriter running(ByteBuf buf, int minBytes) {
        TunWriter w = writer;
        if (w == null || closed) {
            stats.increment(Counter.DROP_NOT_RUNNING);
            buf.release();
            return null;
        }
        if (buf.readableBytes() < minBytes) {
            stats.increment(Counter.DROP_MALFORMED);
            buf.release();
            return null;
        }
        return w;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Stops both threads, closes the TUN device and releases every queued packet. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = readerThread;
        }
        TunReader r = reader;
        if (r != null) {
            r.stop();
        }
        try {
            tun.close();
        } catch (IOException e) {
            LOG.warnf(e, "closing TUN device %s failed", tun.name());
        }
        try {
            if (t != null) {
                t.join(STOP_WAIT_MS);
                if (t.isAlive()) {
                    LOG.warnf("TUN reader of %s did not stop within %d ms", tun.name(), STOP_WAIT_MS);
                }
            }
            TunWriter w = writer;
            if (w != null) {
                w.stop(STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
