package dev.mycelium.core.peer;

import dev.mycelium.spi.transport.Transport;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The transports the node can use, indexed by scheme (found through CDI by the app, given directly in tests). */
public final class Transports {

    private final Map<String, Transport> byScheme;

    private Transports(Map<String, Transport> byScheme) {
        this.byScheme = Collections.unmodifiableMap(byScheme);
    }

    /** Indexes {@code all}; two transports with one scheme are a packaging error, named with both classes. */
    public static Transports of(Iterable<Transport> all) {
        Map<String, Transport> index = new TreeMap<>();
        for (Transport t : all) {
            String scheme = t.scheme().toLowerCase(Locale.ROOT);
            Transport before = index.putIfAbsent(scheme, t);
            if (before != null) {
                throw new IllegalStateException("two transports serve scheme '" + scheme + "': "
                        + before.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        return new Transports(index);
    }

    /** The transport for {@code scheme}; {@link IllegalArgumentException} naming the known schemes otherwise. */
    public Transport get(String scheme) {
        Transport t = scheme == null ? null : byScheme.get(scheme.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new IllegalArgumentException("unknown transport '" + scheme + "' (known: "
                    + String.join(", ", byScheme.keySet()) + ")");
        }
        return t;
    }

    /** Known schemes, sorted. */
    public Set<String> schemes() {
        return byScheme.keySet();
    }
}
