package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricTest {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
        "0, 0, 0",
        "10, 20, 30",
        "65535, 0, 65535",
        "0, 65535, 65535",
        "65535, 65535, 65535",
        "65534, 1, 65534",   // a sum reaching 0xFFFF is capped at 0xFFFE, never read as infinite
        "65000, 535, 65534",
        "65000, 536, 65534",
        "40000, 40000, 65534",
        "65533, 1, 65534",
    })
    void additionSaturatesBelowInfinity(int a, int b, int sum) {
        assertThat(Metric.add(a, b)).isEqualTo(sum);
    }

    @ParameterizedTest(name = "{0} - {1} = {2}")
    @CsvSource({
        "65535, 10, 65535",
        "65535, 65535, 65535",
        "100, 10, 90",
        "5, 10, 0",
        "10, 10, 0",
    })
    void subtractionKeepsInfinityAndSaturatesAtZero(int a, int b, int diff) {
        assertThat(Metric.sub(a, b)).isEqualTo(diff);
    }

    @ParameterizedTest(name = "|{0} - {1}| = {2}")
    @CsvSource({"10, 25, 15", "25, 10, 15", "7, 7, 0", "65535, 0, 65535"})
    void delta(int a, int b, int d) {
        assertThat(Metric.delta(a, b)).isEqualTo(d);
    }
}
