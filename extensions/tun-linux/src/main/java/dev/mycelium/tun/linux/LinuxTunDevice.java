package dev.mycelium.tun.linux;

import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Linux TUN interface ({@code IFF_TUN | IFF_NO_PI}): one raw IPv6 packet per {@link #read}/{@link #write},
 * straight between a direct buffer and the kernel through JNA direct mapping, with no allocation per packet
 * (a buffer at position 0 is passed as is; at another position, the last buffer's address is cached).
 * See {@link TunFd} for blocking and close.
 */
public final class LinuxTunDevice implements TunDevice {

    private final TunFd fd;
    private final String name;
    private final int mtu;
    private final AtomicLong truncatedReads = new AtomicLong();

    private LinuxTunDevice(TunFd fd, String name, int mtu) {
        this.fd = fd;
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
        Ifreq ifr = LinkSetup.check(config);
        int rawFd = TunFile.open(ifr, TunFile.IFF_TUN | TunFile.IFF_NO_PI);
        String name = ifr.name();
        LinkSetup.configure(rawFd, name, config);
        return new LinuxTunDevice(TunFd.adopt(rawFd, name), name, config.mtu());
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
        if (!fd.enter(false)) {
            return -1;
        }
        try {
            while (true) {
                long n = fd.readNow(dst, position, room);
                if (n == TunFd.AGAIN) {
                    if (!fd.awaitReady(LibC.POLLIN)) {
                        return -1;
                    }
                } else if (n > room) {
                    truncatedReads.incrementAndGet(); // larger than the buffer: the kernel cut it; drop it
                } else {
                    dst.position(position + (int) n);
                    return (int) n;
                }
            }
        } catch (IOException e) {
            if (fd.isClosed()) {
                return -1;
            }
            throw e;
        } finally {
            fd.exit(false);
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
        if (!fd.enter(true)) {
            throw new ClosedChannelException();
        }
        try {
            while (fd.writeNow(src, position, length) == TunFd.AGAIN) {
                if (!fd.awaitReady(LibC.POLLOUT)) {
                    throw new ClosedChannelException();
                }
            }
            src.position(position + length); // a TUN write takes the whole packet or fails
        } finally {
            fd.exit(true);
        }
    }

    /** Packets dropped because they did not fit the caller's buffer (only possible above the MTU). */
    public long truncatedReads() {
        return truncatedReads.get();
    }

    /** Wakes a blocked reader (it returns -1), waits for calls in progress to leave, then closes the fd. */
    @Override
    public void close() {
        fd.close();
    }

    static void requireDirect(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("TUN I/O needs a direct ByteBuffer");
        }
    }

    @Override
    public String toString() {
        return "LinuxTunDevice[" + name + ", mtu " + mtu + (fd.isClosed() ? ", closed" : "") + "]";
    }
}
