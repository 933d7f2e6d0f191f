package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SeqNoTest {

    static List<Vector> seqnoCompare() {
        return Vectors.withPrefix("seqno_compare_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seqnoCompare")
    void modularOrderMatchesMycelium(Vector v) {
        int a = v.input().get("a").asInt();
        int b = v.input().get("b").asInt();
        assertThat(SeqNo.lt(a, b)).as("a < b").isEqualTo(v.expected().get("a_lt_b").asBoolean());
        assertThat(SeqNo.gt(a, b)).as("a > b").isEqualTo(v.expected().get("a_gt_b").asBoolean());
        assertThat(SeqNo.lt(b, a)).as("b < a").isEqualTo(v.expected().get("b_lt_a").asBoolean());
        assertThat(SeqNo.gt(b, a)).as("b > a").isEqualTo(v.expected().get("b_gt_a").asBoolean());
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({"0,1,1", "65535,1,0", "65535,2,1", "32767,1,32768"})
    void additionWraps(int a, int n, int expected) {
        assertThat(SeqNo.add(a, n)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({"65535,0", "65000,100", "1,2"})
    void orderIsAcrossTheWrap(int smaller, int larger) {
        assertThat(SeqNo.lt(smaller, larger)).isTrue();
        assertThat(SeqNo.gt(larger, smaller)).isTrue();
        assertThat(SeqNo.gt(smaller, larger)).isFalse();
    }
}
