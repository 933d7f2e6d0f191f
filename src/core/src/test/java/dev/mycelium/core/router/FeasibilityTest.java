package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FeasibilityTest {

    static List<Vector> feasibility() {
        return Vectors.withPrefix("update_feasibility_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feasibility")
    void matchesMyceliumSourceTable(Vector v) {
        JsonNode fd = v.input().get("feasibility_distance");
        JsonNode u = v.input().get("update");
        FeasibilityDistance distance = new FeasibilityDistance(fd.get("metric").asInt(), fd.get("seqno").asInt());
        assertThat(distance.admits(u.get("seqno").asInt(), u.get("metric").asInt()))
                .isEqualTo(v.expected().get("feasible").asBoolean());
    }

    @ParameterizedTest(name = "fd=({0},{1}) update=(seqno {2}, metric {3}) -> {4}")
    @CsvSource({
        // newer seqno wins whatever the metric; the 32768 quirk makes "exactly half the space" not newer
        "100, 5, 6, 65534, true",
        "100, 5, 4, 1, false",
        "100, 0, 32768, 1, false",
        "100, 0, 32767, 5000, true",
        "100, 65535, 0, 5000, true",
        // infinite always feasible, even with an older seqno
        "100, 5, 1, 65535, true",
    })
    void moreCases(int fdMetric, int fdSeqno, int seqno, int metric, boolean feasible) {
        assertThat(new FeasibilityDistance(fdMetric, fdSeqno).admits(seqno, metric)).isEqualTo(feasible);
    }
}
