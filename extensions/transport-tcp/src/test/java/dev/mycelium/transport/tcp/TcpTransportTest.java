package dev.mycelium.transport.tcp;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.transport.PeerLink;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TCP transport over real loopback sockets, IPv4 and IPv6. */
class TcpTransportTest {

    private static Vertx vertx;
    private static TcpTransport transport;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final BlockingQueue<PeerLink> accepted = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startVertx() {
        LeakCheck.install();
        vertx = Vertx.vertx();
        transport = new TcpTransport(vertx);
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        for (PeerLink l : accepted) {
            l.close();
        }
        LeakCheck.assertNoneReported();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void bytesFlowBothWaysAndEachSideSeesOneClose(String host) throws Exception {
        Listener listener = listen(host);
        PeerLink client = dial(listener.localAddress());
        PeerLink server = acceptOne();
        Recorder atClient = new Recorder();
        Recorder atServer = new Recorder();
        client.start(atClient);
        server.start(atServer);

        assertThat(client.write(text("ping"))).isTrue();
        client.flush();
        await().atMost(5, SECONDS).until(() -> atServer.size() == 4);
        server.write(text("pong!"));
        server.flush();
        await().atMost(5, SECONDS).until(() -> atClient.size() == 5);
        assertThat(new String(atServer.bytes(), StandardCharsets.US_ASCII)).isEqualTo("ping");
        assertThat(new String(atClient.bytes(), StandardCharsets.US_ASCII)).isEqualTo("pong!");

        assertThat(client.scheme()).isEqualTo("tcp");
        assertThat(client.localAddress()).isEqualTo(server.remoteAddress());
        assertThat(client.remoteAddress()).isEqualTo(server.localAddress());
        String hostText = host.contains(":") ? "[" + host + "]" : host;
        assertThat(client.connectionId()).isEqualTo("TCP " + hostText + ":" + client.localAddress().getPort()
                + " <-> " + hostText + ":" + listener.localAddress().getPort());
        assertThat(server.connectionId()).isEqualTo("TCP " + hostText + ":" + listener.localAddress().getPort()
                + " <-> " + hostText + ":" + client.localAddress().getPort());

        client.close();
        await().atMost(5, SECONDS).until(() -> atClient.closed() && atServer.closed());
        assertThat(atClient.cause).isNull();
        assertThat(atServer.cause).as("orderly end of stream").isNull();
        assertThat(client.write(text("late"))).as("write after close").isFalse();
        assertThat(client.isWritable()).isFalse();
        client.close();
        server.close();
        await().during(200, TimeUnit.MILLISECONDS).atMost(2, SECONDS)
                .until(() -> atClient.closes.get() == 1 && atServer.closes.get() == 1);
    }

    @Test
    void ipv4PeerOfADualStackListenerIsPrintedAsMyceliumPrintsIt() throws Exception {
        Listener listener = listen("::");
        int port = listener.localAddress().getPort();
        PeerLink client = dial(new InetSocketAddress("127.0.0.1", port));
        PeerLink server = acceptOne();
        assertThat(server.remoteAddress().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(server.connectionId()).isEqualTo("TCP [::ffff:127.0.0.1]:" + port + " <-> [::ffff:127.0.0.1]:"
                + client.localAddress().getPort());
        assertThat(client.connectionId()).isEqualTo("TCP 127.0.0.1:" + client.localAddress().getPort()
                + " <-> 127.0.0.1:" + port);
        assertThat(transport.staticLinkCost(server.remoteAddress())).isEqualTo(15);
    }

    @Test
    void staticCostFollowsTheAddressFamily() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 1;
        mapped[15] = 4;
        assertThat(transport.staticLinkCost(new InetSocketAddress("1.2.3.4", 9651))).isEqualTo(15);
        assertThat(transport.staticLinkCost(
                new InetSocketAddress(Inet6Address.getByAddress(null, mapped, -1), 9651))).isEqualTo(15);
        assertThat(transport.staticLinkCost(new InetSocketAddress("2001:db8::1", 9651))).isEqualTo(10);
        assertThat(transport.staticLinkCost(new InetSocketAddress("::1", 9651))).isEqualTo(10);
        assertThat(transport.scheme()).isEqualTo("tcp");
    }

    @Test
    void oneFlushSendsAWholeBurstInOneEventLoopTask() throws Exception {
        Listener listener = listen("127.0.0.1");
        TcpLink client = (TcpLink) dial(listener.localAddress());
        PeerLink server = acceptOne();
        Recorder atServer = new Recorder();
        server.start(atServer);
        client.start(new Recorder());
        for (int i = 0; i < 100; i++) {
            assertThat(client.write(Unpooled.buffer(100).writeZero(100))).isTrue();
        }
        client.flush();
        await().atMost(5, SECONDS).until(() -> atServer.size() == 10_000);
        assertThat(client.drains()).isEqualTo(1);
    }

    @Test
    void largeBurstsFromSeveralThreadsArriveWholeAndInOrder() throws Exception {
        Listener listener = listen("::1");
        PeerLink client = dial(listener.localAddress());
        PeerLink server = acceptOne();
        Recorder atServer = new Recorder();
        server.start(atServer);
        client.start(new Recorder());
        int writers = 4;
        int records = 20_000;
        int recordSize = 200;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(CompletableFuture.runAsync(() -> {
                for (int seq = 0; seq < records; seq++) {
                    ByteBuf r = Unpooled.directBuffer(recordSize);
                    r.writeInt(writer).writeInt(seq).writeZero(recordSize - 8);
                    while (!client.isWritable()) {
                        Thread.onSpinWait(); // back-pressure as the peer would apply it
                    }
                    if (!client.write(r)) {
                        throw new AssertionError("write refused at " + seq);
                    }
                    client.flush();
                }
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, SECONDS);
        long total = (long) writers * records * recordSize;
        await().atMost(60, SECONDS).until(() -> atServer.size() == total);

        ByteBuffer stream = ByteBuffer.wrap(atServer.bytes());
        int[] next = new int[writers];
        while (stream.hasRemaining()) {
            int writer = stream.getInt();
            int seq = stream.getInt();
            assertThat(seq).as("record of writer %d", writer).isEqualTo(next[writer]);
            next[writer]++;
            for (int i = 8; i < recordSize; i++) {
                assertThat(stream.get()).isZero();
            }
        }
        assertThat(next).containsOnly(records);
        assertThat(((TcpLink) client).drains()).as("flushes were coalesced").isLessThan((long) writers * records);
    }

    @Test
    void peerResetIsReportedWithItsCause() throws Exception {
        Listener listener = listen("127.0.0.1");
        Socket raw = new Socket();
        cleanup.add(raw);
        raw.connect(listener.localAddress());
        PeerLink server = acceptOne();
        Recorder atServer = new Recorder();
        server.start(atServer);
        raw.getOutputStream().write(new byte[] {1, 2, 3});
        await().atMost(5, SECONDS).until(() -> atServer.size() == 3);
        raw.setSoLinger(true, 0);
        raw.close(); // RST instead of FIN
        await().atMost(5, SECONDS).until(atServer::closed);
        assertThat(atServer.cause).isInstanceOf(IOException.class);
        assertThat(server.write(text("x"))).isFalse();
    }

    @Test
    void aPeerThatStopsReadingMakesTheLinkUnwritableThenExcessWritesAreDropped() throws Exception {
        Listener listener = listen("127.0.0.1");
        Socket raw = new Socket();
        cleanup.add(raw);
        raw.setReceiveBufferSize(64 * 1024);
        raw.connect(listener.localAddress());
        TcpLink server = (TcpLink) acceptOne();
        Recorder atServer = new Recorder();
        server.start(atServer);

        int chunk = 64 * 1024;
        long limit = 256L * 1024 * 1024;
        long written = 0;
        while (server.write(Unpooled.directBuffer(chunk).writeZero(chunk)) && written < limit) {
            written += chunk;
            server.flush();
        }
        assertThat(written).as("a non-reading peer must stop the link before %d bytes", limit).isLessThan(limit);
        assertThat(server.droppedWrites()).isEqualTo(1);
        assertThat(server.isWritable()).isFalse();
        assertThat(server.queuedBytes()).isLessThanOrEqualTo(TcpLimits.MAX_QUEUED_BYTES);

        server.close();
        await().atMost(5, SECONDS).until(atServer::closed);
        assertThat(atServer.cause).isNull();
        assertThat(server.queuedBytes()).as("queue released on close").isZero();
    }

    @Test
    void aRemoteCloseBeforeStartIsReportedOnStart() throws Exception {
        Listener listener = listen("127.0.0.1");
        PeerLink client = dial(listener.localAddress());
        PeerLink server = acceptOne();
        Recorder atClient = new Recorder();
        client.start(atClient);
        client.write(text("bye"));
        client.flush();
        client.close();
        await().atMost(5, SECONDS).until(atClient::closed);
        Recorder atServer = new Recorder();
        server.start(atServer);
        await().atMost(5, SECONDS).until(atServer::closed);
        assertThat(atServer.bytes()).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
        assertThat(atServer.closes.get()).isEqualTo(1);
    }

    @Test
    void dialingAClosedPortFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CompletableFuture<PeerLink> f = transport.dial(new InetSocketAddress("127.0.0.1", port)).toCompletableFuture();
        await().atMost(10, SECONDS).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void listeningOnABusyPortFailsWithIoException() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress busy = new InetSocketAddress("127.0.0.1", s.getLocalPort());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.listen(busy, accepted::add))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen");
        }
    }

    @Test
    void closingTheListenerStopsAccepting() throws Exception {
        Listener listener = listen("127.0.0.1");
        InetSocketAddress at = listener.localAddress();
        listener.close();
        CompletableFuture<PeerLink> f = transport.dial(at).toCompletableFuture();
        await().atMost(10, SECONDS).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
    }

    // ------------------------------------------------------------------ helpers

    private Listener listen(String host) throws IOException {
        Listener l = transport.listen(new InetSocketAddress(host, 0), accepted::add);
        cleanup.add(l);
        return l;
    }

    private PeerLink dial(InetSocketAddress to) throws Exception {
        PeerLink link = transport.dial(to).toCompletableFuture().get(10, SECONDS);
        cleanup.add(link::close);
        return link;
    }

    private PeerLink acceptOne() throws InterruptedException {
        PeerLink link = accepted.poll(10, SECONDS);
        assertThat(link).as("accepted link").isNotNull();
        return link;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
