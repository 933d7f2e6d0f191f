package dev.mycelium.core.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.wire.RouterId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TUN reader's wait on a full link ({@link Peer#awaitRoom}): it returns as soon as the link drains; a link that
 * stays full for a whole wait is marked stalled and not waited for again until it is writable, so one dead-slow link
 * costs the reader one wait, not one per packet.
 */
class PeerAwaitRoomTest {

    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

    private final HoldBackTest.FakeLink link = new HoldBackTest.FakeLink();
    private final Router router = Router.create(RouterConfig.defaults(RouterId.of(new byte[RouterId.SIZE])),
            DataPlaneHook.DISCARD);
    private final Peer peer = new Peer(link, 10, router, new AtomicLong(), new AtomicLong(), (p, cause) -> { });

    @AfterEach
    void stopRouter() {
        router.close();
    }

    @Test
    void aWritableLinkIsNotWaitedFor() {
        assertThat(peer.awaitRoom(LONG_WAIT)).isTrue();
    }

    @Test
    void theWaitEndsWhenTheLinkDrains() throws Exception {
        link.writable = false;
        assertWaitsUntilDrained("still waiting on the full link");
    }

    @Test
    void aLinkFullForAWholeWaitIsNotWaitedForAgainUntilItDrains() throws Exception {
        link.writable = false;
        assertThat(peer.awaitRoom(TimeUnit.MILLISECONDS.toNanos(20))).as("full for the whole wait").isFalse();
        // stalled: a 30 s wait returns at once instead of blocking the reader again
        boolean again = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> peer.awaitRoom(LONG_WAIT));
        assertThat(again).isFalse();

        link.drain();
        assertThat(peer.awaitRoom(LONG_WAIT)).as("writable again").isTrue();
        link.writable = false;
        assertWaitsUntilDrained("the stall was cleared: full again means waiting again");
    }

    /** A wait on the full link blocks until the link drains, then reports room. */
    private void assertWaitsUntilDrained(String why) throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> peer.awaitRoom(LONG_WAIT));
        Thread.sleep(50);
        assertThat(waiting).as(why).isNotDone();
        link.drain();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
