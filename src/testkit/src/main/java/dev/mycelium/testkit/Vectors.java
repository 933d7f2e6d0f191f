package dev.mycelium.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The project's copy of shared/vectors.json (byte vectors from Mycelium's own tests), loaded from the classpath so
 * tests run from a clone without ../shared.
 */
public final class Vectors {

    /** One named vector with its {@code input} and {@code expected} objects. */
    public record Vector(String name, JsonNode input, JsonNode expected) {

        public byte[] inputHex(String field) {
            return HexFormat.of().parseHex(input.get(field).asText());
        }

        public byte[] expectedHex(String field) {
            return HexFormat.of().parseHex(expected.get(field).asText());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Vector> ALL = load();

    private Vectors() {
    }

    private static List<Vector> load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("vectors.json missing from the testkit resources");
            }
            List<Vector> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper().readTree(in)) {
                out.add(new Vector(n.get("name").asText(), n.get("input"), n.get("expected")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Vector> all() {
        return ALL;
    }

    /** Every vector whose name starts with {@code prefix}; fails when there is none, so a typo cannot pass. */
    public static List<Vector> withPrefix(String prefix) {
        List<Vector> out = ALL.stream().filter(v -> v.name().startsWith(prefix)).toList();
        if (out.isEmpty()) {
            throw new NoSuchElementException("no vector named " + prefix + "*");
        }
        return out;
    }

    public static Vector named(String name) {
        return ALL.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no vector " + name));
    }
}
