package dev.mycelium.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryTunTest {

    @Test
    void injectedPacketsAreReadInOrderAndWrittenOnesCaptured() throws Exception {
        InMemoryTun tun = new InMemoryTun();
        assertThat(tun.mtu()).isEqualTo(1400);
        tun.inject(new byte[] {1, 2, 3});
        tun.inject(new byte[] {4});

        ByteBuffer dst = ByteBuffer.allocate(10);
        assertThat(tun.read(dst)).isEqualTo(3);
        assertThat(tun.read(dst)).isEqualTo(1);
        assertThat(dst.array()).startsWith(1, 2, 3, 4);

        tun.write(ByteBuffer.wrap(new byte[] {9, 8}));
        assertThat(tun.pendingWritten()).hasSize(1);
        assertThat(tun.awaitWritten(Duration.ofSeconds(1))).containsExactly(9, 8);
        assertThat(tun.awaitWritten(Duration.ofMillis(1))).isNull();
        assertThat(tun.writtenCount()).isEqualTo(1);
    }

    @Test
    void aPacketLargerThanTheReadBufferIsTruncatedAndCounted() throws Exception {
        InMemoryTun tun = new InMemoryTun();
        tun.inject(new byte[20]);
        assertThat(tun.read(ByteBuffer.allocate(8))).isEqualTo(8);
        assertThat(tun.truncatedReads()).isEqualTo(1);
    }

    @Test
    void closeEndsABlockedReadAndRefusesWrites() throws Exception {
        InMemoryTun tun = new InMemoryTun();
        int[] result = {Integer.MIN_VALUE};
        Thread reader = new Thread(() -> {
            try {
                result[0] = tun.read(ByteBuffer.allocate(100));
            } catch (IOException e) {
                result[0] = -2;
            }
        });
        reader.start();
        tun.close();
        reader.join(5_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(result[0]).isEqualTo(-1);
        assertThat(tun.read(ByteBuffer.allocate(100))).isEqualTo(-1);
        assertThatThrownBy(() -> tun.write(ByteBuffer.allocate(4))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> tun.inject(new byte[4])).isInstanceOf(IllegalStateException.class);
    }
}
