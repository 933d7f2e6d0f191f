package dev.mycelium.testkit;

import dev.mycelium.spi.tun.TunBatchIo;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TUN device in memory: tests {@link #inject} packets as if the kernel had routed them into the TUN (the data plane
 * reads them) and take what the data plane writes with {@link #awaitWritten}. Thread-safe. {@link #withBatchIo}
 * gives one that also offers {@link TunBatchIo}.
 */
public class InMemoryTun implements TunDevice {

    /** Bound of each direction's queue; {@link #inject} fails beyond it rather than hiding a stuck reader. */
    public static final int QUEUE_CAPACITY = 100_000;

    private static final byte[] CLOSED = new byte[0];

    private final String name;
    private final int mtu;
    private final LinkedBlockingQueue<byte[]> toRead = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final LinkedBlockingQueue<byte[]> written = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicInteger writtenTotal = new AtomicInteger();
    private final AtomicInteger truncatedReads = new AtomicInteger();
    private volatile boolean closed;

    /** A device named {@code mycelium}, MTU 1400, that also reads and writes batches ({@link TunBatchIo}). */
    public static InMemoryTun withBatchIo() {
        return new Batched("mycelium", 1400);
    }

    public InMemoryTun(String name, int mtu) {
        this.name = name;
        this.mtu = mtu;
    }

    /** A device named {@code mycelium} with the 1400-byte MTU of protocol.md 6.4. */
    public InMemoryTun() {
        this("mycelium", 1400);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** Queues {@code packet} (copied) for the reader. */
    public void inject(byte[] packet) {
        if (closed) {
            throw new IllegalStateException("device closed");
        }
        if (!toRead.offer(packet.clone())) {
            throw new IllegalStateException("more than " + QUEUE_CAPACITY + " packets waiting to be read");
        }
    }

    /** The next packet written by the data plane, waiting up to {@code timeout}; null if none came. */
    public byte[] awaitWritten(Duration timeout) throws InterruptedException {
        return written.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Packets written and not taken yet, oldest first (they stay queued). */
    public List<byte[]> pendingWritten() {
        return new ArrayList<>(written);
    }

    /** Packets written since the device was created, including those taken. */
    public int writtenCount() {
        return writtenTotal.get();
    }

    /** Reads whose packet did not fit the reader's buffer (it got the first bytes only). */
    public int truncatedReads() {
        return truncatedReads.get();
    }

    /** Blocks for the next injected packet; copies what fits into {@code dst} and returns that length, -1 once closed. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (closed) {
            return -1;
        }
        byte[] packet;
        try {
            packet = toRead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("read interrupted");
        }
        if (packet == CLOSED) {
            toRead.offer(CLOSED); // every later read sees it too
            return -1;
        }
        int n = Math.min(packet.length, dst.remaining());
        if (n < packet.length) {
            truncatedReads.incrementAndGet();
        }
        dst.put(packet, 0, n);
        return n;
    }

    /** Captures the packet between {@code src}'s position and limit (consumed); fails once closed. */
    @Override
    public void write(ByteBuffer src) throws IOException {
        if (closed) {
            throw new IOException("device closed");
        }
        byte[] packet = new byte[src.remaining()];
        src.get(packet);
        if (!written.offer(packet)) {
            throw new IOException("more than " + QUEUE_CAPACITY + " written packets not taken");
        }
        writtenTotal.incrementAndGet();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            toRead.clear();
            toRead.offer(CLOSED);
        }
    }

    /** Batches read and written, for tests that check the batched path was taken. */
    public int batchCalls() {
        return batchCalls.get();
    }

    private final AtomicInteger batchCalls = new AtomicInteger();

    private static final class Batched extends InMemoryTun implements TunBatchIo {

        Batched(String name, int mtu) {
            super(name, mtu);
        }

        /** Blocks for one packet, then adds whatever else is queued, up to the array's length. */
        @Override
        public int readPackets(ByteBuffer[] packets) throws IOException {
            int n = read(packets[0]);
            if (n < 0) {
                return -1;
            }
            super.batchCalls.incrementAndGet();
            int count = 1;
            while (count < packets.length && super.hasPacketToRead()) {
                if (read(packets[count]) < 0) {
                    break;
                }
                count++;
            }
            return count;
        }

        @Override
        public void writePackets(ByteBuffer[] packets, int count) throws IOException {
            super.batchCalls.incrementAndGet();
            for (int i = 0; i < count; i++) {
                write(packets[i]);
            }
        }
    }

    private boolean hasPacketToRead() {
        byte[] next = toRead.peek();
        return next != null && next != CLOSED;
    }
}
