package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.Flushes;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.wire.InnerHeader;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.spi.tun.TunBatchIo;
import dev.mycelium.spi.tun.TunDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jboss.logging.Logger;

/**
 * The TUN reader thread: sending local packets (protocol.md 6.3, 6.4). For every packet read:
 * <ol>
 * <li>shorter than an IPv6 header or not version 6: drop;</li>
 * <li>larger than the MTU: local Packet Too Big (the kernel does this in Mycelium; a device may still hand us more);</li>
 * <li>destination inside our /64 (no local address took it): local Destination Unreachable "address unreachable";
 * source outside 400::/7: "source address failed policy";</li>
 * <li>hop limit below 2: local Time Exceeded;</li>
 * <li>destination outside 400::/7: local Destination Unreachable "no route" (nothing could ever route it);</li>
 * <li>selected route: seal with the destination's key straight from the read buffer into a pooled data packet and
 * hand it to the router; otherwise copy the plaintext and let the router find a route (it hands the packet back
 * through {@code releaseLocal} or {@code localUnroutable}).</li>
 * </ol>
 * The read buffer is one direct buffer reused for every packet, with the 4-byte inner header {@code 01 00 00 00}
 * kept in front of the packet so the plaintext to seal is contiguous. A device offering {@link TunBatchIo} is read
 * {@link #BATCH_SLOTS} packets per call into as many such slots of one buffer.
 */
final class TunReader implements Runnable {

    /** Room for the largest IPv6 packet (65535-byte payload) behind the inner header, so oversized ones are seen. */
    static final int READ_CAPACITY = InnerHeader.SIZE + Ipv6.HEADER_SIZE + 0xFFFF;
    /** Packets per batched read: a 64 KiB offloaded read at MTU 1400 yields up to 48 (see {@link TunBatchIo}). */
    static final int BATCH_SLOTS = 64;
    /**
     * Our choice: how long the reader waits for a full peer link before its packet is dropped there. Waiting stops
     * reading the TUN, so the kernel holds back the local sender (TCP small queues) instead of it losing packets;
     * a link that stays full that long is not waited for again until it drains (see {@code Neighbour.awaitRoom}).
     */
    static final long SEND_WAIT_NANOS = 100_000_000;
    /** Longest pause after repeated read failures (a broken device must not spin a core). */
    private static final long MAX_BACKOFF_MS = 1_000;

    private static final Logger LOG = Logger.getLogger(TunReader.class);
    private static final int INNER_HEADER = InnerHeader.VERSION << 24 | InnerHeader.TYPE_L3 << 16;

    private final TunDevice tun;
    private final Router router;
    private final Outbound outbound;
    private final LocalIcmp icmp;
    private final DataPlaneStats stats;
    private final ThreadCrypto crypto;
    private final ByteBufAllocator alloc;
    private final int mtu;
    private final byte[] ownAddress;
    private final Subnet ownSubnet;
    private volatile boolean stopping;

    TunReader(TunDevice tun, Router router, Outbound outbound, LocalIcmp icmp, DataPlaneStats stats,
            ThreadCrypto crypto, ByteBufAllocator alloc, int mtu, byte[] ownAddress, Subnet ownSubnet) {
        this.tun = tun;
        this.router = router;
        this.outbound = outbound;
        this.icmp = icmp;
        this.stats = stats;
        this.crypto = crypto;
        this.alloc = alloc;
        this.mtu = mtu;
        this.ownAddress = ownAddress;
        this.ownSubnet = ownSubnet;
    }

    /** Makes the loop end at its next turn; the device's close unblocks the read. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        if (tun instanceof TunBatchIo batch) {
            runBatched(batch);
        } else {
            runSingle();
        }
    }

    private void runSingle() {
        ByteBuf buffer = alloc.directBuffer(READ_CAPACITY, READ_CAPACITY);
        try {
            buffer.setInt(0, INNER_HEADER);
            ByteBuffer view = buffer.nioBuffer(InnerHeader.SIZE, READ_CAPACITY - InnerHeader.SIZE);
            readUntilClosed(new ReadStep() {
                @Override
                public int read() throws IOException {
                    view.clear();
                    return tun.read(view);
                }

                @Override
                public void handle(int n) {
                    handleSafely(buffer, 0, Math.min(n, READ_CAPACITY - InnerHeader.SIZE));
                }
            });
        } finally {
            buffer.release();
        }
    }

    private void runBatched(TunBatchIo batch) {
        // Each slot: inner header, then room for one packet of the device's MTU (what readPackets promises).
        int slot = InnerHeader.SIZE + Math.max(tun.mtu(), mtu);
        ByteBuf buffer = alloc.directBuffer(BATCH_SLOTS * slot, BATCH_SLOTS * slot);
        try {
            ByteBuffer[] views = new ByteBuffer[BATCH_SLOTS];
            for (int i = 0; i < BATCH_SLOTS; i++) {
                buffer.setInt(i * slot, INNER_HEADER);
                views[i] = buffer.nioBuffer(i * slot + InnerHeader.SIZE, slot - InnerHeader.SIZE);
            }
            readUntilClosed(new ReadStep() {
                @Override
                public int read() throws IOException {
                    for (ByteBuffer v : views) {
                        v.clear();
                    }
                    return batch.readPackets(views);
                }

                @Override
                public void handle(int n) {
                    Flushes.begin(); // one flush per link for the whole batch
                    try {
                        for (int i = 0; i < n; i++) {
                            handleSafely(buffer, i * slot, views[i].position());
                        }
                    } finally {
                        Flushes.end();
                    }
                }
            });
        } finally {
            buffer.release();
        }
    }

    /** One way of reading the device: {@link #read} fills the buffers, {@link #handle} takes what was read. */
    private interface ReadStep {
        /** Bytes or packets read; -1 once the device is closed. */
        int read() throws IOException;

        void handle(int n);
    }

    /** Reads until the device closes or we stop; a failing read backs off and is retried, never ends the loop. */
    private void readUntilClosed(ReadStep step) {
        int failures = 0;
        while (!stopping) {
            int n;
            try {
                n = step.read();
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    break;
                }
                backOff(++failures, e);
                continue;
            }
            if (n < 0) {
                break;
            }
            failures = 0;
            step.handle(n);
        }
    }

    private void handleSafely(ByteBuf buffer, int base, int n) {
        try {
            handle(buffer, base, n);
        } catch (RuntimeException e) {
            LOG.errorf(e, "dropping a TUN packet that could not be handled");
        }
    }

    /** One packet of {@code n} bytes at {@code base + 4} of {@code buffer}, the inner header at {@code base}. */
    private void handle(ByteBuf buffer, int base, int n) {
        stats.increment(Counter.TUN_PACKETS_READ);
        stats.add(Counter.TUN_BYTES_READ, n);
        int at = base + InnerHeader.SIZE;
        if (!Ipv6.isIpv6(buffer, at, n)) {
            stats.increment(Counter.DROP_NOT_IPV6);
            return;
        }
        byte[] src = crypto.source;
        byte[] dst = crypto.destination;
        Ipv6.copySource(buffer, at, src);
        Ipv6.copyDestination(buffer, at, dst);
        int hop = Ipv6.hopLimit(buffer, at);
        if (n > mtu) {
            stats.increment(Counter.DROP_TOO_BIG);
            icmp.send(ownAddress, src, LocalIcmp.OWN_HOP_LIMIT, Icmpv6Errors.PACKET_TOO_BIG, 0, mtu, buffer, at, n);
            return;
        }
        if (ownSubnet.contains(dst)) {
            stats.increment(Counter.DROP_OWN_SUBNET);
            icmp.send(ownAddress, src, LocalIcmp.OWN_HOP_LIMIT, Icmpv6Errors.DESTINATION_UNREACHABLE,
                    Icmpv6Errors.CODE_ADDRESS_UNREACHABLE, 0, buffer, at, n);
            return;
        }
        if (!Ipv6.isOverlay(src)) {
            stats.increment(Counter.DROP_SOURCE_POLICY);
            icmp.send(ownAddress, src, LocalIcmp.OWN_HOP_LIMIT, Icmpv6Errors.DESTINATION_UNREACHABLE,
                    Icmpv6Errors.CODE_SOURCE_FAILED_POLICY, 0, buffer, at, n);
            return;
        }
        if (hop < 2) {
            // From the sender to itself, with its own hop limit, as Mycelium answers it.
            stats.increment(Counter.DROP_HOP_LIMIT);
            icmp.send(src, src, hop, Icmpv6Errors.TIME_EXCEEDED, Icmpv6Errors.CODE_HOP_LIMIT, 0, buffer, at, n);
            return;
        }
        if (!Ipv6.isOverlay(dst)) {
            stats.increment(Counter.DROP_NO_ROUTE);
            icmp.send(src, src, hop, Icmpv6Errors.DESTINATION_UNREACHABLE, Icmpv6Errors.CODE_NO_ROUTE, 0, buffer,
                    at, n);
            return;
        }
        buffer.setIndex(base, at + n);
        RouteLookup.Destination d = router.routes().lookup(dst);
        if (d != null && d.status() == RouteLookup.Status.SELECTED) {
            SharedSecret secret = crypto.secretFor(d.publicKey());
            if (secret == null) {
                stats.increment(Counter.DROP_REJECTED_KEY);
                return;
            }
            outbound.sealAndRoute(crypto, secret, buffer, src, dst, hop, Counter.PACKETS_SENT, SEND_WAIT_NANOS);
            return;
        }
        ByteBuf copy = alloc.directBuffer(InnerHeader.SIZE + n);
        copy.writeBytes(buffer, base, InnerHeader.SIZE + n);
        stats.increment(Counter.PACKETS_AWAITING_ROUTE);
        router.awaitRouteForLocal(dst, copy);
    }

    private void backOff(int failures, Exception e) {
        stats.increment(Counter.TUN_READ_ERRORS);
        if (failures == 1) {
            LOG.warnf(e, "reading from TUN device %s failed (further failures only counted)", tun.name());
        }
        try {
            Thread.sleep(Math.min(MAX_BACKOFF_MS, failures));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
