package dev.mycelium.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.babel.Hello;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A link that refuses every write for a whole window (its queue stuck at the hard bound: the peer reads nothing) is
 * closed; one write taken in between starts the window again, so a slow peer that still reads is kept.
 */
class PeerStuckLinkTest {

    private static final long WINDOW_MS = 300;

    private final HoldBackTest.FakeLink link = new HoldBackTest.FakeLink();
    private final Router router = Router.create(RouterConfig.defaults(RouterId.of(new byte[RouterId.SIZE])),
            DataPlaneHook.DISCARD);
    private final Peer peer = new Peer(link, 10, router, new AtomicLong(), new AtomicLong(), (p, cause) -> { },
            TimeUnit.MILLISECONDS.toNanos(WINDOW_MS));

    @AfterEach
    void stopRouter() {
        router.close();
    }

    private void send() {
        peer.sendControl(new Hello(0, 1, 25));
    }

    @Test
    void refusalsForAWholeWindowCloseTheLink() throws Exception {
        link.refuseWrites = true;
        send();
        send();
        assertThat(link.closes).as("refusing for less than the window").isZero();
        Thread.sleep(WINDOW_MS + 20);
        send();
        assertThat(link.closes).isEqualTo(1);
        assertThat(peer.isClosed()).isTrue();
        send(); // further refusals after the close: nothing more
        assertThat(link.closes).isEqualTo(1);
    }

    @Test
    void aWriteTakenInBetweenStartsTheWindowAgain() throws Exception {
        link.refuseWrites = true;
        send();
        Thread.sleep(WINDOW_MS + 20);
        link.refuseWrites = false;
        send(); // the peer read something: the queue took a packet
        link.refuseWrites = true;
        send();
        assertThat(link.closes).as("a new window started with this refusal").isZero();
        Thread.sleep(WINDOW_MS + 20);
        send();
        assertThat(link.closes).isEqualTo(1);
    }

    @Test
    void aLinkThatTakesItsWritesIsNeverClosed() throws Exception {
        send();
        Thread.sleep(WINDOW_MS + 20);
        send();
        assertThat(link.closes).isZero();
        assertThat(peer.isClosed()).isFalse();
    }
}
