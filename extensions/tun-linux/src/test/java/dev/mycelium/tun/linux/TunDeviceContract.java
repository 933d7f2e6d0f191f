package dev.mycelium.tun.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every Linux TUN device must do, on real interfaces in the test's network namespace (CI runs as root), each
 * with a fresh random name {@code mtest<hex>}; closing the device removes the interface, and {@link #cleanUp}
 * deletes any that a failed test left behind. Skipped (not passed) without root.
 */
abstract class TunDeviceContract {

    static final int PREFIX = 7;
    static final int MTU = 1400;

    final LinuxTunBackend backend = new LinuxTunBackend();
    private final List<TunDevice> opened = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Opens the kind of device under test. */
    abstract TunDevice openDevice(TunConfig config) throws IOException;

    @BeforeEach
    void requireRoot() {
        assumeTrue(backend.availability().available(), () -> "TUN not usable here: "
                + backend.availability().reason());
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create TUN interfaces");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (TunDevice device : opened) {
            try {
                device.close();
            } catch (IOException e) {
                // close() of this device does not throw; the interface is checked below
            }
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        names.forEach(IpTool::deleteLinkIfPresent);
    }

    @Test
    void configuresNameAddressPrefixMtuAndLinkUp() throws Exception {
        byte[] address = overlayAddress();
        TunDevice device = open(uniqueName(), address);

        assertThat(device.mtu()).isEqualTo(MTU);
        JsonNode link = IpTool.addrShow(device.name());
        assertThat(link.get("ifname").asText()).isEqualTo(device.name());
        assertThat(link.get("mtu").asInt()).isEqualTo(MTU);
        assertThat(link.get("flags").toString()).contains("\"UP\"");
        JsonNode ours = null;
        for (JsonNode info : link.get("addr_info")) {
            if ("inet6".equals(info.get("family").asText())
                    && InetAddress.getByName(info.get("local").asText()).equals(InetAddress.getByAddress(address))) {
                ours = info;
            }
        }
        assertThat(ours).as("our address in %s", link).isNotNull();
        assertThat(ours.get("prefixlen").asInt()).isEqualTo(PREFIX);
        // A TUN is NOARP, so no duplicate address detection: the kernel's DAD work clears "tentative" at once,
        // but asynchronously; a real DAD would take at least a second (RetransTimer).
        await().atMost(Duration.ofMillis(900)).until(() -> !tentative(device.name(), address));

        // The /7 on-link prefix is what routes all of 400::/7 into the device (protocol.md 6.8).
        JsonNode routes = IpTool.json("-j", "-6", "route", "show", "dev", device.name());
        assertThat(routes.toString()).contains("\"dst\":\"400::/7\"");
    }

    @Test
    void kernelAnswersAnEchoRequestToTheDeviceAddress() throws Exception {
        byte[] address = overlayAddress();
        TunDevice device = openReady(uniqueName(), address);
        byte[] peer = address.clone();
        peer[15] ^= 1; // another host of the same /7, reached through the device
        byte[] payload = randomBytes(56);
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        BlockingQueue<Icmp6.Echo> echoes = startReader(device, 0);

        ByteBuffer out = ByteBuffer.allocateDirect(MTU);
        Icmp6.echo(out, Icmp6.ECHO_REQUEST, peer, address, id, 1, payload);
        out.flip();
        device.write(out);
        assertThat(out.hasRemaining()).isFalse();

        Icmp6.Echo reply = awaitReply(echoes, id);
        assertThat(reply.src()).isEqualTo(address);
        assertThat(reply.dst()).isEqualTo(peer);
        assertThat(reply.seq()).isEqualTo(1);
        assertThat(reply.payload()).isEqualTo(payload);
        assertThat(reply.checksumOk()).isTrue();
    }

    @Test
    void readsAndWritesAtANonZeroPositionLeaveTheBytesAroundUntouched() throws Exception {
        byte[] address = overlayAddress();
        TunDevice device = openReady(uniqueName(), address);
        byte[] peer = address.clone();
        peer[15] ^= 1;
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        int headroom = 44; // what a data plane keeps free for headers in front of the packet
        BlockingQueue<Icmp6.Echo> echoes = startReader(device, headroom);

        ByteBuffer out = ByteBuffer.allocateDirect(MTU + 20);
        for (int seq = 1; seq <= 3; seq++) { // the same buffer again: the cached-address path
            out.clear().position(20);
            Icmp6.echo(out, Icmp6.ECHO_REQUEST, peer, address, id, seq, randomBytes(100));
            out.flip().position(20);
            device.write(out);
            assertThat(out.position()).isEqualTo(out.limit());
            Icmp6.Echo reply = awaitReply(echoes, id);
            assertThat(reply.seq()).isEqualTo(seq);
            assertThat(reply.checksumOk()).isTrue();
        }
    }

    @Test
    void readAndWriteDoNotAllocatePerPacket() throws Exception {
        byte[] address = overlayAddress();
        TunDevice device = openReady(uniqueName(), address);
        byte[] peer = address.clone();
        peer[15] ^= 1;
        ByteBuffer request = ByteBuffer.allocateDirect(HEADROOM_FOR_ALLOCATION_TEST + MTU);
        request.position(HEADROOM_FOR_ALLOCATION_TEST);
        Icmp6.echo(request, Icmp6.ECHO_REQUEST, peer, address, 7, 1, randomBytes(64));
        request.flip();
        ByteBuffer atZero = ByteBuffer.allocateDirect(MTU);
        ByteBuffer withHeadroom = ByteBuffer.allocateDirect(HEADROOM_FOR_ALLOCATION_TEST + MTU);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        pingPong(device, request, atZero, withHeadroom, 5_000); // warm-up: JIT, JNA and thread-local set-up
        long before = threads.getThreadAllocatedBytes(thread);
        int rounds = 10_000;
        pingPong(device, request, atZero, withHeadroom, rounds);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated over %d writes and reads", rounds).isLessThan(rounds / 4);
    }

    private static final int HEADROOM_FOR_ALLOCATION_TEST = 44;

    /** Writes the request and reads one packet back (the reply, or a kernel packet), alternating positions. */
    private static void pingPong(TunDevice device, ByteBuffer request, ByteBuffer atZero, ByteBuffer withHeadroom,
                                 int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            request.position(HEADROOM_FOR_ALLOCATION_TEST);
            device.write(request);
            ByteBuffer into = (i & 1) == 0 ? atZero.clear()
                    : withHeadroom.clear().position(HEADROOM_FOR_ALLOCATION_TEST);
            if (device.read(into) <= 0) { // no assertion object per round: it would be counted
                throw new AssertionError("read returned nothing");
            }
        }
    }

    @Test
    void closeWakesABlockedReaderWhichThenReturnsMinusOne() throws Exception {
        TunDevice device = open(uniqueName(), overlayAddress());
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = start(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(MTU);
            try {
                int n;
                do { // the kernel may send its own packets (router solicitations) first
                    buf.clear();
                    n = device.read(buf);
                } while (n >= 0);
                result.set(n);
            } catch (Throwable e) {
                result.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> blockedInPoll(reader));
        device.close();

        reader.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(reader.isAlive()).as("reader woken by close").isFalse();
        assertThat(result.get()).isEqualTo(-1);
        assertThat(device.read(ByteBuffer.allocateDirect(MTU))).isEqualTo(-1);
        ByteBuffer packet = ByteBuffer.allocateDirect(64);
        assertThatThrownBy(() -> device.write(packet)).isInstanceOf(ClosedChannelException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !IpTool.linkExists(device.name()));
    }

    @Test
    void tooLongNameIsAClearError() {
        String name = "mycelium-too-long-name";
        assertThatThrownBy(() -> open(name, overlayAddress()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("too long")
                .hasMessageContaining("15");
        assertThatThrownBy(() -> open("bad/name", overlayAddress()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad/name");
    }

    @Test
    void secondDeviceWithTheSameNameIsRefusedWithTheReason() throws Exception {
        String name = uniqueName();
        open(name, overlayAddress());
        assertThatThrownBy(() -> open(name, overlayAddress()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("EBUSY");
        assertThat(IpTool.linkExists(name)).as("the first device is unharmed").isTrue();
    }

    @Test
    void heapBuffersAndShortBuffersAreRejected() throws Exception {
        TunDevice device = open(uniqueName(), overlayAddress());
        assertThatThrownBy(() -> device.read(ByteBuffer.allocate(MTU)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct");
        assertThatThrownBy(() -> device.read(ByteBuffer.allocateDirect(MTU - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MTU");
        assertThatThrownBy(() -> device.write(ByteBuffer.allocate(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct");
    }

    TunDevice open(String name, byte[] address) throws IOException {
        names.add(name);
        TunDevice device = openDevice(new TunConfig(name, address, PREFIX, MTU));
        opened.add(device);
        return device;
    }

    /** Opens and waits until the kernel has finished with the new address: packets to a tentative one are lost. */
    TunDevice openReady(String name, byte[] address) throws IOException {
        TunDevice device = open(name, address);
        await().atMost(Duration.ofSeconds(5)).until(() -> !tentative(device.name(), address));
        return device;
    }

    /** A background reader that decodes every echo packet it reads (at {@code position}) into the queue. */
    BlockingQueue<Icmp6.Echo> startReader(TunDevice device, int position) {
        BlockingQueue<Icmp6.Echo> echoes = new LinkedBlockingQueue<>();
        start(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(position + MTU);
            try {
                while (true) {
                    buf.clear().position(position);
                    int n = device.read(buf);
                    if (n < 0) {
                        return;
                    }
                    assertThat(buf.position()).isEqualTo(position + n);
                    Icmp6.Echo echo = Icmp6.parseEcho(buf, position, n);
                    if (echo != null) {
                        echoes.add(echo);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return echoes;
    }

    static boolean tentative(String name, byte[] address) throws Exception {
        for (JsonNode info : IpTool.addrShow(name).get("addr_info")) {
            if (InetAddress.getByName(info.get("local").asText()).equals(InetAddress.getByAddress(address))) {
                return info.has("tentative");
            }
        }
        throw new AssertionError("address gone from " + name);
    }

    /** A thread in a native call shows RUNNABLE, so look for the poll frame on its stack. */
    private static boolean blockedInPoll(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(LibC.class.getName()) && frame.getMethodName().equals("poll")) {
                return true;
            }
        }
        return false;
    }

    static Icmp6.Echo awaitReply(BlockingQueue<Icmp6.Echo> echoes, int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Icmp6.Echo echo = echoes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (echo != null && echo.type() == Icmp6.ECHO_REPLY && echo.id() == id) {
                return echo;
            }
        }
        throw new AssertionError("no echo reply with id " + id + " within 5 s");
    }

    Thread start(Runnable body) {
        Thread thread = new Thread(body, "tun-test-reader");
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    static String uniqueName() {
        return "mtest" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 28, Integer.MAX_VALUE));
    }

    /** A random address in 400::/7, as a node's overlay address is. */
    static byte[] overlayAddress() {
        byte[] address = randomBytes(16);
        address[0] = (byte) (0x04 | (address[0] & 1));
        return address;
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
