package dev.mycelium.core.peer;

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
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * One Babel neighbour over one {@link PeerLink} (protocol.md 2.3, 2.4).
 *
 * <p>Inbound, on the link's I/O thread: bytes are counted, cut into packets by a {@link PacketFramer}; control TLVs
 * go to {@link Router#handleControl}, data packets to {@link Router#handleData}. A malformed stream closes this
 * link only; nothing is thrown back into the transport.
 *
 * <p>Outbound, from the router's thread: each packet is one {@link PeerLink#write} (so a dropped write never tears
 * the stream) followed by a {@link PeerLink#flush()}; the link coalesces flushes, so a burst costs one syscall, not
 * one per packet. Data packets are dropped and counted while the link is above its high-water mark; control packets
 * are only refused by the link's hard bound.
 *
 * <p>Lifecycle: {@link #start()} adds the neighbour to the router before the first byte is read; the link's close
 * removes it from the router and tells the owner once.
 */
final class Peer implements Neighbour, LinkHandler, PacketFramer.PacketSink {

    private static final Logger LOG = Logger.getLogger(Peer.class);

    private final PeerLink link;
    private final int staticCost;
    private final Router router;
    private final AtomicLong txBytes;
    private final AtomicLong rxBytes;
    private final BiConsumer<Peer, Throwable> onClosed;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong droppedData = new AtomicLong();
    private final AtomicLong droppedControl = new AtomicLong();
    private volatile boolean closed;
    // I/O thread only.
    private final PacketFramer framer = new PacketFramer();

    /**
     * @param txBytes  counter of bytes sent, shared with the peer table entry (counts survive reconnects)
     * @param rxBytes  counter of bytes received, likewise
     * @param onClosed called once, on the link's thread, after the link closed and the router was told
     */
    Peer(PeerLink link, int staticCost, Router router, AtomicLong txBytes, AtomicLong rxBytes,
            BiConsumer<Peer, Throwable> onClosed) {
        this.link = Objects.requireNonNull(link);
        this.staticCost = staticCost;
        this.router = Objects.requireNonNull(router);
        this.txBytes = Objects.requireNonNull(txBytes);
        this.rxBytes = Objects.requireNonNull(rxBytes);
        this.onClosed = Objects.requireNonNull(onClosed);
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
        if (closed || !link.isWritable()) {
            dataPacket.release();
            droppedData.incrementAndGet();
            return;
        }
        ByteBuf header = alloc.directBuffer(PacketHeader.SIZE);
        PacketHeader.write(header, PacketHeader.TYPE_DATA);
        CompositeByteBuf packet = alloc.compositeDirectBuffer(2);
        packet.addComponents(true, header, dataPacket);
        if (!send(packet)) {
            droppedData.incrementAndGet();
        }
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
            return false;
        }
        txBytes.addAndGet(size);
        link.flush();
        return true;
    }

    // ------------------------------------------------------------------ LinkHandler (link's I/O thread)

    @Override
    public void onBytes(ByteBuf bytes) {
        rxBytes.addAndGet(bytes.readableBytes());
        try {
            framer.feed(bytes, this);
        } catch (WireFormatException e) {
            LOG.debugf("closing %s: malformed stream (%s)", link.connectionId(), e.getMessage());
            close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "closing %s: failed handling its packets", link.connectionId());
            close();
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
