package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.mycelium.spi.tun.TunConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark harness for bench/tun-io.sh (not a test): a user-space wire between two TUN interfaces in two network
 * namespaces, so that kernel traffic (iperf3) from A to B crosses exactly the TUN read and write paths a node
 * uses, minus crypto and sockets. Modes:
 * <ul>
 *   <li>{@code single}: the production {@link LinuxTunDevice}, one packet per read/write, buffer at position 0;
 *   <li>{@code offset}: the same with the packet at position 44 (header room; the cached-address path);
 *   <li>{@code mq:N}: {@code IFF_MULTI_QUEUE} with N queues per interface and a thread per queue and direction;
 *   <li>{@code vnet}: {@code IFF_VNET_HDR} + TSO6: read 64 KiB super-packets, split them into MTU-sized packets
 *       (what must go on the wire), coalesce them again (GRO) and write super-packets;
 *   <li>{@code vnet-nogro}: as vnet, but every split packet is written on its own;
 *   <li>{@code offload}: the production {@link LinuxOffloadTunDevice} through {@code readPackets/writePackets};
 *   <li>{@code offload-single}: the same device through its per-packet read/write;
 *   <li>{@code calls}: no traffic; the cost of one read(2) call on an empty TUN (EAGAIN) through JNA with a
 *       Buffer argument, with a long address, with a Pointer made per call, and through a JDK FileChannel.
 * </ul>
 * Usage: {@code TunIoBench MODE NS_A NS_B}; prints READY, forwards until killed, prints counters on exit.
 */
public final class TunIoBench {

    private static final int MTU = 1400;
    private static final int HEADROOM = 44;
    private static final int MAX_SEGMENTS = 64;

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TunIoBench single|offset|mq:N|vnet|vnet-nogro NS_A NS_B");
            System.exit(2);
        }
        new TunIoBench().run(args[0], args[1], args[2]);
    }

    private void run(String mode, String nsA, String nsB) throws Exception {
        byte[] a = InetAddress.getByName("400::a").getAddress();
        byte[] b = InetAddress.getByName("400::b").getAddress();
        if (!mode.equals("calls")) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::report));
        }
        switch (mode) {
            case "calls" -> {
                Netns.call(nsA, () -> {
                    callCosts(a);
                    return null;
                });
                System.exit(0);
            }
            case "offload", "offload-single" -> {
                boolean batch = mode.equals("offload");
                LinuxOffloadTunDevice tunA = Netns.call(nsA, () -> LinuxOffloadTunDevice.openOrNull(
                        new TunConfig("tiobA", a, 7, MTU)));
                LinuxOffloadTunDevice tunB = Netns.call(nsB, () -> LinuxOffloadTunDevice.openOrNull(
                        new TunConfig("tiobB", b, 7, MTU)));
                start(() -> forwardOffload(tunA, tunB, batch));
                start(() -> forwardOffload(tunB, tunA, batch));
            }
            case "single", "offset" -> {
                int position = mode.equals("offset") ? HEADROOM : 0;
                LinuxTunDevice tunA = Netns.call(nsA, () -> LinuxTunDevice.open(new TunConfig("tiobA", a, 7, MTU)));
                LinuxTunDevice tunB = Netns.call(nsB, () -> LinuxTunDevice.open(new TunConfig("tiobB", b, 7, MTU)));
                start(() -> forwardDevice(tunA, tunB, position));
                start(() -> forwardDevice(tunB, tunA, position));
            }
            case "vnet", "vnet-nogro" -> {
                boolean gro = mode.equals("vnet");
                int fdA = Netns.call(nsA, () -> openRaw("tiobA", a, 1, true)[0]);
                int fdB = Netns.call(nsB, () -> openRaw("tiobB", b, 1, true)[0]);
                start(() -> forwardVnet(fdA, fdB, gro));
                start(() -> forwardVnet(fdB, fdA, gro));
            }
            default -> {
                if (!mode.startsWith("mq:")) {
                    throw new IllegalArgumentException("unknown mode " + mode);
                }
                int queues = Integer.parseInt(mode.substring(3));
                int[] fdsA = Netns.call(nsA, () -> openRaw("tiobA", a, queues, false));
                int[] fdsB = Netns.call(nsB, () -> openRaw("tiobB", b, queues, false));
                for (int q = 0; q < queues; q++) {
                    int fa = fdsA[q];
                    int fb = fdsB[q];
                    start(() -> forwardRaw(fa, fb));
                    start(() -> forwardRaw(fb, fa));
                }
            }
        }
        System.out.println("READY");
        System.out.flush();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void report() {
        System.out.printf("reads %d packets %d writes %d bytes %d failed-writes %d%n", reads.get(), packets.get(),
                writes.get(), bytes.get(), failedWrites.get());
        System.out.flush();
    }

    private void start(ThrowingRunnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "fwd-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The production device: read one, write one. Counters are batched to keep them out of the measurement. */
    private void forwardDevice(LinuxTunDevice from, LinuxTunDevice to, int position) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(position + MTU);
        long n = 0;
        long total = 0;
        while (true) {
            buf.clear().position(position);
            int len = from.read(buf);
            if (len < 0) {
                return;
            }
            buf.flip().position(position);
            to.write(buf);
            total += len;
            if (++n == 1024) {
                flushCounters(n, n, n, total);
                n = 0;
                total = 0;
            }
        }
    }

    /** The production offload device, in batches of up to 64 packets or one packet at a time. */
    private void forwardOffload(LinuxOffloadTunDevice from, LinuxOffloadTunDevice to, boolean batch)
            throws IOException {
        ByteBuffer[] bufs = new ByteBuffer[batch ? MAX_SEGMENTS : 1];
        for (int i = 0; i < bufs.length; i++) {
            bufs[i] = ByteBuffer.allocateDirect(MTU);
        }
        long nReads = 0;
        long nPackets = 0;
        long total = 0;
        long coalescedBefore = to.coalescedWrites();
        while (true) {
            int n;
            if (batch) {
                for (ByteBuffer buf : bufs) {
                    buf.clear();
                }
                n = from.readPackets(bufs);
            } else {
                n = from.read(bufs[0].clear()) < 0 ? -1 : 1;
            }
            if (n < 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                total += bufs[i].flip().remaining();
            }
            if (batch) {
                to.writePackets(bufs, n);
            } else {
                to.write(bufs[0]);
            }
            nReads++;
            nPackets += n;
            if (nReads >= 256) {
                long coalesced = to.coalescedWrites(); // both directions' threads write to different devices
                flushCounters(nReads, nPackets, nPackets - (coalesced - coalescedBefore), total);
                coalescedBefore = coalesced;
                nReads = 0;
                nPackets = 0;
                total = 0;
            }
        }
    }

    /** ns per read(2) on an empty non-blocking TUN: what each way of calling adds to the same syscall. */
    private static void callCosts(byte[] address) throws Exception {
        int calls = 2_000_000;
        ByteBuffer buf = ByteBuffer.allocateDirect(MTU);
        long addr = com.sun.jna.Pointer.nativeValue(Native.getDirectBufferPointer(buf));
        int fd = openRaw("tiobC", address, 1, false)[0];
        java.nio.channels.FileChannel channel = fileChannelTun("tiobF");
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                LibC.read(fd, buf, MTU);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                LibC.read(fd, addr, MTU);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                LibC.read(fd, com.sun.jna.Pointer.nativeValue(Native.getDirectBufferPointer(buf)), MTU);
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                channel.read(buf.clear());
            }
            long t4 = System.nanoTime();
            System.out.printf("round %d: ns/call  jna-buffer %.0f  jna-long %.0f  jna-pointer-per-call %.0f"
                    + "  filechannel %.0f%n", round, (t1 - t0) / (double) calls, (t2 - t1) / (double) calls,
                    (t3 - t2) / (double) calls, (t4 - t3) / (double) calls);
        }
    }

    /** A JDK FileChannel on /dev/net/tun, attached with TUNSETIFF through its descriptor (needs --add-opens). */
    private static java.nio.channels.FileChannel fileChannelTun(String name) throws Exception {
        java.io.RandomAccessFile file = new java.io.RandomAccessFile(TunFile.CLONE_DEVICE, "rw");
        java.lang.reflect.Field fdField = java.io.FileDescriptor.class.getDeclaredField("fd");
        fdField.setAccessible(true);
        int fd = fdField.getInt(file.getFD());
        Ifreq ifr = new Ifreq(name).flags(TunFile.IFF_TUN | TunFile.IFF_NO_PI);
        if (LibC.ioctl(fd, TunFile.TUNSETIFF, ifr.memory) < 0) {
            throw new IOException("TUNSETIFF: " + LibC.describe(Native.getLastError()));
        }
        // non-blocking, like the JNA descriptors, so that an empty read returns at once: fcntl(F_SETFL)
        NativeFcntl.setNonBlocking(fd);
        return file.getChannel();
    }

    /** fcntl(2) for the FileChannel comparison only. */
    private static final class NativeFcntl {
        static {
            Native.register(NativeFcntl.class, com.sun.jna.Platform.C_LIBRARY_NAME);
        }

        static native int fcntl(int fd, int cmd, long arg);

        static void setNonBlocking(int fd) {
            int flags = fcntl(fd, 3 /* F_GETFL */, 0);
            fcntl(fd, 4 /* F_SETFL */, flags | LibC.O_NONBLOCK);
        }
    }

    /** Multi-queue: plain read/write on one queue's descriptor, polling when it is empty. */
    private void forwardRaw(int from, int to) {
        ByteBuffer buf = ByteBuffer.allocateDirect(MTU);
        Memory pollFd = new Memory(LibC.POLLFD_SIZE);
        long n = 0;
        long total = 0;
        while (true) {
            long len = LibC.read(from, buf, MTU);
            if (len < 0) {
                awaitReadable(pollFd, from);
                continue;
            }
            if (LibC.write(to, buf, len) < 0) {
                writeFailed(Native.getLastError()); // dropped, like a full queue would
            }
            total += len;
            if (++n == 1024) {
                flushCounters(n, n, n, total);
                n = 0;
                total = 0;
            }
        }
    }

    /** Offload: one read may be a 64 KiB super-packet; split to MTU packets; coalesce again (or not) and write. */
    private void forwardVnet(int from, int to, boolean gro) {
        ByteBuffer in = ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + 65535 + 40);
        ByteBuffer[] segments = new ByteBuffer[MAX_SEGMENTS];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = ByteBuffer.allocateDirect(VirtioNetHeader.SIZE + MTU);
        }
        GsoSplitter splitter = new GsoSplitter();
        GroCoalescer coalescer = new GroCoalescer();
        Memory pollFd = new Memory(LibC.POLLFD_SIZE);
        long nReads = 0;
        long nPackets = 0;
        long nWrites = 0;
        long total = 0;
        while (true) {
            long len = LibC.read(from, in, in.capacity());
            if (len < 0) {
                awaitReadable(pollFd, from);
                continue;
            }
            int count = splitter.prepare(in, 0, (int) len - VirtioNetHeader.SIZE);
            if (count > MAX_SEGMENTS) {
                throw new IllegalStateException(count + " segments");
            }
            for (int i = 0; i < count; i++) {
                ByteBuffer segment = segments[i].clear().position(VirtioNetHeader.SIZE);
                total += splitter.copySegment(i, segment);
                segment.flip();
            }
            // --- here a node would encrypt and send each segment; the peer decrypts and then: ---
            if (gro) {
                for (int i = 0; i < count; i++) {
                    ByteBuffer s = segments[i];
                    int at = VirtioNetHeader.SIZE;
                    int segLen = s.limit() - at;
                    if (coalescer.pending() > 0 && coalescer.tryAppend(s, at, segLen)) {
                        continue;
                    }
                    if (coalescer.pending() > 0) {
                        writeFully(to, coalescer.finish());
                        nWrites++;
                    }
                    coalescer.start(s, at, segLen);
                }
                if (coalescer.pending() > 0) {
                    writeFully(to, coalescer.finish());
                    nWrites++;
                }
            } else {
                for (int i = 0; i < count; i++) {
                    VirtioNetHeader.putPlain(segments[i], 0);
                    writeFully(to, segments[i]);
                    nWrites++;
                }
            }
            nReads++;
            nPackets += count;
            if (nReads >= 256) {
                flushCounters(nReads, nPackets, nWrites, total);
                nReads = 0;
                nPackets = 0;
                nWrites = 0;
                total = 0;
            }
        }
    }

    private void writeFully(int fd, ByteBuffer buf) {
        if (LibC.write(fd, buf, buf.limit()) < 0) {
            writeFailed(Native.getLastError());
        }
    }

    private final AtomicLong failedWrites = new AtomicLong();

    /** Counts a refused write (the packet is lost) and tells the first one of each run. */
    private void writeFailed(int errno) {
        if (failedWrites.getAndIncrement() == 0) {
            System.err.println("first failed write: " + LibC.describe(errno));
        }
    }

    private void flushCounters(long r, long p, long w, long b) {
        reads.addAndGet(r);
        packets.addAndGet(p);
        writes.addAndGet(w);
        bytes.addAndGet(b);
    }

    private static void awaitReadable(Memory pollFd, int fd) {
        int errno = Native.getLastError();
        if (errno != LibC.EAGAIN && errno != LibC.EINTR) {
            throw new IllegalStateException("read: " + LibC.describe(errno));
        }
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        LibC.poll(pollFd, 1, 1000);
    }

    /** Opens {@code queues} descriptors of one interface (multi-queue when more than one) and configures it. */
    private static int[] openRaw(String name, byte[] address, int queues, boolean vnet) throws IOException {
        int flags = TunFile.IFF_TUN | TunFile.IFF_NO_PI;
        if (queues > 1) {
            flags |= TunFile.IFF_MULTI_QUEUE;
        }
        if (vnet) {
            flags |= TunFile.IFF_VNET_HDR;
        }
        int[] fds = new int[queues];
        for (int q = 0; q < queues; q++) {
            fds[q] = TunFile.open(new Ifreq(name), flags);
        }
        if (vnet) {
            int offload = Integer.getInteger("tiob.offloads", VirtioNetHeader.TUN_F_CSUM | VirtioNetHeader.TUN_F_TSO6);
            if (LibC.ioctl(fds[0], TunFile.TUNSETOFFLOAD, new com.sun.jna.Pointer(offload)) < 0) {
                throw new IOException("TUNSETOFFLOAD: " + LibC.describe(Native.getLastError()));
            }
        }
        try (LinkConfigurator link = new LinkConfigurator()) {
            link.setMtu(name, MTU);
            link.addAddress(name, address, 7);
            link.setUp(name);
        }
        return fds;
    }
}
