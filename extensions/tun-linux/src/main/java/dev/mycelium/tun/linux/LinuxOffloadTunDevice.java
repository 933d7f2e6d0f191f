package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.mycelium.spi.tun.TunBatchIo;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Linux TUN interface with the kernel's segmentation offload, as Mycelium 0.7.7+ runs it: {@code IFF_VNET_HDR}
 * and {@code TUNSETOFFLOAD(CSUM | TSO6 | USO)} (USO from Linux 6.2). The kernel then hands over TCP, and UDP sent
 * with UDP_SEGMENT (QUIC stacks do), in super-packets of up to 64 KiB, which
 * {@link GsoSplitter} cuts into MTU-sized packets, and takes coalesced super-packets built by
 * {@link GroCoalescer}; both save most of the per-packet syscalls and the kernel's per-packet TCP work. Per-packet
 * callers get the same packets as from {@link LinuxTunDevice}, one at a time.
 *
 * <pre>
 * read:  read(2) 10-byte virtio header + packet into `in` -> split (or complete a partial checksum) -> copy the
 *        next packet into the caller's buffer; later calls take the remaining packets before reading again
 * write: copy into the thread's coalescer -> consecutive TCP segments of a flow grow one super-packet ->
 *        virtio header -> write(2) once per super-packet (or per packet that cannot be merged)
 * </pre>
 */
public final class LinuxOffloadTunDevice implements TunDevice, TunBatchIo {

    private static final int TSO = VirtioNetHeader.TUN_F_CSUM | VirtioNetHeader.TUN_F_TSO6;
    private static final int TSO_AND_USO = TSO | VirtioNetHeader.TUN_F_USO4 | VirtioNetHeader.TUN_F_USO6;
    private static final int MAX_READ = VirtioNetHeader.SIZE + 40 + 65535;

    private final TunFd fd;
    private final String name;
    private final int mtu;
    private final boolean udpOffload;

    // read side: one reader at a time (the split packets of one read are state between calls)
    private final ReentrantLock readLock = new ReentrantLock();
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_READ);
    private final long inAddress = TunFd.addressOf(in);
    private final GsoSplitter splitter = new GsoSplitter();
    private int nextSegment;
    private int segmentCount;
    // written by the reader under readLock, read by anyone: updated once per kernel read
    private volatile long superPacketsRead;
    private volatile long packetsRead;
    private volatile long droppedReads;

    // write side: every writing thread coalesces into its own buffers
    private final ThreadLocal<WriteSide> writeSides = ThreadLocal.withInitial(WriteSide::new);
    private final AtomicLong rejectedWrites = new AtomicLong();
    private final AtomicLong coalescedWrites = new AtomicLong();

    private LinuxOffloadTunDevice(TunFd fd, String name, int mtu, boolean udpOffload) {
        this.fd = fd;
        this.name = name;
        this.mtu = mtu;
        this.udpOffload = udpOffload;
    }

    /**
     * Like {@link LinuxTunDevice#open}, with offload; null when this kernel cannot offload to a TUN (then no
     * interface is left behind and the caller opens a plain one).
     */
    static LinuxOffloadTunDevice openOrNull(TunConfig config) throws IOException {
        Ifreq ifr = LinkSetup.check(config);
        int rawFd = TunFile.open(ifr, TunFile.IFF_TUN | TunFile.IFF_NO_PI | TunFile.IFF_VNET_HDR);
        String name = ifr.name();
        boolean udpOffload = false;
        try (Memory size = new Memory(4)) {
            size.setInt(0, VirtioNetHeader.SIZE);
            // USO needs Linux 6.2; older kernels refuse the flag with EINVAL, then TSO alone
            if (LibC.ioctl(rawFd, TunFile.TUNSETVNETHDRSZ, size) < 0
                    || !(udpOffload = LibC.ioctl(rawFd, TunFile.TUNSETOFFLOAD, new Pointer(TSO_AND_USO)) == 0)
                        && LibC.ioctl(rawFd, TunFile.TUNSETOFFLOAD, new Pointer(TSO)) < 0) {
                int errno = Native.getLastError();
                LibC.close(rawFd);
                if (errno == LibC.EINVAL) {
                    return null;
                }
                throw new IOException("cannot enable offload on TUN interface '" + name + "': "
                        + LibC.describe(errno));
            }
        }
        LinkSetup.configure(rawFd, name, config);
        return new LinuxOffloadTunDevice(TunFd.adopt(rawFd, name), name, config.mtu(), udpOffload);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** As {@link LinuxTunDevice#read}: one packet of at most the MTU, -1 once closed. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        requireRoom(dst);
        readLock.lock();
        try {
            if (!fd.enter(false)) {
                return -1;
            }
            try {
                if (fill(true) < 0) {
                    return -1;
                }
                return copyNext(dst);
            } finally {
                fd.exit(false);
            }
        } catch (IOException e) {
            if (fd.isClosed()) {
                return -1;
            }
            throw e;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int readPackets(ByteBuffer[] packets) throws IOException {
        if (packets.length == 0) {
            throw new IllegalArgumentException("no buffers to read into");
        }
        for (ByteBuffer packet : packets) {
            requireRoom(packet);
        }
        readLock.lock();
        try {
            if (!fd.enter(false)) {
                return -1;
            }
            try {
                if (fill(true) < 0) {
                    return -1;
                }
                int n = 0;
                while (n < packets.length && (nextSegment < segmentCount || fill(false) > 0)) {
                    copyNext(packets[n++]);
                }
                return n;
            } finally {
                fd.exit(false);
            }
        } catch (IOException e) {
            if (fd.isClosed()) {
                return -1;
            }
            throw e;
        } finally {
            readLock.unlock();
        }
    }

    /** One packet with a plain virtio header; throws like {@link LinuxTunDevice#write}. */
    @Override
    public void write(ByteBuffer src) throws IOException {
        LinuxTunDevice.requireDirect(src);
        WriteSide side = writeSides.get();
        ByteBuffer plain = side.plain;
        int length = src.remaining();
        if (length > MAX_READ - VirtioNetHeader.SIZE) {
            throw new IllegalArgumentException(length + " bytes is larger than any IPv6 packet without jumbogram");
        }
        VirtioNetHeader.putPlain(plain, 0);
        plain.put(VirtioNetHeader.SIZE, src, src.position(), length);
        writeFrame(side.plainAddress, VirtioNetHeader.SIZE + length);
        src.position(src.limit());
    }

    @Override
    public void writePackets(ByteBuffer[] packets, int count) throws IOException {
        WriteSide side = writeSides.get();
        GroCoalescer coalescer = side.coalescer;
        for (int i = 0; i < count; i++) {
            ByteBuffer packet = packets[i];
            LinuxTunDevice.requireDirect(packet);
            int position = packet.position();
            int length = packet.remaining();
            if (coalescer.pending() == 0 || !coalescer.tryAppend(packet, position, length)) {
                if (coalescer.pending() > 0) {
                    flush(side);
                }
                coalescer.start(packet, position, length);
            }
            packet.position(packet.limit());
        }
        if (coalescer.pending() > 0) {
            flush(side);
        }
    }

    /** Whether the kernel took UDP segmentation offload too (Linux 6.2+), not only TCP. */
    public boolean udpOffload() {
        return udpOffload;
    }

    /** Reads dropped as malformed or of an offload kind we did not enable. */
    public long droppedReads() {
        return droppedReads;
    }

    /** Kernel reads that returned a TCP super-packet (more than one packet). */
    public long superPacketsRead() {
        return superPacketsRead;
    }

    /** Packets the kernel reads yielded, after splitting. */
    public long packetsRead() {
        return packetsRead;
    }

    /** Packets that went into the kernel merged into an earlier one (kernel writes saved). */
    public long coalescedWrites() {
        return coalescedWrites.get();
    }

    /** Writes of {@link #writePackets} the kernel refused (dropped). */
    public long rejectedWrites() {
        return rejectedWrites.get();
    }

    @Override
    public void close() {
        fd.close();
    }

    /** Makes sure a packet is waiting: 1 when there is one, 0 when none (only if !block), -1 once closed. */
    private int fill(boolean block) throws IOException {
        while (nextSegment >= segmentCount) {
            long n = fd.readNow(inAddress, MAX_READ);
            if (n == TunFd.AGAIN) {
                if (!block) {
                    return 0;
                }
                if (!fd.awaitReady(LibC.POLLIN)) {
                    return -1;
                }
                continue;
            }
            nextSegment = 0;
            segmentCount = n < VirtioNetHeader.SIZE ? 0 : splitter.prepare(in, 0, (int) n - VirtioNetHeader.SIZE);
            if (segmentCount == 0) {
                droppedReads++; // single writer (the reader under readLock)
            } else {
                packetsRead += segmentCount;
                if (segmentCount > 1) {
                    superPacketsRead++;
                }
            }
        }
        return 1;
    }

    private int copyNext(ByteBuffer dst) {
        return splitter.copySegment(nextSegment++, dst);
    }

    private void flush(WriteSide side) throws IOException {
        int segments = side.coalescer.pending();
        ByteBuffer frame = side.coalescer.finish();
        try {
            writeFrame(side.frameAddress, frame.limit());
            coalescedWrites.addAndGet(segments - 1);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            rejectedWrites.incrementAndGet();
        }
    }

    private void writeFrame(long address, int length) throws IOException {
        if (!fd.enter(true)) {
            throw new ClosedChannelException();
        }
        try {
            while (fd.writeNow(address, length) == TunFd.AGAIN) {
                if (!fd.awaitReady(LibC.POLLOUT)) {
                    throw new ClosedChannelException();
                }
            }
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            if (fd.isClosed()) {
                throw new ClosedChannelException();
            }
            throw e;
        } finally {
            fd.exit(true);
        }
    }

    private void requireRoom(ByteBuffer dst) {
        LinuxTunDevice.requireDirect(dst);
        if (dst.remaining() < mtu) {
            throw new IllegalArgumentException("read buffer has " + dst.remaining() + " bytes left, needs the MTU "
                    + mtu);
        }
    }

    /** A writing thread's own buffers. */
    private static final class WriteSide {
        final ByteBuffer plain = ByteBuffer.allocateDirect(MAX_READ);
        final long plainAddress = TunFd.addressOf(plain);
        final GroCoalescer coalescer = new GroCoalescer();
        final long frameAddress = TunFd.addressOf(coalescer.frameBuffer());
    }

    @Override
    public String toString() {
        return "LinuxOffloadTunDevice[" + name + ", mtu " + mtu + (fd.isClosed() ? ", closed" : "") + "]";
    }
}
