package dev.mycelium.transport.tcp;

import dev.mycelium.spi.transport.Endpoint;
import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.PeerLink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection as a {@link PeerLink}: a Netty channel on a Vert.x event loop, {@code TCP_NODELAY}, no handshake
 * (protocol.md 2.3).
 *
 * <p>Writing, from any thread:
 * <ol>
 *   <li>{@link #write} appends the buffer to a lock-free multi-producer queue bounded by {@link TcpLimits#MAX_QUEUED_BYTES} (a
 *       write that does not fit is dropped whole, released and counted, so the stream never carries a torn
 *       packet);</li>
 *   <li>{@link #flush} schedules one drain task on the event loop unless one is already pending, so a burst of
 *       writes costs one task;</li>
 *   <li>the drain moves queued buffers into the channel while it is writable and flushes once (one {@code writev}
 *       for the batch); when the socket buffer fills, it stops and resumes when the channel becomes writable.</li>
 * </ol>
 *
 * <p>Reading: nothing is read before {@link #start} (auto-read is off until then); afterwards every read buffer goes
 * to the handler, which takes ownership. The close is reported exactly once, with the error that caused it or
 * {@code null} for an orderly end of stream or a local {@link #close()}.
 */
final class TcpLink implements PeerLink {

    private final Channel channel;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final String connectionId;
    /** Many writers, one reader (the event loop); chunked array, so no node allocation per packet. */
    private final Queue<ByteBuf> outbound = PlatformDependent.newMpscQueue();
    private final Runnable drainTask = this::drain;
    private final Runnable releaseTask = this::releaseQueued;
    /** Tasks waiting for this link to become writable (rare: a relay holding back its upstream). */
    private final Queue<Runnable> writableWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong droppedWrites = new AtomicLong();
    private final AtomicLong drains = new AtomicLong();
    private volatile boolean closed;

    // Event-loop only.
    private LinkHandler handler;
    private boolean inactive;
    private boolean closeReported;
    private Throwable cause;

    /**
     * Wraps an active channel and installs the link's handler at the end of its pipeline. Auto-read must be off.
     *
     * @param local  the local address as Mycelium would print it (see {@link TcpTransport#asSeenByMycelium})
     * @param remote the remote address, likewise
     */
    TcpLink(Channel channel, InetSocketAddress local, InetSocketAddress remote) {
        this.channel = Objects.requireNonNull(channel);
        this.local = Objects.requireNonNull(local);
        this.remote = Objects.requireNonNull(remote);
        this.connectionId = "TCP " + Endpoint.socketText(local) + " <-> " + Endpoint.socketText(remote);
        channel.pipeline().addLast("mycelium-link", new Inbound());
    }

    @Override
    public String scheme() {
        return TcpTransport.SCHEME;
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
        Objects.requireNonNull(linkHandler, "handler");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("link " + connectionId + " already started");
        }
        channel.eventLoop().execute(() -> {
            handler = linkHandler;
            if (inactive) {
                reportClosed();
            } else {
                channel.config().setAutoRead(true);
            }
        });
    }

    @Override
    public boolean write(ByteBuf bytes) {
        int size = bytes.readableBytes();
        if (closed) {
            bytes.release();
            return false;
        }
        if (queuedBytes.addAndGet(size) > TcpLimits.MAX_QUEUED_BYTES) {
            queuedBytes.addAndGet(-size);
            droppedWrites.incrementAndGet();
            bytes.release();
            return false;
        }
        outbound.add(bytes);
        if (closed) {
            // Lost the race with the close: whatever the close did not release is released by the queue's one
            // consumer, the event loop (or here, once the loop is gone and nobody else can poll).
            releaseOnLoop();
            return false;
        }
        return true;
    }

    private void releaseOnLoop() {
        if (channel.eventLoop().inEventLoop()) {
            releaseQueued();
            return;
        }
        try {
            channel.eventLoop().execute(releaseTask);
        } catch (RejectedExecutionException loopGone) {
            releaseQueued();
        }
    }

    @Override
    public void flush() {
        if (closed || !drainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.eventLoop().execute(drainTask);
        } catch (RuntimeException rejected) {
            // Event loop shut down: the channel is closing, its close releases the queue.
            drainScheduled.set(false);
        }
    }

    @Override
    public boolean isWritable() {
        return !closed && queuedBytes.get() < TcpLimits.QUEUE_HIGH_WATER_MARK && channel.isWritable();
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    @Override
    public void setReading(boolean on) {
        if (started.get() && !closed) {
            channel.config().setAutoRead(on);
        }
    }

    @Override
    public void whenWritable(Runnable task) {
        if (isWritable() || closed) {
            task.run();
            return;
        }
        writableWaiters.add(task);
        if (isWritable() || closed) {
            runWaiters(); // it drained (or closed) meanwhile: nobody else may look again
        }
    }

    private void runWaiters() {
        Runnable r;
        while ((r = writableWaiters.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // The waiter owns its failures; the others still run.
            }
        }
    }

    /** Writes dropped because the queue was full. */
    long droppedWrites() {
        return droppedWrites.get();
    }

    /** Drain tasks run so far (each ends in at most one flush): for tests of flush coalescing. */
    long drains() {
        return drains.get();
    }

    /** Bytes waiting in the link's own queue (not yet handed to the channel). */
    long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public String toString() {
        return connectionId;
    }

    // ------------------------------------------------------------------ event loop

    private void drain() {
        drainScheduled.set(false);
        drains.incrementAndGet();
        boolean wrote = false;
        while (channel.isWritable()) {
            ByteBuf next = outbound.poll();
            if (next == null) {
                break;
            }
            queuedBytes.addAndGet(-next.readableBytes());
            channel.write(next, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        if (closed || inactive) {
            releaseQueued();
        }
        if (!writableWaiters.isEmpty() && (isWritable() || closed)) {
            runWaiters();
        }
    }

    private void releaseQueued() {
        ByteBuf b;
        while ((b = outbound.poll()) != null) {
            queuedBytes.addAndGet(-b.readableBytes());
            b.release();
        }
    }

    private void reportClosed() {
        if (closeReported || handler == null) {
            return;
        }
        closeReported = true;
        try {
            handler.onClosed(cause);
        } catch (RuntimeException e) {
            // The handler owns its failures; nothing to undo here.
        }
    }

    /** The link's end of the pipeline. */
    private final class Inbound extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf bytes) || handler == null || closed) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                handler.onBytes(bytes);
            } catch (RuntimeException e) {
                // A handler must not throw; treat it as a broken link rather than losing the error.
                if (cause == null) {
                    cause = e;
                }
                close();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                if (!outbound.isEmpty()) {
                    drain();
                } else if (!writableWaiters.isEmpty() && isWritable()) {
                    runWaiters();
                }
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
            if (cause == null && !closed) {
                cause = t;
            }
            closed = true;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
            closed = true;
            releaseQueued();
            runWaiters();
            reportClosed();
            ctx.fireChannelInactive();
        }
    }
}
