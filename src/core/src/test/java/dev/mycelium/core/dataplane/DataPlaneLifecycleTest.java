package dev.mycelium.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.core.router.DataPlaneHook;
import dev.mycelium.core.router.Router;
import dev.mycelium.core.router.RouterConfig;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.testkit.InMemoryTun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class DataPlaneLifecycleTest {

    @Test
    void refusesARouterWithAnotherIdentityAndStartBeforeAttach() {
        NodeKeys keys = NodeKeys.generate();
        DataPlane dp = new DataPlane(keys, new InMemoryTun());
        Router stranger = Router.create(RouterConfig.defaults(RouterId.fresh(NodeKeys.generate().publicKey().bytes())),
                DataPlaneHook.DISCARD);
        try {
            assertThatThrownBy(dp::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("attach");
            assertThatThrownBy(() -> dp.attach(stranger)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(keys.publicKey().toHex());
        } finally {
            stranger.close();
            dp.close();
        }
    }

    @Test
    void closeStopsBothThreadsClosesTheDeviceAndLaterPacketsAreReleased() throws Exception {
        NodeKeys keys = NodeKeys.generate();
        InMemoryTun tun = new InMemoryTun();
        DataPlane dp = new DataPlane(keys, tun);
        Router router = Router.create(RouterConfig.defaults(RouterId.fresh(keys.publicKey().bytes())), dp);
        dp.attach(router);
        dp.start();
        assertThat(threadsNamed("mycelium-tun-")).isEqualTo(2);
        assertThat(dp.mtu()).isEqualTo(1400);

        dp.close();
        dp.close(); // idempotent
        router.close();
        assertThat(tun.isClosed()).isTrue();
        await().atMost(TestNet.WAIT).until(() -> threadsNamed("mycelium-tun-") == 0);

        ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer().writeZero(100);
        dp.deliverLocal(late);
        assertThat(late.refCnt()).isZero();
        assertThat(dp.stats().get(Counter.DROP_NOT_RUNNING)).isEqualTo(1);
        assertThat(dp.stats().toMap()).containsEntry("dropNotRunning", 1L).containsKey("authFailures");
    }

    @Test
    void aDeviceMtuAbove1400IsCappedForMyceliumPeers() {
        DataPlane dp = new DataPlane(NodeKeys.generate(), new InMemoryTun("big", 9000));
        assertThat(dp.mtu()).isEqualTo(1400);
        dp.close();
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
