package dev.mycelium.core.router;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seqno requests this node sent or forwarded (protocol.md 5.8): per (router id, subnet, seqno) the neighbours the
 * request went to ("targets"), the neighbours that asked us ("sources", to relay the answer back, 5.4 step 7) and
 * when. Swept every {@link ProtocolConstants#SEQNO_CACHE_TTL_MS}, dropping entries first sent longer ago than that.
 */
final class SeqnoCache {

    record Key(RouterId routerId, Subnet subnet, int seqno) {
    }

    static final class Info {
        final List<NeighbourState> sources = new ArrayList<>(1);
        final List<NeighbourState> targets = new ArrayList<>(1);
        final long firstSent;
        long lastSent;

        Info(long now) {
            this.firstSent = now;
            this.lastSent = now;
        }
    }

    private final Map<Key, Info> cache = new HashMap<>();
    private final RouterCounters counters;

    SeqnoCache(RouterCounters counters) {
        this.counters = counters;
    }

    Info info(Key key) {
        return cache.get(key);
    }

    /** Records that the request {@code key} went to {@code target}, on behalf of {@code origin} (null: ours). */
    void forward(Key key, NeighbourState target, NeighbourState origin, long now) {
        Info info = cache.get(key);
        if (info == null) {
            if (cache.size() >= RouterLimits.MAX_SEQNO_CACHE_ENTRIES) {
                counters.seqnoCacheFull++;
                return;
            }
            info = new Info(now);
            cache.put(key, info);
        }
        info.lastSent = now;
        if (!info.targets.contains(target)) {
            info.targets.add(target);
        }
        if (origin != null && !info.sources.contains(origin)) {
            info.sources.add(origin);
        }
    }

    /** Records that {@code origin} asked for {@code key} too, without a new send (the answer is relayed to it). */
    void addSource(Key key, NeighbourState origin) {
        Info info = cache.get(key);
        if (info != null && !info.sources.contains(origin)) {
            info.sources.add(origin);
        }
    }

    void sweep(long now) {
        cache.values().removeIf(i -> now - i.firstSent > ProtocolConstants.SEQNO_CACHE_TTL_MS);
    }

    int size() {
        return cache.size();
    }
}
