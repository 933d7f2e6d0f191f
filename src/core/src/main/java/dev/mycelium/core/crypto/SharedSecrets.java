package dev.mycelium.core.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Shared secrets with remote nodes (protocol.md 6.1), computed once per remote public key and kept in a bounded
 * least-recently-used cache, so the data plane pays for an X25519 only when it meets a new node.
 *
 * <p>Rejections (low-order remote keys, all-zero result) are cached too, so a malicious key cannot make us redo
 * the scalar multiplication per packet.
 *
 * <p>Thread-safe: lookups take a short lock; the X25519 itself runs outside it.
 */
public final class SharedSecrets {

    /** Our choice: remote nodes we keep a key for; a miss costs one X25519 (tens of microseconds). */
    public static final int DEFAULT_MAX_ENTRIES = 16_384;

    /** Marker cached for a remote key whose shared secret is all zero. */
    private static final Object REJECTED = new Object();

    private final NodeKeys own;
    private final int maxEntries;
    private final LruMap cache;
    private long computed;
    private long rejected;
    private long evicted;

    public SharedSecrets(NodeKeys own) {
        this(own, DEFAULT_MAX_ENTRIES);
    }

    public SharedSecrets(NodeKeys own, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.own = Objects.requireNonNull(own, "own");
        this.maxEntries = maxEntries;
        this.cache = new LruMap();
    }

    /**
     * The secret shared with {@code remote}, or null when the remote key is rejected (all-zero X25519 result);
     * the caller then drops the packet.
     */
    public SharedSecret secretFor(PublicKey remote) {
        Object hit;
        synchronized (this) {
            hit = cache.get(remote);
        }
        if (hit != null) {
            return hit == REJECTED ? null : (SharedSecret) hit;
        }
        SharedSecret fresh = SharedSecret.compute(own, remote);
        synchronized (this) {
            computed++;
            if (fresh == null) {
                rejected++;
            }
            Object raced = cache.putIfAbsent(remote, fresh == null ? REJECTED : fresh);
            if (raced != null) {
                return raced == REJECTED ? null : (SharedSecret) raced;
            }
        }
        return fresh;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public synchronized int size() {
        return cache.size();
    }

    /** X25519 computations so far (cache misses). */
    public synchronized long computedCount() {
        return computed;
    }

    /** Remote keys rejected so far (each counted once per computation). */
    public synchronized long rejectedCount() {
        return rejected;
    }

    /** Entries dropped because the cache was full. */
    public synchronized long evictedCount() {
        return evicted;
    }

    private final class LruMap extends LinkedHashMap<PublicKey, Object> {

        private static final long serialVersionUID = 1L;

        LruMap() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<PublicKey, Object> eldest) {
            if (size() > maxEntries) {
                evicted++;
                return true;
            }
            return false;
        }
    }
}
