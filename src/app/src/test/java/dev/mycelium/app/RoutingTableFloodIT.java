package dev.mycelium.app;

import static dev.mycelium.app.LocalNode.LAUNCHER;
import static dev.mycelium.app.LocalNode.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mycelium.core.crypto.OverlayAddress;
import dev.mycelium.core.crypto.PublicKey;
import dev.mycelium.core.router.RouterLimits;
import dev.mycelium.core.wire.ControlPacketCodec;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that misbehave at scale, against one node on the launcher's default heap (256 MiB):
 * <ul>
 * <li>one announces far more subnets than the node can hold: the node fills its routing table to the bound scaled to
 * that heap ({@link RouterLimits#MAX_SUBNETS}) and keeps running, instead of filling the heap until the JVM gives
 * up;</li>
 * <li>one reads nothing (a tiny receive window), so the node's Updates for it pile up: once its link has refused
 * every write for 30 s the node closes it, while the other peer stays connected.</li>
 * </ul>
 * The peers speak the wire protocol from plain sockets: a Mycelium-style Hello and an IHU every second (so they stay
 * live neighbours), and Updates for the /64s of as many made-up keys.
 */
class RoutingTableFloodIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The launcher's -Xmx. */
    private static final long NODE_HEAP = 256L << 20;
    /** Distinct subnets announced: several times the bound, and more than the old unscaled bound would fit. */
    private static final int ANNOUNCED = 400_000;
    private static final int CHUNK = 10_000;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFloodOfSubnetsFillsTheTableToItsBoundAndAPeerThatReadsNothingIsDisconnected() throws Exception {
        int api = freePort();
        int tcp = freePort();
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "-k", dir.resolve("key.bin").toString(),
                "--api-addr", "127.0.0.1:" + api, "-t", Integer.toString(tcp), "--no-tun", "--disable-quic",
                "--disable-peer-discovery").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().remove("MYCELIUM_JAVA_OPTS"); // the launcher's default heap is what this is about
        Process node = pb.start();
        try {
            await().atMost(DEADLINE).until(() -> status(api) == 200);
            // A second peer that reads nothing, with a tiny receive window: the node's Updates for it pile up.
            Socket silent = new Socket();
            silent.setReceiveBufferSize(4096);
            silent.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp));
            AtomicLong silentWriteFailedAt = new AtomicLong();
            OutputStream silentOut = silent.getOutputStream();
            daemon(() -> keepAlive(silentOut, silentWriteFailedAt));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                Thread drain = daemon(() -> discard(s));
                AtomicLong floodWriteFailedAt = new AtomicLong();
                Thread keepAlive = daemon(() -> keepAlive(out, floodWriteFailedAt));
                byte[][] keys = new byte[ANNOUNCED][];
                for (int i = 0; i < ANNOUNCED; i++) {
                    keys[i] = randomBytes(32); // a node of its own: Updates must come from the subnet's key (5.4)
                }
                long floodStarted = System.nanoTime();
                for (int seqno = 1; seqno <= 2; seqno++) { // a second round moves every metric: triggered Updates
                    announce(out, keys, seqno, 10 * seqno, node);
                }
                // The node's own bound: its heap as the JVM reports it may fall a little short of -Xmx (a collector
                // may keep a survivor space out of it), so the bound is read back, and checked against the cap.
                int bound = get(api, "/api/v1/admin/stats/counters").get("bounds").get("maxSubnets").asInt();
                assertThat(bound).isBetween(RouterLimits.scaledToHeap(500_000, NODE_HEAP) * 95 / 100,
                        RouterLimits.scaledToHeap(500_000, NODE_HEAP));
                AtomicInteger count = new AtomicInteger();
                await("table at its bound").atMost(DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    assertThat(node.isAlive()).as(log()).isTrue();
                    count.set(selectedRoutes(api));
                    System.out.println("flood: selected routes " + count.get());
                    return count.get() >= bound * 99 / 100;
                });
                Thread.sleep(1_000);
                assertThat(selectedRoutes(api)).as("no more than the bound").isBetween(bound * 99 / 100, bound);
                assertThat(status(api)).isEqualTo(200);
                assertThat(Files.readString(dir.resolve("log.txt"))).as("the operator is told")
                        .contains("routing table full at " + bound + " subnets");
                assertThat(get(api, "/api/v1/admin/stats/counters").get("router").get("routingTableFull").asLong())
                        .as("subnets refused").isPositive();
                long rssMiB = rssKiB(node.pid()) / 1024;
                System.out.printf("flood: %d subnets announced, %d in the table (bound %d), node RSS %d MiB%n",
                        ANNOUNCED, selectedRoutes(api), bound, rssMiB);

                await("the silent peer disconnected").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> silentWriteFailedAt.get() != 0);
                System.out.printf("flood: the peer that reads nothing was disconnected %d s after the flood began%n",
                        (silentWriteFailedAt.get() - floodStarted) / 1_000_000_000L);
                assertThat(Files.readString(dir.resolve("log.txt"))).as("closed as a stuck link, not for liveness")
                        .contains("it has refused every write for");
                assertThat(floodWriteFailedAt.get()).as("the reading peer stays connected").isZero();
                assertThat(status(api)).isEqualTo(200);
                keepAlive.interrupt();
                drain.interrupt();
            } finally {
                silent.close();
            }
            assertThat(node.isAlive()).as(log()).isTrue();
        } finally {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    /** Updates for the /64s of {@code keys}, in chunks the router's inbox can take (an overfull inbox drops some). */
    private void announce(OutputStream out, byte[][] keys, int seqno, int metric, Process node) throws Exception {
        for (int sent = 0; sent < keys.length; sent += CHUNK) {
            ByteBuf buf = Unpooled.buffer(CHUNK * 80);
            for (int i = sent; i < Math.min(keys.length, sent + CHUNK); i++) {
                Subnet subnet = OverlayAddress.of(PublicKey.of(keys[i])).nodeSubnet();
                ControlPacketCodec.encode(new Update(0, 30_000, seqno, metric, subnet, RouterId.fresh(keys[i])), buf);
            }
            write(out, buf);
            Thread.sleep(200);
            assertThat(node.isAlive()).as("node alive after %d Updates\n%s", sent + CHUNK, log()).isTrue();
        }
    }

    /**
     * A Mycelium-style Hello (20 s interval) and an IHU every second, so the node keeps us as a live neighbour;
     * the time of the first failed write (the node closed the connection) goes to {@code failedAt}.
     */
    private static void keepAlive(OutputStream out, AtomicLong failedAt) {
        int seqno = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ByteBuf buf = Unpooled.buffer(64);
                ControlPacketCodec.encode(new Hello(0, seqno++ & 0xFFFF, 2_000), buf);
                ControlPacketCodec.encode(new Ihu(96, 2_000, null), buf);
                write(out, buf);
                Thread.sleep(1_000);
            }
        } catch (IOException e) {
            failedAt.compareAndSet(0, System.nanoTime());
        } catch (InterruptedException e) {
            // test over
        }
    }

    private static void write(OutputStream out, ByteBuf buf) throws IOException {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        synchronized (out) { // whole packets only: the flood and the keep-alive share the stream
            out.write(bytes);
            out.flush();
        }
    }

    private static void discard(Socket s) {
        byte[] sink = new byte[8192];
        try (InputStream in = s.getInputStream()) {
            while (in.read(sink) >= 0) {
                // the node's Hellos, IHUs and Updates: not needed here, but read so its link never fills
            }
        } catch (IOException e) {
            // closed
        }
    }

    private int selectedRoutes(int api) throws Exception {
        return get(api, "/api/v1/admin/routes/selected").size();
    }

    private JsonNode get(int api, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private int status(int api) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/api/v1/admin")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("log.txt"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

}
