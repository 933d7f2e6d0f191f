package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HoldTimeTest {

    static List<Vector> holdTimes() {
        return Vectors.withPrefix("route_hold_time_");
    }

    /** The interval travels in centiseconds, so the vector's millisecond interval is truncated first (478 ms: 47 cs). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("holdTimes")
    void holdIsThreeAndAHalfIntervalsOrSixSecondsForRetractions(Vector v) {
        int intervalCs = v.input().get("update_interval_ms").asInt() / 10;
        int metric = v.input().get("metric").asInt();
        assertThat(RouterEngine.holdTimeMillis(intervalCs, metric)).isEqualTo(v.expected().get("hold_ms").asLong());
    }
}
