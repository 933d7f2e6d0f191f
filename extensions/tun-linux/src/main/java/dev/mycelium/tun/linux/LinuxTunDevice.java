package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Linux TUN interface ({@code IFF_TUN | IFF_NO_PI}): one raw IPv6 packet per {@link #read}/{@link #write},
 * straight between a direct buffer and the kernel through JNA direct mapping, with no allocation per packet.
 *
 * <p>The descriptor is non-blocking. A read tries {@code read(2)} first (one syscall per packet under load) and
 * only when the queue is empty waits in {@code poll(2)} on the descriptor and an eventfd, which {@link #close}
 * signals: that is how a blocked reader learns about the close and returns -1. The descriptor itself is closed
 * only once no read or write is inside a syscall, so its number is never reused under a running call. Closing
 * the last descriptor removes the (non-persistent) interface.
 */
public final class LinuxTunDevice implements TunDevice {

    private static final System.Logger LOG = System.getLogger(LinuxTunDevice.class.getName());
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final int fd;
    private final int wakeFd;
    private final String name;
    private final int mtu;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final DirectAddresses readAddresses = new DirectAddresses();
    private final DirectAddresses writeAddresses = new DirectAddresses();
    private final ThreadLocal<Memory> pollFds = ThreadLocal.withInitial(() -> new Memory(2L * LibC.POLLFD_SIZE));
    private final AtomicLong truncatedReads = new AtomicLong();

    private LinuxTunDevice(int fd, int wakeFd, String name, int mtu) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
        this.mtu = mtu;
    }

    /**
     * Creates (or attaches to) the TUN interface {@code config.name()} in the calling thread's network
     * namespace, sets its MTU, adds the address with its prefix length and sets it up.
     *
     * @throws IllegalArgumentException for a name Linux cannot take, a prefix length or MTU out of range
     * @throws IOException when the kernel refuses a step; the message names the step and the errno
     */
    static LinuxTunDevice open(TunConfig config) throws IOException {
        String requested = TunNames.requireValid(config.name());
        if (config.prefixLength() < 0 || config.prefixLength() > 128) {
            throw new IllegalArgumentException("prefix length " + config.prefixLength() + " is not in 0..128");
        }
        if (config.mtu() < 1280 || config.mtu() > 65535) {
            throw new IllegalArgumentException("MTU " + config.mtu() + " is not in 1280..65535 (IPv6 needs 1280)");
        }
        Ifreq ifr = new Ifreq(requested);
        int fd = TunFile.open(ifr, TunFile.IFF_TUN | TunFile.IFF_NO_PI);
        String name = ifr.name();
        int wakeFd = -1;
        try (LinkConfigurator link = new LinkConfigurator()) {
            link.setMtu(name, config.mtu());
            link.addAddress(name, config.address(), config.prefixLength());
            link.setUp(name);
            wakeFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
            if (wakeFd < 0) {
                throw new IOException("cannot create an eventfd: " + LibC.describe(Native.getLastError()));
            }
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
        return new LinuxTunDevice(fd, wakeFd, name, config.mtu());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /**
     * Reads one packet into {@code dst} at its position and advances the position past it. {@code dst} must be
     * direct and have at least {@link #mtu()} bytes remaining. Blocks until a packet arrives; returns -1 once
     * the device is closed (also when closed while blocked here).
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        requireDirect(dst);
        int position = dst.position();
        int room = dst.remaining();
        if (room < mtu) {
            throw new IllegalArgumentException("read buffer has " + room + " bytes left, needs the MTU " + mtu);
        }
        if (!enter(readsInFlight)) {
            return -1;
        }
        try {
            while (true) {
                long n = position == 0
                        ? LibC.read(fd, dst, room)
                        : LibC.read(fd, readAddresses.baseAddress(dst) + position, room);
                if (n > room) {
                    truncatedReads.incrementAndGet(); // larger than the buffer: the kernel cut it; drop it
                    continue;
                }
                if (n >= 0) {
                    dst.position(position + (int) n);
                    return (int) n;
                }
                int errno = Native.getLastError();
                if (errno == LibC.EAGAIN) {
                    if (!awaitReady(LibC.POLLIN)) {
                        return -1;
                    }
                } else if (errno != LibC.EINTR) {
                    if (closed.get()) {
                        return -1;
                    }
                    throw new IOException("read from " + name + " failed: " + LibC.describe(errno));
                }
            }
        } finally {
            readsInFlight.decrementAndGet();
        }
    }

    /**
     * Writes the one packet between {@code src}'s position and limit (direct buffer) and advances the position
     * to the limit. Safe to call from several threads at once.
     *
     * @throws ClosedChannelException once the device is closed
     * @throws IOException when the kernel rejects the packet (e.g. EINVAL for a malformed one)
     */
    @Override
    public void write(ByteBuffer src) throws IOException {
        requireDirect(src);
        int position = src.position();
        int length = src.remaining();
        if (!enter(writesInFlight)) {
            throw new ClosedChannelException();
        }
        try {
            while (true) {
                long n = position == 0
                        ? LibC.write(fd, src, length)
                        : LibC.write(fd, writeAddresses.baseAddress(src) + position, length);
                if (n >= 0) {
                    src.position(position + length); // a TUN write takes the whole packet or fails
                    return;
                }
                int errno = Native.getLastError();
                if (errno == LibC.EAGAIN) {
                    if (!awaitReady(LibC.POLLOUT)) {
                        throw new ClosedChannelException();
                    }
                } else if (errno != LibC.EINTR) {
                    if (closed.get()) {
                        throw new ClosedChannelException();
                    }
                    throw new IOException("write of " + length + " bytes to " + name + " failed: "
                            + LibC.describe(errno));
                }
            }
        } finally {
            writesInFlight.decrementAndGet();
        }
    }

    /** Packets dropped because they did not fit the caller's buffer (only possible above the MTU). */
    public long truncatedReads() {
        return truncatedReads.get();
    }

    /** Wakes a blocked reader (it returns -1), waits for calls in progress to leave, then closes the fd. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        signalWake();
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        while (readsInFlight.get() != 0 || writesInFlight.get() != 0) {
            if (System.nanoTime() - deadline > 0) {
                // Closing now could let the fd number be reused under a running call: leak it instead.
                LOG.log(System.Logger.Level.WARNING, "TUN {0}: a read or write did not finish within 5 s of close;"
                        + " leaving its descriptor open", name);
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        LibC.close(fd);
        LibC.close(wakeFd);
    }

    /** Counts a call in; false (and not counted) once closed. Pairs with close()'s check of the counters. */
    private boolean enter(AtomicInteger inFlight) {
        inFlight.incrementAndGet();
        if (closed.get()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Waits until the fd is ready for {@code events} or the device is closed; false when closed. */
    private boolean awaitReady(short events) throws IOException {
        Memory fds = pollFds.get();
        fds.setInt(0, fd);
        fds.setShort(4, events);
        fds.setShort(6, (short) 0);
        fds.setInt(LibC.POLLFD_SIZE, wakeFd);
        fds.setShort(LibC.POLLFD_SIZE + 4, LibC.POLLIN);
        fds.setShort(LibC.POLLFD_SIZE + 6, (short) 0);
        while (!closed.get()) {
            int ready = LibC.poll(fds, 2, -1);
            if (ready > 0) {
                return !closed.get();
            }
            int errno = Native.getLastError();
            if (ready < 0 && errno != LibC.EINTR) {
                throw new IOException("poll on " + name + " failed: " + LibC.describe(errno));
            }
        }
        return false;
    }

    private void signalWake() {
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            LibC.write(wakeFd, Pointer.nativeValue(one), 8); // the eventfd stays readable from now on: every poll returns at once
        }
    }

    private static void requireDirect(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("TUN I/O needs a direct ByteBuffer");
        }
    }

    @Override
    public String toString() {
        return "LinuxTunDevice[" + name + ", mtu " + mtu + (closed.get() ? ", closed" : "") + "]";
    }
}
