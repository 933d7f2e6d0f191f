package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.time.VirtualScheduler;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.Update;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The owner thread, the bounded inbox and the published snapshot. */
class RouterThreadingTest {

    /** A neighbour driven by another thread, answering Hellos like a peer would. */
    static final class ThreadedPeer implements Neighbour {
        final String name;
        final ConcurrentLinkedQueue<ControlTlv> sent = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<ByteBuf> data = new ConcurrentLinkedQueue<>();
        volatile Router router;
        volatile boolean closed;

        ThreadedPeer(String name) {
            this.name = name;
        }

        @Override
        public void sendControl(ControlTlv tlv) {
            assertThat(EmissionRules.violation(tlv)).isNull();
            sent.add(tlv);
            if (tlv instanceof Hello) {
                router.handleControl(this, new Ihu(0, 6000, null));
            }
        }

        @Override
        public void sendData(ByteBuf dataPacket) {
            data.add(dataPacket);
        }

        @Override
        public int staticLinkCost() {
            return 10;
        }

        @Override
        public String connectionId() {
            return name;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void manyThreadsFeedOneOwnerAndTheSnapshotFollows() throws Exception {
        Random random = new Random(11);
        Router router = Router.create(RouterConfig.defaults(Harness.routerId(random)), DataPlaneHook.DISCARD);
        try {
            router.start();
            List<ThreadedPeer> peers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ThreadedPeer p = new ThreadedPeer("P" + i);
                p.router = router;
                peers.add(p);
                router.addNeighbour(p);
            }
            int perThread = 250;
            List<Harness.Source> sources = new ArrayList<>();
            for (int i = 0; i < 4 * perThread; i++) {
                sources.add(Harness.sourceFrom(random));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ThreadedPeer from = peers.get(t);
                List<Harness.Source> mine = sources.subList(t * perThread, (t + 1) * perThread);
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (Harness.Source s : mine) {
                        router.handleControl(from, s.update(1, 0));
                        router.handleData(from, Harness.dataPacket(s.address(), router.ownAddress(), 64, 8));
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> router.snapshot().selectedRoutes().size()
                    == sources.size());
            await().atMost(Duration.ofSeconds(10)).until(() -> router.snapshot().packetStatistics().bySource()
                    .size() == sources.size());
            // Each peer heard about the other peers' routes (triggered updates, split horizon).
            await().atMost(Duration.ofSeconds(10)).until(() -> peers.get(0).sent.stream()
                    .filter(Update.class::isInstance).count() >= 3 * perThread);
            assertThat(router.snapshot().neighbours()).hasSize(4);
        } finally {
            router.close();
        }
    }

    @Test
    void closingReleasesBuffersAndRefusesLaterWork() throws Exception {
        Router router = Router.create(RouterConfig.defaults(Harness.routerId(new Random(3))), DataPlaneHook.DISCARD);
        ThreadedPeer p = new ThreadedPeer("P");
        p.router = router;
        router.start();
        router.addNeighbour(p);
        Harness.Source s = Harness.sourceFrom(new Random(4));
        ByteBuf queued = Harness.dataPacket(router.ownAddress(), s.address(), 64, 10);
        router.routeLocal(queued); // unknown destination: waits in the queue
        await().atMost(Duration.ofSeconds(5)).until(() -> !router.snapshot().queriedSubnets().isEmpty());

        router.close();
        ByteBuf late = Harness.dataPacket(router.ownAddress(), s.address(), 64, 10);
        router.handleData(p, late);

        await().atMost(Duration.ofSeconds(5)).until(() -> queued.refCnt() == 0);
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void aFullControlInboxDropsAndCountsButKeepsRoomForLiveness() {
        VirtualScheduler clock = new VirtualScheduler();
        Router router = new Router(RouterConfig.defaults(Harness.routerId(new Random(5))).withSnapshotDelay(0),
                clock, DataPlaneHook.DISCARD);
        Harness.Source s = Harness.sourceFrom(new Random(6));
        ThreadedPeer p = new ThreadedPeer("P");
        p.router = router;
        router.addNeighbour(p);

        // The owner does not run (virtual time stands still): the inbox fills up.
        for (int i = 0; i < RouterLimits.CONTROL_INBOX_CAPACITY; i++) {
            router.handleControl(p, s.update(1, 5));
        }
        router.handleControl(p, s.update(1, 5));      // dropped
        router.handleControl(p, s.update(2, 0));      // metric 0: uses the reserve
        router.handleControl(p, new Hello(0x8000, 1, 25)); // liveness: uses the reserve
        clock.runFor(0);

        assertThat(router.snapshot().counters().get("controlInboxFull")).isEqualTo(1);
        assertThat(router.snapshot().selectedRoute(s.subnet()).seqno()).isEqualTo(2);
        router.close();
        clock.runFor(0);
    }

    @Test
    void aFullDataInboxDropsAndReleases() {
        VirtualScheduler clock = new VirtualScheduler();
        Router router = new Router(RouterConfig.defaults(Harness.routerId(new Random(7))).withSnapshotDelay(0),
                clock, DataPlaneHook.DISCARD);
        ThreadedPeer p = new ThreadedPeer("P");
        List<ByteBuf> sent = new ArrayList<>();
        byte[] dst = router.ownAddress();
        for (int i = 0; i <= RouterLimits.DATA_INBOX_CAPACITY; i++) {
            // Hop limit 1: never forwarded on the calling thread, so every packet goes through the inbox.
            ByteBuf b = Harness.dataPacket(dst, dst, 1, 0);
            sent.add(b);
            router.handleData(p, b);
        }
        assertThat(sent.get(sent.size() - 1).refCnt()).isZero();
        clock.runFor(0);
        assertThat(router.snapshot().counters().get("dataInboxFull")).isEqualTo(1);
        assertThat(sent).allMatch(b -> b.refCnt() == 0);
        router.close();
        clock.runFor(0);
    }
}
