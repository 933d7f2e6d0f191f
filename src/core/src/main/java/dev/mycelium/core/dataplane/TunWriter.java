package dev.mycelium.core.dataplane;

import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * The thread that owns the TUN's write side. Two bounded queues feed it:
 * <ol>
 * <li>{@code inbound}: data packets for us from the router, decrypted here by {@link Inbound} (so the router's
 * owner thread never spends time on AES) and written to the TUN;</li>
 * <li>{@code ready}: finished IPv6 packets (local ICMPv6 errors) from any thread.</li>
 * </ol>
 * A full queue drops and counts. The thread sleeps with {@link LockSupport#park} when both are empty and producers
 * wake it only then, so a busy writer costs them no system call.
 */
final class TunWriter implements Runnable {

    /** Our choice: received packets waiting for decryption (about 6 MB of 1.5 kB packets). */
    static final int INBOUND_QUEUE_CAPACITY = 4_096;
    /** Our choice: local ICMPv6 errors waiting for the TUN. */
    static final int READY_QUEUE_CAPACITY = 1_024;
    /** Items taken from one queue before looking at the other, so neither starves. */
    private static final int BATCH = 64;

    private static final Logger LOG = Logger.getLogger(TunWriter.class);

    private final ArrayBlockingQueue<ByteBuf> inbound = new ArrayBlockingQueue<>(INBOUND_QUEUE_CAPACITY);
    private final ArrayBlockingQueue<ByteBuf> ready = new ArrayBlockingQueue<>(READY_QUEUE_CAPACITY);
    private final Inbound opener;
    private final TunOutput output;
    private final DataPlaneStats stats;
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile boolean stopping;

    TunWriter(Inbound opener, TunOutput output, DataPlaneStats stats) {
        this.opener = opener;
        this.output = output;
        this.stats = stats;
    }

    /** Starts the thread {@code name}; packets offered before wait in the queues. */
    void start(String name) {
        Thread t = new FastThreadLocalThread(this, name); // pooled-allocator thread cache, see DataPlane
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** A data packet for our /64 (from its 36-byte header). Takes ownership. */
    void offerInbound(ByteBuf dataPacket) {
        offer(inbound, dataPacket, Counter.DROP_INBOUND_QUEUE_FULL);
    }

    /** A complete IPv6 packet for the TUN. Takes ownership. */
    void offerReady(ByteBuf ipv6Packet) {
        offer(ready, ipv6Packet, Counter.DROP_TUN_QUEUE_FULL);
    }

    private void offer(ArrayBlockingQueue<ByteBuf> queue, ByteBuf buf, Counter full) {
        if (stopping) {
            stats.increment(Counter.DROP_NOT_RUNNING);
            buf.release();
            return;
        }
        if (!queue.offer(buf)) {
            stats.increment(full);
            buf.release();
            return;
        }
        if (stopping) {
            // Raced with stop(): the writer may have drained already; whatever is left must not leak.
            releaseAll(queue);
        } else if (sleeping) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                int done = drain(inbound, true) + drain(ready, false);
                output.flush();
                if (done == 0) {
                    sleeping = true;
                    // Re-check after announcing sleep: an offer in between either sees the flag or is seen here.
                    if (inbound.isEmpty() && ready.isEmpty() && !stopping) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "TUN writer stopped by an unexpected failure");
            throw e;
        } finally {
            releaseAll(inbound);
            releaseAll(ready);
            opener.close();
        }
    }

    private int drain(ArrayBlockingQueue<ByteBuf> queue, boolean decrypt) {
        int n = 0;
        ByteBuf buf;
        while (n < BATCH && (buf = queue.poll()) != null) {
            n++;
            if (decrypt) {
                opener.handle(buf);
            } else {
                try {
                    output.write(buf.nioBuffer());
                } finally {
                    buf.release();
                }
            }
        }
        return n;
    }

    /** Stops the thread and waits up to {@code millis} for it; queued packets are released. */
    void stop(long millis) throws InterruptedException {
        stopping = true;
        Thread t = thread;
        if (t == null) {
            releaseAll(inbound);
            releaseAll(ready);
            opener.close();
            return;
        }
        LockSupport.unpark(t);
        t.join(millis);
        releaseAll(inbound);
        releaseAll(ready);
    }

    private static void releaseAll(ArrayBlockingQueue<ByteBuf> queue) {
        ByteBuf buf;
        while ((buf = queue.poll()) != null) {
            buf.release();
        }
    }
}
