package dev.mycelium.core.peer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.wire.ControlPacketCodec;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.spi.transport.LinkHandler;
import dev.mycelium.spi.transport.PeerLink;
import dev.mycelium.testkit.InMemoryLink;
import dev.mycelium.testkit.InMemoryNetwork;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One Peer over an in-memory link whose far end is a plain byte recorder. */
class PeerTest {

    private final InMemoryNetwork network = new InMemoryNetwork("tcp", 15, 0);
    private final Router router = Router.create(RouterConfig.defaults(RouterId.of(new byte[RouterId.SIZE])),
            DataPlaneHook.DISCARD);
    private final AtomicLong tx = new AtomicLong();
    private final AtomicLong rx = new AtomicLong();
    private final List<Throwable> closes = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream farBytes = new ByteArrayOutputStream();
    private Peer peer;
    private PeerLink far;

    @BeforeAll
    static void leaks() {
        LeakCheck.install();
    }

    @BeforeEach
    void connect() throws Exception {
        BlockingQueue<PeerLink> accepted = new LinkedBlockingQueue<>();
        network.transport("10.0.0.2").listen(new InetSocketAddress("10.0.0.2", 9651), accepted::add);
        PeerLink near = network.transport("10.0.0.1").dial(new InetSocketAddress("10.0.0.2", 9651))
                .toCompletableFuture().join();
        far = accepted.poll(5, SECONDS);
        far.start(new LinkHandler() {
            @Override
            public void onBytes(ByteBuf bytes) {
                synchronized (farBytes) {
                    farBytes.writeBytes(ByteBufUtil.getBytes(bytes));
                }
                bytes.release();
            }

            @Override
            public void onClosed(Throwable cause) {
            }
        });
        router.start();
        peer = new Peer(near, 15, router, tx, rx, (p, cause) -> closes.add(cause == null ? new Throwable("eof") : cause));
        peer.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        peer.close();
        far.close();
        router.close();
        await().atMost(5, SECONDS).until(() -> network.liveLinks().isEmpty());
        network.close();
        LeakCheck.assertNoneReported();
    }

    @Test
    void controlAndDataPacketsGoOutWholeAndAreCounted() {
        synchronized (farBytes) {
            farBytes.reset(); // the router's link-up Update and route request
        }
        long before = tx.get();
        Hello hello = new Hello(0, 7, 2000);
        ByteBuf expected = Unpooled.buffer();
        ControlPacketCodec.encode(hello, expected);
        byte[] controlBytes = ByteBufUtil.getBytes(expected);
        expected.release();
        byte[] data = new byte[36 + 5];
        data[2] = 5; // body length 5 (bits 8..23 of the first word)
        data[3] = 64;

        // The router sends too (its Hellos carry another interval), so look for each packet whole in the stream.
        peer.sendControl(hello);
        peer.sendData(Unpooled.wrappedBuffer(data));
        assertThat(tx.get() - before).isGreaterThanOrEqualTo(controlBytes.length + 4L + data.length);
        byte[] framedData = new byte[4 + data.length];
        framedData[0] = 1;
        System.arraycopy(data, 0, framedData, 4, data.length);
        await().atMost(5, SECONDS).until(() -> contains(received(), controlBytes)
                && contains(received(), framedData));
        assertThat(peer.staticLinkCost()).isEqualTo(15);
        assertThat(peer.connectionId()).isEqualTo("TCP 10.0.0.1:" + peer.link().localAddress().getPort()
                + " <-> 10.0.0.2:9651");
    }

    @Test
    void aDataPacketWithHeadroomGetsItsOuterHeaderInPlace() {
        byte[] data = new byte[36 + 3];
        data[2] = 3;
        data[3] = 9;
        data[38] = 0x77;
        ByteBuf withRoom = Unpooled.directBuffer(4 + data.length);
        withRoom.writeInt(0xDEADBEEF).writeBytes(data).readerIndex(4);

        peer.sendData(withRoom);

        byte[] framed = new byte[4 + data.length];
        framed[0] = 1;
        System.arraycopy(data, 0, framed, 4, data.length);
        await().atMost(5, SECONDS).until(() -> contains(received(), framed));
        assertThat(withRoom.refCnt()).as("sent and released").isZero();
    }

    @Test
    void awaitRoomAnswersAtOnceForAWritableLink() {
        assertThat(peer.awaitRoom(SECONDS.toNanos(5))).isTrue();
    }

    @Test
    void bytesInAreCountedAndGarbageClosesTheLinkOnce() {
        far.write(Unpooled.wrappedBuffer(new byte[] {1, 9, 0, 0, 0, 0, 0, 0}));
        far.flush();
        await().atMost(5, SECONDS).until(() -> closes.size() == 1 && peer.isClosed());
        assertThat(rx.get()).isEqualTo(8);
        assertThat(((InMemoryLink) peer.link()).isLive()).isFalse();
        peer.sendData(Unpooled.wrappedBuffer(new byte[40])); // after close: released, counted as dropped
        assertThat(peer.droppedData()).isEqualTo(1);
    }

    private byte[] received() {
        synchronized (farBytes) {
            return farBytes.toByteArray();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
