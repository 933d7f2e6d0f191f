package dev.mycelium.core.peer;

import dev.mycelium.core.router.Flushes;
import dev.mycelium.core.router.Neighbour;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.wire.ControlPacketCodec;
import dev.mycelium.core.wire.PacketFramer;
import dev.mycelium.core.wire.PacketHeader;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.PeerLink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * One Babel neighbour over one {@link PeerLink} (protocol.md 2.3, 2.4).
 *
 * <p>Inbound, on the link's I/O thread: bytes are counted, cut into packets by a {@link PacketFramer}; control TLVs
 * go to {@link Router#handleControl}, data packets to {@link Router#handleData}. A malformed stream closes this
 * link only; nothing is thrown back into the transport.
 *
 * <p>Outbound, from the router's thread (data packets also from the threads that forward directly): each packet is
 * one {@link PeerLink#write} (so a dropped write never tears the stream) followed by a {@link PeerLink#flush()}; the
 * link coalesces flushes, so a burst costs one syscall, not one per packet. A data packet with
 * {@link Neighbour#HEADROOM} gets its outer header written in place and leaves as one buffer. Data packets are
 * dropped and counted while the link is above its high-water mark, except when they are relayed from another peer's
 * link: then that link stops reading until this one drained, for at most {@link HoldBack#MAX_PAUSE_MS}
 * (back-pressure towards the sender, see {@link HoldBack}), and the TUN reader first waits a little
 * ({@link #awaitRoom}). Control packets are only refused by the link's hard bound.
 *
 * <p>Lifecycle: {@link #start()} adds the neighbour to the router before the first byte is read; the link's close
 * removes it from the router and tells the owner once.
 */
final class Peer implements Neighbour, LinkHandler, PacketFramer.PacketSink {

    private static final Logger LOG = Logger.getLogger(Peer.class);
    /** The peer whose inbound bytes this thread is handling: the upstream of whatever it relays. */
    private static final FastThreadLocal<Peer> RELAYING_FROM = new FastThreadLocal<>();
    /** The outer header of a data packet: {@code 01 00 00 00} (protocol.md 3.1). */
    private static final int DATA_HEADER = PacketHeader.VERSION << 24 | PacketHeader.TYPE_DATA << 16;
    /** Our choice: how often {@link #awaitRoom} looks at the link again (the event loop drains meanwhile). */
    private static final long ROOM_POLL_NANOS = 20_000;
    /**
     * Our choice: a link that has refused every write for this long (its queue stuck at the transport's hard bound)
     * has a peer that stopped reading; it is closed, so such peers cannot pin the queue memory of many links. A slow
     * peer that still reads takes a write now and then, which starts the count again.
     */
    static final long STUCK_AFTER_NANOS = 30_000_000_000L;

    private final PeerLink link;
    private final int staticCost;
    private final Router router;
    private final AtomicLong txBytes;
    private final AtomicLong rxBytes;
    private final BiConsumer<Peer, Throwable> onClosed;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The link's flush, one object, so a burst defers it once ({@link Flushes}). */
    private final Runnable flushTask;
    private final AtomicLong droppedData = new AtomicLong();
    private final AtomicLong droppedControl = new AtomicLong();
    private volatile boolean closed;
    /** Pauses reading while a link we relay into is full (bounded, see {@link HoldBack}). */
    private final HoldBack holdBack;
    /** A whole {@link #awaitRoom} wait ended with the link still full; cleared once it is writable again. */
    private volatile boolean stalled;
    /** {@link System#nanoTime()} of the first write refused since the last one taken; 0 while writes are taken. */
    private volatile long refusingSince;
    private final long stuckAfterNanos;
    // I/O thread only.
    private final PacketFramer framer = new PacketFramer();

    /**
     * @param txBytes  counter of bytes sent, shared with the peer table entry (counts survive reconnects)
     * @param rxBytes  counter of bytes received, likewise
     * @param onClosed called once, on the link's thread, after the link closed and the router was told
     */
    Peer(PeerLink link, int staticCost, Router router, AtomicLong txBytes, AtomicLong rxBytes,
            BiConsumer<Peer, Throwable> onClosed) {
        this(link, staticCost, router, txBytes, rxBytes, onClosed, STUCK_AFTER_NANOS);
    }

    Peer(PeerLink link, int staticCost, Router router, AtomicLong txBytes, AtomicLong rxBytes,
            BiConsumer<Peer, Throwable> onClosed, long stuckAfterNanos) {
        this.stuckAfterNanos = stuckAfterNanos;
        this.link = Objects.requireNonNull(link);
        this.holdBack = new HoldBack(link);
        this.staticCost = staticCost;
        this.router = Objects.requireNonNull(router);
        this.txBytes = Objects.requireNonNull(txBytes);
        this.rxBytes = Objects.requireNonNull(rxBytes);
        this.onClosed = Objects.requireNonNull(onClosed);
        this.flushTask = link::flush;
    }

    /** Makes the link a neighbour of the router, then starts reading. Once. */
    void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("peer " + link.connectionId() + " already started");
        }
        // The router's inbox is ordered: the neighbour exists before any TLV read from it arrives.
        router.addNeighbour(this);
        link.start(this);
    }

    PeerLink link() {
        return link;
    }

    boolean isClosed() {
        return closed;
    }

    long droppedData() {
        return droppedData.get();
    }

    long droppedControl() {
        return droppedControl.get();
    }

    // ------------------------------------------------------------------ Neighbour (router thread)

    @Override
    public void sendControl(ControlTlv tlv) {
        if (closed) {
            return;
        }
        ByteBuf packet = alloc.directBuffer(ControlPacketCodec.packetLength(tlv));
        try {
            ControlPacketCodec.encode(tlv, packet);
        } catch (RuntimeException e) {
            packet.release();
            droppedControl.incrementAndGet();
            LOG.warnf(e, "not sending unencodable %s to %s", tlv, link.connectionId());
            return;
        }
        if (!send(packet)) {
            droppedControl.incrementAndGet();
        }
    }

    /** Takes ownership of {@code dataPacket} (starting at the 36-byte data header). */
    @Override
    public void sendData(ByteBuf dataPacket) {
        if (closed) {
            dataPacket.release();
            droppedData.incrementAndGet();
            return;
        }
        if (!link.isWritable()) {
            Peer upstream = RELAYING_FROM.get();
            if (upstream == null) {
                dataPacket.release();
                droppedData.incrementAndGet();
                return;
            }
            // Relaying on the upstream link's event loop: hold that link back until this one drains, and still take
            // the packet (the link's hard bound caps the memory), so the upstream's sender slows instead of losing.
            upstream.holdBack.pauseFor(link);
        }
        ByteBuf packet;
        int at = dataPacket.readerIndex();
        if (at >= PacketHeader.SIZE) {
            // Headroom (Neighbour.HEADROOM): the outer header goes in place, the packet leaves as one buffer.
            dataPacket.setInt(at - PacketHeader.SIZE, DATA_HEADER);
            packet = dataPacket.readerIndex(at - PacketHeader.SIZE);
        } else {
            ByteBuf header = alloc.directBuffer(PacketHeader.SIZE);
            PacketHeader.write(header, PacketHeader.TYPE_DATA);
            CompositeByteBuf composite = alloc.compositeDirectBuffer(2);
            packet = composite.addComponents(true, header, dataPacket);
        }
        if (!send(packet)) {
            droppedData.incrementAndGet();
        }
    }

    /**
     * Waits in short parks while the link is above its high-water mark, so the TUN reader holds back (and the kernel
     * slows the local sender) rather than have its packets dropped in {@link #sendData}.
     */
    @Override
    public boolean awaitRoom(long maxWaitNanos) {
        if (link.isWritable()) {
            stalled = false;
            return true;
        }
        if (stalled || closed) {
            return false;
        }
        Flushes.now(); // what this thread deferred must leave before the link can drain
        long deadline = System.nanoTime() + maxWaitNanos;
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(ROOM_POLL_NANOS);
            if (link.isWritable()) {
                return true;
            }
            if (closed) {
                return false;
            }
        }
        stalled = true;
        return false;
    }

    @Override
    public int staticLinkCost() {
        return staticCost;
    }

    @Override
    public String connectionId() {
        return link.connectionId();
    }

    /** Closes the link (router: dead neighbour; manager: removal); the close event follows on the link's thread. */
    @Override
    public void close() {
        closed = true;
        link.close();
    }

    /** One whole packet per write; takes ownership. */
    private boolean send(ByteBuf packet) {
        int size = packet.readableBytes();
        if (!link.write(packet)) {
            refused();
            return false;
        }
        if (refusingSince != 0) {
            refusingSince = 0;
        }
        txBytes.addAndGet(size);
        if (!Flushes.defer(flushTask)) {
            link.flush();
        }
        return true;
    }

    /** A write was refused: the first of a run starts the clock, one {@link #stuckAfterNanos} later closes. */
    private void refused() {
        long now = System.nanoTime() | 1; // never 0, which means "not refusing"
        long since = refusingSince;
        if (since == 0) {
            refusingSince = now;
        } else if (now - since >= stuckAfterNanos && !closed) {
            LOG.warnf("closing the link to %s: it has refused every write for %d s, its peer reads nothing",
                    link.connectionId(), (now - since) / 1_000_000_000L);
            close();
        }
    }

    // ------------------------------------------------------------------ LinkHandler (link's I/O thread)

    @Override
    public void onBytes(ByteBuf bytes) {
        rxBytes.addAndGet(bytes.readableBytes());
        RELAYING_FROM.set(this);
        Flushes.begin();
        try {
            framer.feed(bytes, this);
        } catch (WireFormatException e) {
            LOG.debugf("closing %s: malformed stream (%s)", link.connectionId(), e.getMessage());
            close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "closing %s: failed handling its packets", link.connectionId());
            close();
        } finally {
            Flushes.end();
            RELAYING_FROM.remove();
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        closed = true;
        framer.release();
        router.removeNeighbour(this);
        if (cause != null) {
            LOG.debugf("link %s closed: %s", link.connectionId(), cause.toString());
        }
        try {
            onClosed.accept(this, cause);
        } catch (RuntimeException e) {
            LOG.warnf(e, "peer close callback failed for %s", link.connectionId());
        }
    }

    // ------------------------------------------------------------------ PacketSink (link's I/O thread)

    @Override
    public void onControl(ControlTlv tlv) {
        router.handleControl(this, tlv);
    }

    /** Takes ownership: the router releases or forwards it. */
    @Override
    public void onData(ByteBuf dataPacket) {
        router.handleData(this, dataPacket);
    }

    @Override
    public String toString() {
        return link.connectionId();
    }
}
