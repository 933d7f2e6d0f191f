package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.time.VirtualScheduler;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One router on virtual time with scripted neighbours: the fixture of the router's behaviour tests. */
final class Harness implements AutoCloseable {

    final VirtualScheduler clock = new VirtualScheduler();
    final RecordingHook hook = new RecordingHook();
    final Random random;
    final Router router;
    final List<Peer> peers = new ArrayList<>();

    Harness() {
        this(1, c -> c);
    }

    Harness(long seed, java.util.function.UnaryOperator<RouterConfig> tweak) {
        random = new Random(seed);
        RouterConfig config = tweak.apply(RouterConfig.defaults(routerId(random)).withSnapshotDelay(0)
                .withFullTableOnLinkUp(false));
        router = new Router(config, clock, hook);
        router.start();
        settle();
    }

    /** Runs what is due now. */
    void settle() {
        clock.runFor(0);
    }

    void run(long millis) {
        clock.runFor(millis);
    }

    RouterSnapshot snapshot() {
        settle();
        return router.snapshot();
    }

    /** A neighbour that is already linked up; its link-up chatter is cleared. */
    Peer peer(String name, int staticCost) {
        return peer(name, staticCost, -1);
    }

    /** As {@link #peer(String, int)}, answering our Hellos after {@code ihuDelay} ms from the start. */
    Peer peer(String name, int staticCost, long ihuDelay) {
        Peer p = new Peer(name, staticCost);
        p.ihuDelay = ihuDelay;
        peers.add(p);
        router.addNeighbour(p);
        settle();
        p.clear();
        return p;
    }

    /** A node somewhere behind a neighbour: a router id and its /64. */
    Source source() {
        return sourceFrom(random);
    }

    static Source sourceFrom(Random random) {
        RouterId id = routerId(random);
        return new Source(id, OverlayAddresses.subnet64(OverlayAddresses.addressOf(id.publicKey())));
    }

    record Source(RouterId id, Subnet subnet) {

        Update update(int seqno, int metric) {
            return new Update(0, ProtocolConstants.UPDATE_INTERVAL_CS, seqno, metric, subnet, id);
        }

        byte[] address() {
            byte[] a = subnet.address();
            a[15] = 1;
            return a;
        }
    }

    static RouterId routerId(Random random) {
        byte[] b = new byte[RouterId.SIZE];
        random.nextBytes(b);
        b[32] = 0;
        b[33] = 0;
        return RouterId.of(b);
    }

    /** A data packet: 36-byte header (reserved, length, hop limit, src, dst) + body. */
    static ByteBuf dataPacket(byte[] src, byte[] dst, int hopLimit, int bodyLength) {
        ByteBuf b = Unpooled.buffer(36 + bodyLength);
        b.writeInt((bodyLength << 8) | hopLimit);
        b.writeBytes(src);
        b.writeBytes(dst);
        b.writeZero(bodyLength);
        return b;
    }

    /** Runs {@code r} as an owner task (white-box tests of internal steps). */
    void inOwner(Runnable r) {
        router.engine().run(r);
    }

    RouterEngine engine() {
        return router.engine();
    }

    @Override
    public void close() {
        router.close();
        settle();
        hook.releaseAll();
        peers.forEach(Peer::clear);
    }

    /** A scripted neighbour: records what the router sends and checks it against 4.7. */
    final class Peer implements Neighbour {
        final String name;
        final int staticCost;
        final List<ControlTlv> sent = new ArrayList<>();
        final List<ByteBuf> data = new ArrayList<>();
        boolean closed;
        /** Answer every Hello with an IHU after this many ms (negative, the default: never). */
        long ihuDelay = -1;

        Peer(String name, int staticCost) {
            this.name = name;
            this.staticCost = staticCost;
        }

        @Override
        public void sendControl(ControlTlv tlv) {
            assertThat(EmissionRules.violation(tlv)).as("emitted %s", tlv).isNull();
            sent.add(tlv);
            if (tlv instanceof Hello && ihuDelay >= 0) {
                clock.schedule(ihuDelay, () -> router.handleControl(this, new Ihu(0, 6000, null)));
            }
        }

        @Override
        public void sendData(ByteBuf dataPacket) {
            data.add(dataPacket);
        }

        @Override
        public int staticLinkCost() {
            return staticCost;
        }

        @Override
        public String connectionId() {
            return name;
        }

        @Override
        public void close() {
            closed = true;
        }

        void receive(ControlTlv tlv) {
            router.handleControl(this, tlv);
            settle();
        }

        void announce(Source s, int seqno, int metric) {
            receive(s.update(seqno, metric));
        }

        <T extends ControlTlv> List<T> sent(Class<T> type) {
            return sent.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<Update> updates() {
            return sent(Update.class);
        }

        List<Update> updatesFor(Subnet subnet) {
            return updates().stream().filter(u -> u.subnet().equals(subnet)).toList();
        }

        List<RouteRequest> routeRequests() {
            return sent(RouteRequest.class);
        }

        List<SeqnoRequest> seqnoRequests() {
            return sent(SeqnoRequest.class);
        }

        void clear() {
            sent.clear();
            data.forEach(ByteBuf::release);
            data.clear();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Records what the router hands to the data plane. */
    static final class RecordingHook implements DataPlaneHook {
        final List<ByteBuf> delivered = new ArrayList<>();
        final List<ByteBuf> timeExceeded = new ArrayList<>();
        final List<ByteBuf> noRoute = new ArrayList<>();
        final List<ByteBuf> releasedLocal = new ArrayList<>();
        final List<ByteBuf> releasedInbound = new ArrayList<>();
        final List<ByteBuf> unroutable = new ArrayList<>();

        @Override
        public void deliverLocal(ByteBuf dataPacket) {
            delivered.add(dataPacket);
        }

        @Override
        public void oobIcmp(OobIcmp kind, ByteBuf dataPacket) {
            (kind == OobIcmp.TIME_EXCEEDED ? timeExceeded : noRoute).add(dataPacket);
        }

        @Override
        public void releaseLocal(ByteBuf plaintextPacket) {
            releasedLocal.add(plaintextPacket);
        }

        @Override
        public void releaseInbound(ByteBuf dataPacket) {
            releasedInbound.add(dataPacket);
        }

        @Override
        public void localUnroutable(ByteBuf plaintextPacket) {
            unroutable.add(plaintextPacket);
        }

        void releaseAll() {
            for (List<ByteBuf> l : List.of(delivered, timeExceeded, noRoute, releasedLocal, releasedInbound,
                    unroutable)) {
                l.forEach(b -> {
                    if (b.refCnt() > 0) {
                        b.release();
                    }
                });
                l.clear();
            }
        }
    }
}
