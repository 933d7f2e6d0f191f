package dev.mycelium.core.dataplane;

import dev.mycelium.spi.tun.TunDevice;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/** The device of {@link NoneTunBackend}: reads block until close, writes are discarded and counted. */
public final class NoneTunDevice implements TunDevice {

    private final String name;
    private final int mtu;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final LongAdder discarded = new LongAdder();

    public NoneTunDevice(String name, int mtu) {
        this.name = name;
        this.mtu = mtu;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** Blocks until the device is closed, then returns -1: there is never a packet. */
    @Override
    public int read(ByteBuffer dst) {
        boolean interrupted = false;
        while (closed.getCount() > 0) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** Discards the packet (consumes it) and counts it. */
    @Override
    public void write(ByteBuffer src) {
        src.position(src.limit());
        discarded.increment();
    }

    /** Packets written and discarded so far. */
    public long discardedPackets() {
        return discarded.sum();
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
