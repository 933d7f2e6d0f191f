package dev.mycelium.testkit;

import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.PeerLink;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of an in-memory link pair. Writes queue at this end (bounded by {@link #MAX_QUEUED_BYTES}, drop and
 * count beyond it); {@link #flush()} hands them, in order, to the other end on the network thread. Buffers change
 * hands without copies (the receiver takes ownership, as over a real link).
 *
 * <p>Failure modes for tests: {@link #close()} (both ends see an orderly close), {@link #fail(Throwable)} (both
 * ends see the error), {@link #cutSilently()} (everything vanishes and nobody is told, like a pulled cable).
 */
public final class InMemoryLink implements PeerLink {

    /** Bound of one end's unflushed queue. */
    public static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    /** Above this many queued bytes the end reports itself unwritable. */
    public static final int HIGH_WATER_MARK = 1024 * 1024;

    private final InMemoryNetwork network;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final String connectionId;
    private InMemoryLink peer;

    private final Object lock = new Object();
    private final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>(); // guarded by lock
    private long outboundBytes; // guarded by lock
    private final AtomicLong droppedWrites = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean cut;

    // Network thread only.
    private LinkHandler handler;
    private final ArrayDeque<ByteBuf> backlog = new ArrayDeque<>();
    private boolean closeArrived;
    private Throwable closeCause;
    private boolean closeDelivered;

    InMemoryLink(InMemoryNetwork network, InetSocketAddress local, InetSocketAddress remote) {
        this.network = network;
        this.local = local;
        this.remote = remote;
        this.connectionId = network.scheme().toUpperCase(Locale.ROOT) + " " + Endpoint.socketText(local) + " <-> "
                + Endpoint.socketText(remote);
    }

    static void pair(InMemoryLink a, InMemoryLink b) {
        a.peer = b;
        b.peer = a;
    }

    /** The other end. */
    public InMemoryLink peer() {
        return peer;
    }

    /** Neither closed nor cut. */
    public boolean isLive() {
        return !closed && !cut;
    }

    public boolean isCut() {
        return cut;
    }

    public long droppedWrites() {
        return droppedWrites.get();
    }

    @Override
    public String scheme() {
        return network.scheme();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public void start(LinkHandler linkHandler) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("link " + connectionId + " already started");
        }
        if (!network.run(() -> {
            handler = linkHandler;
            ByteBuf b;
            while ((b = backlog.poll()) != null) {
                deliver(b);
            }
            if (closeArrived) {
                deliverClose();
            }
        })) {
            linkHandler.onClosed(new IllegalStateException("network closed"));
        }
    }

    @Override
    public boolean write(ByteBuf bytes) {
        if (closed) {
            bytes.release();
            return false;
        }
        if (cut) {
            bytes.release(); // into the void: the writer cannot tell
            return true;
        }
        synchronized (lock) {
            if (outboundBytes + bytes.readableBytes() > MAX_QUEUED_BYTES) {
                droppedWrites.incrementAndGet();
                bytes.release();
                return false;
            }
            outbound.add(bytes);
            outboundBytes += bytes.readableBytes();
        }
        if (closed || cut) {
            releaseOutbound();
        }
        return true;
    }

    @Override
    public void flush() {
        List<ByteBuf> batch = takeOutbound();
        if (batch.isEmpty()) {
            return;
        }
        InMemoryLink to = peer;
        if (cut || closed || !network.run(() -> to.receive(batch))) {
            batch.forEach(ByteBuf::release);
        }
    }

    @Override
    public boolean isWritable() {
        synchronized (lock) {
            return !closed && outboundBytes < HIGH_WATER_MARK;
        }
    }

    /** Orderly close: both ends report {@code onClosed(null)} (only this end once the link was cut). */
    @Override
    public void close() {
        if (cut) {
            closeEnd(null);
        } else {
            closeEnd(null);
            peer.closeEnd(null);
        }
    }

    /** Breaks the pair with an error: both ends report {@code onClosed(cause)}. */
    public void fail(Throwable cause) {
        closeEnd(cause);
        peer.closeEnd(cause);
    }

    /**
     * Cuts the pair silently: from now on both ends swallow what is written and deliver nothing, and neither is told;
     * only a local {@link #close()} ends an end.
     */
    public void cutSilently() {
        cut = true;
        peer.cut = true;
        releaseOutbound();
        peer.releaseOutbound();
    }

    @Override
    public String toString() {
        return connectionId + (cut ? " (cut)" : closed ? " (closed)" : "");
    }

    // ------------------------------------------------------------------ internals

    private void closeEnd(Throwable cause) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        releaseOutbound();
        // When the network is closed nothing delivers events any more; the close is then silent.
        network.run(() -> closeArrived(cause));
    }

    private List<ByteBuf> takeOutbound() {
        synchronized (lock) {
            List<ByteBuf> batch = new ArrayList<>(outbound);
            outbound.clear();
            outboundBytes = 0;
            return batch;
        }
    }

    private void releaseOutbound() {
        takeOutbound().forEach(ByteBuf::release);
    }

    /** Network thread: bytes the other end flushed. */
    private void receive(List<ByteBuf> batch) {
        for (ByteBuf b : batch) {
            if (closeArrived || cut) {
                b.release();
            } else if (handler == null) {
                backlog.add(b);
            } else {
                deliver(b);
            }
        }
    }

    private void deliver(ByteBuf b) {
        int segment = network.maxSegment();
        try {
            if (segment <= 0) {
                handler.onBytes(b);
                return;
            }
            try {
                while (b.isReadable() && !closeArrived) {
                    handler.onBytes(b.readRetainedSlice(Math.min(segment, b.readableBytes())));
                }
            } finally {
                b.release();
            }
        } catch (RuntimeException e) {
            fail(e); // a handler must not throw: treat it as a broken link
        }
    }

    /** Network thread. */
    private void closeArrived(Throwable cause) {
        if (closeArrived) {
            return;
        }
        closeArrived = true;
        closeCause = cause;
        ByteBuf b;
        while ((b = backlog.poll()) != null) {
            b.release();
        }
        if (handler != null) {
            deliverClose();
        }
    }

    private void deliverClose() {
        if (closeDelivered) {
            return;
        }
        closeDelivered = true;
        handler.onClosed(closeCause);
    }
}
