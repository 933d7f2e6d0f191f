package dev.mycelium.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.crypto.PacketCipher;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.Neighbour;
import dev.mycelium.core.router.ProtocolConstants;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.time.Cancellable;
import dev.mycelium.core.time.Scheduler;
import dev.mycelium.core.time.VirtualScheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.Update;
import dev.mycelium.testkit.InMemoryTun;
import dev.mycelium.testkit.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local packet for a destination nobody has announced yet (6.3 step 4), with the router on virtual time so the 15 s
 * of Mycelium's queue take no real time: the route arrives (the packet is sealed and sent), or it does not (no route).
 */
class RouteWaitTest {

    /** Virtual time that the data plane's threads may feed while the test thread drives it. */
    static final class LockedClock implements Scheduler {
        private final VirtualScheduler clock = new VirtualScheduler();

        @Override
        public synchronized long nowMillis() {
            return clock.nowMillis();
        }

        @Override
        public synchronized void execute(Runnable task) {
            clock.execute(task);
        }

        @Override
        public synchronized Cancellable schedule(long delayMillis, Runnable task) {
            return clock.schedule(delayMillis, task);
        }

        synchronized void runFor(long millis) {
            clock.runFor(millis);
        }
    }

    /** A neighbour that records what the router sends it. */
    static final class Recorder implements Neighbour {
        final List<ControlTlv> control = new CopyOnWriteArrayList<>();
        final List<byte[]> data = new CopyOnWriteArrayList<>();

        @Override
        public void sendControl(ControlTlv tlv) {
            control.add(tlv);
        }

        @Override
        public void sendData(ByteBuf dataPacket) {
            data.add(ByteBufUtil.getBytes(dataPacket));
            dataPacket.release();
        }

        @Override
        public int staticLinkCost() {
            return 10;
        }

        @Override
        public String connectionId() {
            return "recorder";
        }

        @Override
        public void close() {
        }
    }

    private final LockedClock clock = new LockedClock();
    private final NodeKeys keys = NodeKeys.generate();
    private final InMemoryTun tun = new InMemoryTun();
    private final DataPlane dataPlane = new DataPlane(keys, tun);
    private final Router router = new Router(RouterConfig.defaults(RouterId.fresh(keys.publicKey().bytes()))
            .withSnapshotDelay(0), clock, dataPlane);
    private final Recorder neighbour = new Recorder();
    private final NodeKeys remote = NodeKeys.generate();

    @BeforeAll
    static void leakCapture() {
        LeakCheck.install();
    }

    @AfterEach
    void close() {
        dataPlane.close();
        router.close();
        clock.runFor(0);
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoneReported();
    }

    private byte[] queuedPacket() {
        dataPlane.attach(router);
        router.start();
        dataPlane.start();
        router.addNeighbour(neighbour);
        clock.runFor(0);
        byte[] packet = Ipv6Packets.echoRequest(keys.address().bytes(), remote.address().bytes(), 64, 150);
        tun.inject(packet);
        await().atMost(TestNet.WAIT).until(() -> {
            clock.runFor(0);
            return neighbour.control.stream().anyMatch(RouteRequest.class::isInstance);
        });
        assertThat(dataPlane.stats().get(Counter.PACKETS_AWAITING_ROUTE)).isEqualTo(1);
        return packet;
    }

    @Test
    void theRouteArrivesAndTheQueuedPacketIsSealedAndSent() throws Exception {
        byte[] packet = queuedPacket();

        RouterId id = RouterId.fresh(remote.publicKey().bytes());
        router.handleControl(neighbour, new Update(0, ProtocolConstants.UPDATE_INTERVAL_CS, 1, 0,
                remote.address().nodeSubnet(), id));
        await().atMost(TestNet.WAIT).until(() -> {
            clock.runFor(0);
            return !neighbour.data.isEmpty();
        });

        byte[] wire = neighbour.data.get(0);
        assertThat(Arrays.copyOfRange(wire, 20, 36)).isEqualTo(remote.address().bytes());
        int bodyLength = (ByteBuffer.wrap(wire).getInt() >>> 8) & 0xFFFF;
        ByteBuffer plain = ByteBuffer.allocate(bodyLength);
        assertThat(new PacketCipher().open(SharedSecret.compute(remote, keys.publicKey()),
                ByteBuffer.wrap(wire, 36, bodyLength), plain)).isEqualTo(PacketCipher.OpenResult.OK);
        byte[] inner = Arrays.copyOf(plain.array(), plain.position());
        assertThat(Arrays.copyOf(inner, 4)).containsExactly(1, 0, 0, 0); // the wait mark is gone
        assertThat(Arrays.copyOfRange(inner, 4, inner.length)).isEqualTo(packet);
        assertThat(dataPlane.stats().packetsSent()).isEqualTo(1);
        assertThat(tun.pendingWritten()).isEmpty();
    }

    @Test
    void noRouteWithinFifteenSecondsGivesALocalNoRoute() throws Exception {
        byte[] packet = queuedPacket();

        clock.runFor(ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS - 1);
        assertThat(tun.pendingWritten()).isEmpty();
        clock.runFor(1);

        byte[] icmp = tun.awaitWritten(TestNet.WAIT);
        assertThat(icmp).isNotNull();
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(1);
        assertThat(Ipv6Packets.icmpCode(icmp)).isEqualTo(0);
        assertThat(Ipv6Packets.destination(icmp)).isEqualTo(keys.address().bytes());
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(packet);
        assertThat(neighbour.data).isEmpty();
    }
}
