package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking TUN descriptor with a safe close. Reads and writes try the syscall first (one per packet under
 * load) and only when the queue is empty (or full) wait in {@code poll(2)} on the descriptor and an eventfd that
 * {@link #close} signals: that is how a blocked reader learns about the close. The descriptor itself is closed
 * only once no call is inside a syscall, so its number is never reused under a running read or write. Closing the
 * last descriptor removes the (non-persistent) interface.
 *
 * <p>Callers bracket every use with {@link #enter}/{@link #exit} and move packets with {@link #readNow} and
 * {@link #writeNow}, which return {@link #AGAIN} instead of blocking.
 */
final class TunFd {

    static final long AGAIN = -2;

    private static final System.Logger LOG = System.getLogger(TunFd.class.getName());
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final int fd;
    private final int wakeFd;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final DirectAddresses readAddresses = new DirectAddresses();
    private final DirectAddresses writeAddresses = new DirectAddresses();
    private final ThreadLocal<Memory> pollFds = ThreadLocal.withInitial(() -> new Memory(2L * LibC.POLLFD_SIZE));

    private TunFd(int fd, int wakeFd, String name) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
    }

    /** Takes ownership of {@code fd} (closes it when the eventfd cannot be made). */
    static TunFd adopt(int fd, String name) throws IOException {
        int wakeFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wakeFd < 0) {
            int errno = Native.getLastError();
            LibC.close(fd);
            throw new IOException("cannot create an eventfd: " + LibC.describe(errno));
        }
        return new TunFd(fd, wakeFd, name);
    }

    int fd() {
        return fd;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Counts a reading (or writing) call in; false, and not counted, once closed. */
    boolean enter(boolean write) {
        AtomicInteger inFlight = write ? writesInFlight : readsInFlight;
        inFlight.incrementAndGet();
        if (closed.get()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit(boolean write) {
        (write ? writesInFlight : readsInFlight).decrementAndGet();
    }

    /**
     * One read(2) into {@code buf} at {@code position}; the length, or {@link #AGAIN}. Position untouched. At
     * position 0 the buffer goes to JNA as is (no allocation, whatever buffer it is); elsewhere its address comes
     * from the one-entry cache.
     */
    long readNow(ByteBuffer buf, int position, int room) throws IOException {
        while (true) {
            long n = position == 0
                    ? LibC.read(fd, buf, room)
                    : LibC.read(fd, readAddresses.baseAddress(buf) + position, room);
            if (n >= 0 || (n = readFailed(room)) != Long.MIN_VALUE) {
                return n;
            }
        }
    }

    /**
     * One read(2) to native memory at {@code address}: a JNA call with primitive arguments only, the cheapest
     * (bench/tun-io.sh "calls": about 100-200 ns less than passing a Buffer), for buffers a device owns.
     */
    long readNow(long address, int room) throws IOException {
        while (true) {
            long n = LibC.read(fd, address, room);
            if (n >= 0 || (n = readFailed(room)) != Long.MIN_VALUE) {
                return n;
            }
        }
    }

    /** One write(2) of [position, position+length) of {@code buf}; the length, or {@link #AGAIN}. */
    long writeNow(ByteBuffer buf, int position, int length) throws IOException {
        while (true) {
            long n = position == 0
                    ? LibC.write(fd, buf, length)
                    : LibC.write(fd, writeAddresses.baseAddress(buf) + position, length);
            if (n >= 0 || (n = writeFailed(length)) != Long.MIN_VALUE) {
                return n;
            }
        }
    }

    /** One write(2) from native memory at {@code address} (see {@link #readNow(long, int)}). */
    long writeNow(long address, int length) throws IOException {
        while (true) {
            long n = LibC.write(fd, address, length);
            if (n >= 0 || (n = writeFailed(length)) != Long.MIN_VALUE) {
                return n;
            }
        }
    }

    /** After a failed read: {@link #AGAIN}, Long.MIN_VALUE to retry (EINTR), or the error. */
    private long readFailed(int room) throws IOException {
        int errno = Native.getLastError();
        if (errno == LibC.EAGAIN) {
            return AGAIN;
        }
        if (errno == LibC.EINTR) {
            return Long.MIN_VALUE;
        }
        throw new IOException("read of up to " + room + " bytes from " + name + " failed: " + LibC.describe(errno));
    }

    private long writeFailed(int length) throws IOException {
        int errno = Native.getLastError();
        if (errno == LibC.EAGAIN) {
            return AGAIN;
        }
        if (errno == LibC.EINTR) {
            return Long.MIN_VALUE;
        }
        throw new IOException("write of " + length + " bytes to " + name + " failed: " + LibC.describe(errno));
    }

    /** Native address of a direct buffer the caller owns for good (look it up once, not per packet). */
    static long addressOf(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** Waits until the fd is ready for {@code events} ({@link LibC#POLLIN}/{@link LibC#POLLOUT}); false when closed. */
    boolean awaitReady(short events) throws IOException {
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

    /** Wakes a blocked reader (it then sees the close), waits for calls in progress to leave, closes the fds. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            LibC.write(wakeFd, Pointer.nativeValue(one), 8); // stays readable: every later poll returns at once
        }
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
}
