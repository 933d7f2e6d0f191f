package dev.mycelium.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.spi.tun.TunConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NoneTunBackendTest {

    @Test
    void isAlwaysAvailableAndNamedNone() {
        NoneTunBackend backend = new NoneTunBackend();
        assertThat(backend.name()).isEqualTo("none");
        assertThat(backend.availability().available()).isTrue();
        assertThat(backend.availability().reason()).isNull();
    }

    @Test
    void readBlocksUntilCloseAndWritesAreDiscardedAndCounted() throws Exception {
        NoneTunDevice device = (NoneTunDevice) new NoneTunBackend()
                .open(new TunConfig("mycelium", new byte[16], 7, 1400));
        assertThat(device.name()).isEqualTo("mycelium");
        assertThat(device.mtu()).isEqualTo(1400);
        AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
        Thread reader = new Thread(() -> result.set(device.read(ByteBuffer.allocate(1500))));
        reader.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.getState() == Thread.State.WAITING);
        assertThat(result.get()).as("no packet ever").isEqualTo(Integer.MIN_VALUE);

        ByteBuffer packet = ByteBuffer.allocate(60);
        device.write(packet);
        assertThat(packet.hasRemaining()).isFalse();
        assertThat(device.discardedPackets()).isEqualTo(1);

        device.close();
        reader.join(5_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(result.get()).isEqualTo(-1);
    }
}
