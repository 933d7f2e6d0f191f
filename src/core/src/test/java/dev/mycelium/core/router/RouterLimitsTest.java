package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table, cache and inbox bounds follow the heap cap, so a full table fits the heap it runs in. */
class RouterLimitsTest {

    private static final long MIB = 1L << 20;

    @Test
    void fullBoundsFromTwoGibibytesUp() {
        assertThat(RouterLimits.scaledToHeap(500_000, 2048 * MIB)).isEqualTo(500_000);
        assertThat(RouterLimits.scaledToHeap(500_000, 6144 * MIB)).isEqualTo(500_000);
    }

    @Test
    void smallerHeapsGetProportionalBounds() {
        assertThat(RouterLimits.scaledToHeap(500_000, 256 * MIB)).isEqualTo(62_500); // the launcher's default
        assertThat(RouterLimits.scaledToHeap(1_000_000, 1024 * MIB)).isEqualTo(500_000);
        assertThat(RouterLimits.scaledToHeap(200_000, 64 * MIB)).isEqualTo(6_250);
    }

    @Test
    void neverZero() {
        assertThat(RouterLimits.scaledToHeap(10, 1)).isEqualTo(1);
    }

    @Test
    void theLiveBoundsFollowThisJvmsHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(RouterLimits.MAX_SUBNETS).isEqualTo(RouterLimits.scaledToHeap(500_000, heap));
        assertThat(RouterLimits.MAX_SOURCES).isEqualTo(RouterLimits.scaledToHeap(1_000_000, heap));
        assertThat(RouterLimits.CONTROL_INBOX_CAPACITY).isEqualTo(RouterLimits.scaledToHeap(200_000, heap));
    }
}
