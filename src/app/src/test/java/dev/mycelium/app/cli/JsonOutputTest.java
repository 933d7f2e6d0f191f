package dev.mycelium.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** serde_json::to_string_pretty layout, which the --json outputs of Mycelium's CLI use. */
class JsonOutputTest {

    @Test
    void nestedLayoutMatchesSerdePretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("list", List.of("x", "y"));
        m.put("empty", List.of());
        m.put("obj", Map.of());
        m.put("nested", Map.of("k", true));
        assertThat(JsonOutput.pretty(m)).isEqualTo("""
                {
                  "a": 1,
                  "list": [
                    "x",
                    "y"
                  ],
                  "empty": [],
                  "obj": {},
                  "nested": {
                    "k": true
                  }
                }""");
        assertThat(JsonOutput.pretty(List.of())).isEqualTo("[]");
    }
}
