package dev.mycelium.testkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.transport.PeerLink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InMemoryTransportTest {

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final InMemoryTransport a = network.transport("10.0.0.1");
    private final InMemoryTransport b = network.transport("10.0.0.2");
    private final BlockingQueue<PeerLink> accepted = new LinkedBlockingQueue<>();

    @BeforeAll
    static void leaks() {
        LeakCheck.install();
    }

    @AfterEach
    void tearDown() throws Exception {
        network.liveLinks().forEach(PeerLink::close);
        await().atMost(5, SECONDS).until(() -> network.liveLinks().isEmpty());
        network.close();
        LeakCheck.assertNoneReported();
    }

    @Test
    void bytesFlowBothWaysInOrderAndCloseReachesBothEnds() throws Exception {
        Listener l = b.listen(new InetSocketAddress("::", 9651), accepted::add);
        assertThat(l.localAddress()).isEqualTo(new InetSocketAddress("10.0.0.2", 9651));
        PeerLink client = dial(a, l.localAddress());
        Recorder atClient = new Recorder();
        client.start(atClient);
        client.write(text("early ")); // before the server end starts: kept for it
        client.flush();
        PeerLink server = accepted.poll(5, SECONDS);
        assertThat(server).isNotNull();
        Recorder atServer = new Recorder();
        server.start(atServer);
        client.write(text("bird"));
        client.flush();
        server.write(text("worm"));
        server.flush();
        await().atMost(5, SECONDS).until(() -> atServer.text().equals("early bird") && atClient.text().equals("worm"));

        assertThat(client.connectionId()).isEqualTo("MEM 10.0.0.1:" + client.localAddress().getPort()
                + " <-> 10.0.0.2:9651");
        assertThat(server.remoteAddress()).isEqualTo(client.localAddress());
        assertThat(a.staticLinkCost(l.localAddress())).isEqualTo(InMemoryNetwork.DEFAULT_STATIC_COST);

        server.close();
        await().atMost(5, SECONDS).until(() -> atClient.closes.get() == 1 && atServer.closes.get() == 1);
        assertThat(atClient.causes).containsOnlyNulls();
        assertThat(client.write(text("late"))).isFalse();
        client.close();
        await().during(100, TimeUnit.MILLISECONDS).atMost(2, SECONDS).until(() -> atClient.closes.get() == 1);
    }

    @Test
    void aSilentCutDeliversNothingAndTellsNobody() throws Exception {
        Listener l = b.listen(new InetSocketAddress("10.0.0.2", 0), accepted::add);
        InMemoryLink client = (InMemoryLink) dial(a, l.localAddress());
        Recorder atClient = new Recorder();
        client.start(atClient);
        PeerLink server = accepted.poll(5, SECONDS);
        Recorder atServer = new Recorder();
        server.start(atServer);
        assertThat(network.liveLinks("10.0.0.1", "10.0.0.2")).containsExactly(client);

        client.cutSilently();
        assertThat(client.write(text("lost"))).as("the writer cannot tell").isTrue();
        client.flush();
        server.write(text("lost too"));
        server.flush();
        await().during(200, TimeUnit.MILLISECONDS).atMost(2, SECONDS)
                .until(() -> atServer.text().isEmpty() && atClient.text().isEmpty() && atClient.closes.get() == 0
                        && atServer.closes.get() == 0);
        assertThat(network.liveLinks()).isEmpty();

        client.close(); // a local close still ends the local end, and only it
        await().atMost(5, SECONDS).until(() -> atClient.closes.get() == 1);
        await().during(100, TimeUnit.MILLISECONDS).atMost(2, SECONDS).until(() -> atServer.closes.get() == 0);
        server.close();
    }

    @Test
    void aFailureReachesBothEndsWithItsCause() throws Exception {
        Listener l = b.listen(new InetSocketAddress("10.0.0.2", 0), accepted::add);
        InMemoryLink client = (InMemoryLink) dial(a, l.localAddress());
        Recorder atClient = new Recorder();
        client.start(atClient);
        Recorder atServer = new Recorder();
        accepted.poll(5, SECONDS).start(atServer);
        ConnectException reset = new ConnectException("reset");
        client.fail(reset);
        await().atMost(5, SECONDS).until(() -> atClient.closes.get() == 1 && atServer.closes.get() == 1);
        assertThat(atServer.causes).containsExactly(reset);
    }

    @Test
    void segmentedDeliveryCutsWritesIntoPieces() throws Exception {
        try (InMemoryNetwork net = new InMemoryNetwork("tcp", 15, 3)) {
            Listener l = net.transport("10.0.0.2").listen(new InetSocketAddress("10.0.0.2", 0), accepted::add);
            PeerLink client = dial(net.transport("10.0.0.1"), l.localAddress());
            client.start(new Recorder());
            Recorder atServer = new Recorder();
            accepted.poll(5, SECONDS).start(atServer);
            client.write(text("0123456789"));
            client.flush();
            await().atMost(5, SECONDS).until(() -> atServer.text().equals("0123456789"));
            assertThat(atServer.reads.get()).isEqualTo(4);
            assertThat(client.scheme()).isEqualTo("tcp");
            assertThat(client.connectionId()).startsWith("TCP ");
            client.close();
        }
    }

    @Test
    void dialingWhereNothingListensIsRefusedAndPortsAreExclusive() throws Exception {
        CompletableFuture<PeerLink> f = a.dial(new InetSocketAddress("10.0.0.2", 1)).toCompletableFuture();
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ConnectException.class);
        Listener l = b.listen(new InetSocketAddress("10.0.0.2", 7), accepted::add);
        assertThatThrownBy(() -> b.listen(new InetSocketAddress("10.0.0.2", 7), accepted::add))
                .isInstanceOf(BindException.class);
        l.close();
        assertThat(a.dial(new InetSocketAddress("10.0.0.2", 7)).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aFullQueueDropsAndCounts() throws Exception {
        Listener l = b.listen(new InetSocketAddress("10.0.0.2", 0), accepted::add);
        InMemoryLink client = (InMemoryLink) dial(a, l.localAddress());
        client.start(new Recorder());
        int chunk = 64 * 1024;
        int writes = 0;
        while (client.write(Unpooled.buffer(chunk).writeZero(chunk))) {
            writes++;
        }
        assertThat(writes).isEqualTo(InMemoryLink.MAX_QUEUED_BYTES / chunk);
        assertThat(client.droppedWrites()).isEqualTo(1);
        assertThat(client.isWritable()).isFalse();
        client.close();
    }

    private static PeerLink dial(InMemoryTransport from, InetSocketAddress to) {
        return from.dial(to).toCompletableFuture().join();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static final class Recorder implements LinkHandler {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final List<Throwable> causes = new CopyOnWriteArrayList<>();

        @Override
        public void onBytes(ByteBuf buf) {
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b).release();
            reads.incrementAndGet();
            synchronized (bytes) {
                bytes.writeBytes(b);
            }
        }

        @Override
        public void onClosed(Throwable cause) {
            causes.add(cause);
            closes.incrementAndGet();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.US_ASCII);
            }
        }
    }

}
