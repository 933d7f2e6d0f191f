package dev.mycelium.tun.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.spi.tun.TunBatchIo;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offload device passes the whole device contract, and more: batches, and real kernel TCP through two of them
 * in two fresh network namespaces joined by a forwarder, which exercises segmentation (TSO reads) and coalescing
 * (GRO writes) against the kernel's own checks, byte for byte.
 */
class LinuxOffloadTunDeviceTest extends TunDeviceContract {

    private final List<String> namespaces = new ArrayList<>();
    private final List<TunDevice> inNamespaces = new ArrayList<>();

    @Override
    TunDevice openDevice(TunConfig config) throws IOException {
        LinuxOffloadTunDevice device = LinuxOffloadTunDevice.openOrNull(config);
        assumeThat(device).as("kernel without TUN offload").isNotNull();
        return device;
    }

    @AfterEach
    void deleteNamespaces() throws InterruptedException {
        for (TunDevice device : inNamespaces) {
            try {
                device.close();
            } catch (IOException e) {
                // does not throw
            }
        }
        for (String ns : namespaces) {
            try {
                IpTool.run("netns", "del", ns);
            } catch (IOException e) {
                // nothing to delete without ip
            }
        }
    }

    @Test
    void backendOpensTheOffloadDeviceByDefault() throws Exception {
        String name = uniqueName();
        names.add(name);
        try (TunDevice device = backend.open(new TunConfig(name, overlayAddress(), PREFIX, MTU))) {
            assertThat(device).isInstanceOf(LinuxOffloadTunDevice.class).isInstanceOf(TunBatchIo.class);
        }
    }

    @Test
    void echoThroughTheBatchCalls() throws Exception {
        byte[] address = overlayAddress();
        TunBatchIo device = (TunBatchIo) openReady(uniqueName(), address);
        byte[] peer = address.clone();
        peer[15] ^= 1;
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        ByteBuffer[] out = new ByteBuffer[3];
        for (int i = 0; i < out.length; i++) {
            out[i] = ByteBuffer.allocateDirect(MTU);
            Icmp6.echo(out[i], Icmp6.ECHO_REQUEST, peer, address, id, i + 1, randomBytes(32));
            out[i].flip();
        }
        device.writePackets(out, out.length);
        assertThat(out).allMatch(b -> !b.hasRemaining());

        ByteBuffer[] in = new ByteBuffer[64];
        for (int i = 0; i < in.length; i++) {
            in[i] = ByteBuffer.allocateDirect(MTU);
        }
        List<Integer> replies = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (replies.size() < 3 && System.nanoTime() < deadline) {
            for (ByteBuffer b : in) {
                b.clear();
            }
            int n = device.readPackets(in); // the kernel answers at once, so this does not block for long
            assertThat(n).isBetween(1, in.length);
            for (int i = 0; i < n; i++) {
                Icmp6.Echo echo = Icmp6.parseEcho(in[i], 0, in[i].position());
                if (echo != null && echo.type() == Icmp6.ECHO_REPLY && echo.id() == id) {
                    assertThat(echo.checksumOk()).isTrue();
                    replies.add(echo.seq());
                }
            }
        }
        assertThat(replies).containsExactly(1, 2, 3);
    }

    @Test
    void batchCallsDoNotAllocatePerPacket() throws Exception {
        byte[] address = overlayAddress();
        TunBatchIo device = (TunBatchIo) openReady(uniqueName(), address);
        byte[] peer = address.clone();
        peer[15] ^= 1;
        ByteBuffer[] out = {ByteBuffer.allocateDirect(MTU)};
        Icmp6.echo(out[0], Icmp6.ECHO_REQUEST, peer, address, 9, 1, randomBytes(64));
        out[0].flip();
        ByteBuffer[] in = new ByteBuffer[8];
        for (int i = 0; i < in.length; i++) {
            in[i] = ByteBuffer.allocateDirect(MTU);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        batchPingPong(device, out, in, 5_000);
        long before = threads.getThreadAllocatedBytes(thread);
        int rounds = 10_000;
        batchPingPong(device, out, in, rounds);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated over %d batch writes and reads", rounds).isLessThan(rounds / 4);
    }

    private static void batchPingPong(TunBatchIo device, ByteBuffer[] out, ByteBuffer[] in, int rounds)
            throws IOException {
        for (int i = 0; i < rounds; i++) {
            out[0].position(0);
            device.writePackets(out, 1);
            for (ByteBuffer b : in) {
                b.clear();
            }
            if (device.readPackets(in) <= 0) { // no assertion object per round: it would be counted
                throw new AssertionError("read returned nothing");
            }
        }
    }

    private String nsA;
    private String nsB;
    private final byte[] a = address("400::a");
    private final byte[] b = address("400::b");
    private LinuxOffloadTunDevice tunA;
    private LinuxOffloadTunDevice tunB;

    /** Namespaces A and B, an offload device in each, and a forwarder in between (a node minus crypto). */
    private void joinTwoNamespaces() throws IOException, InterruptedException {
        nsA = "mtest" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, 1 << 28)) + "a";
        nsB = nsA.substring(0, nsA.length() - 1) + "b";
        for (String ns : List.of(nsA, nsB)) {
            assertThat(IpTool.run("netns", "add", ns).exitCode()).isZero();
            namespaces.add(ns);
        }
        tunA = Netns.call(nsA, () -> LinuxOffloadTunDevice.openOrNull(new TunConfig("tuna", a, PREFIX, MTU)));
        assumeThat(tunA).as("kernel without TUN offload").isNotNull();
        inNamespaces.add(tunA);
        tunB = Netns.call(nsB, () -> LinuxOffloadTunDevice.openOrNull(new TunConfig("tunb", b, PREFIX, MTU)));
        inNamespaces.add(tunB);
        LinuxOffloadTunDevice from = tunA;
        LinuxOffloadTunDevice to = tunB;
        start(() -> forward(from, to));
        start(() -> forward(to, from));
        await().atMost(Duration.ofSeconds(5)).until(() -> !tentativeIn(nsA, "tuna") && !tentativeIn(nsB, "tunb"));
    }

    private static boolean tentativeIn(String ns, String device) throws IOException, InterruptedException {
        return IpTool.json("-n", ns, "-j", "addr", "show", "dev", device).toString().contains("tentative");
    }

    private static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void udpSentWithUdpSegmentArrivesAsTheSameDatagrams() throws Exception {
        joinTwoNamespaces();
        DatagramChannel receiver = Netns.call(nsB, () -> DatagramChannel.open(StandardProtocolFamily.INET6)
                .bind(new InetSocketAddress(InetAddress.getByAddress(b), 0)));
        int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
        int segment = 1200;
        byte[] data = new byte[segment * 20 + 345];
        new Random(7).nextBytes(data);
        Netns.call(nsA, () -> {
            UdpGso.send(b, port, data, segment); // one sendto: the kernel makes it one USO super-packet
            return null;
        });
        ByteBuffer got = ByteBuffer.allocate(2048);
        List<byte[]> datagrams = new ArrayList<>();
        CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> {
            try {
                while (datagrams.size() < 21) {
                    receiver.receive(got.clear());
                    datagrams.add(java.util.Arrays.copyOf(got.array(), got.position()));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            receiving.get(10, TimeUnit.SECONDS);
        } finally {
            receiver.close();
        }
        assertThat(datagrams).hasSize(21);
        for (int i = 0; i < 21; i++) {
            assertThat(datagrams.get(i)).as("datagram %d", i).isEqualTo(
                    java.util.Arrays.copyOfRange(data, i * segment, Math.min(data.length, (i + 1) * segment)));
        }
        if (tunA.udpOffload()) {
            assertThat(tunA.superPacketsRead()).as("USO super-packets read from A").isPositive();
        }
        assertThat(tunA.droppedReads() + tunB.droppedReads()).isZero();
    }

    @Test
    void kernelTcpCrossesTwoOffloadDevicesIntactWithSegmentationAndCoalescing() throws Exception {
        joinTwoNamespaces();

        byte[] data = new byte[8 << 20];
        new Random(42).nextBytes(data);
        ServerSocketChannel server = Netns.call(nsB, () -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getByAddress(b), 0)));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> receiveDigest(server));
        try (SocketChannel client = Netns.call(nsA, () -> SocketChannel.open(
                new InetSocketAddress(InetAddress.getByAddress(b), port)))) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                client.write(buf);
            }
        }
        assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        server.close();

        assertThat(tunA.superPacketsRead()).as("TSO super-packets read from A").isPositive();
        assertThat(tunB.coalescedWrites()).as("segments coalesced into B").isPositive();
        assertThat(tunA.droppedReads() + tunB.droppedReads()).isZero();
        assertThat(tunA.rejectedWrites() + tunB.rejectedWrites()).isZero();
    }

    private static byte[] receiveDigest(ServerSocketChannel server) {
        try (SocketChannel peer = server.accept()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            while (peer.read(buf.clear()) >= 0) {
                sha.update(buf.flip());
            }
            return sha.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node's two TUN halves with nothing in between: batches read from one device written to the other. */
    private static void forward(LinuxOffloadTunDevice from, LinuxOffloadTunDevice to) {
        ByteBuffer[] batch = new ByteBuffer[64];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = ByteBuffer.allocateDirect(MTU);
        }
        try {
            while (true) {
                for (ByteBuffer buf : batch) {
                    buf.clear();
                }
                int n = from.readPackets(batch);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    batch[i].flip();
                }
                to.writePackets(batch, n);
            }
        } catch (IOException e) {
            if (!e.getClass().getSimpleName().equals("ClosedChannelException")) {
                throw new IllegalStateException(e);
            }
        }
    }
}
