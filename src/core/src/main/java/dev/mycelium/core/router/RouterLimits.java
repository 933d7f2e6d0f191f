package dev.mycelium.core.router;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our choices: bounds the protocol leaves open, and the fast-liveness extension between our own nodes. Each bound,
 * when reached, makes the router drop the new item and count it (see {@link RouterSnapshot#counters()}).
 */
public final class RouterLimits {

    /**
     * The heap for which the table, cache and inbox bounds below hold their full value: all of them full at once
     * (500 000 subnets with 4 routes each, about 2.1 kB per subnet, plus a million sources) take about 1.2 GiB.
     */
    static final long FULL_LIMITS_HEAP_BYTES = 2L << 30;

    private RouterLimits() {
    }

    /**
     * {@code full} scaled down in proportion when the JVM's heap cap is below {@link #FULL_LIMITS_HEAP_BYTES} (the
     * launcher's 256 MiB gives an eighth: 62 500 subnets), so that peers announcing ever more subnets fill a table
     * to its bound, not the heap to an OutOfMemoryError.
     */
    static int scaledToHeap(int full) {
        return scaledToHeap(full, Runtime.getRuntime().maxMemory());
    }

    public static int scaledToHeap(int full, long maxHeapBytes) {
        if (maxHeapBytes >= FULL_LIMITS_HEAP_BYTES) {
            return full;
        }
        return (int) Math.max(1, full * maxHeapBytes / FULL_LIMITS_HEAP_BYTES);
    }

    /** The bounds that follow the heap, by name, for the operator (the admin API's counters). */
    public static Map<String, Integer> heapScaledBounds() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("maxSubnets", MAX_SUBNETS);
        m.put("maxQueriedSubnets", MAX_QUERIED_SUBNETS);
        m.put("maxSources", MAX_SOURCES);
        m.put("maxSeqnoCacheEntries", MAX_SEQNO_CACHE_ENTRIES);
        m.put("maxRouteRequestCacheEntries", MAX_RR_CACHE_ENTRIES);
        m.put("controlInboxCapacity", CONTROL_INBOX_CAPACITY);
        return m;
    }

    // --- fast liveness between our nodes (wire-compatible: Mycelium ignores Hello seqno and interval, 4.1) ---

    /** Hello period towards peers that are ours or not yet classified. */
    public static final long FAST_HELLO_INTERVAL_MS = 250;
    /** A peer whose Hellos carry an interval at or below this many centiseconds is one of ours. */
    public static final int FAST_HELLO_MAX_INTERVAL_CS = 100;
    /** One of our peers is dead after this long without an IHU (unless its round trip needs longer, see below). */
    public static final long FAST_DEAD_AFTER_MS = 2_000;
    /** For slow links the fast threshold stretches to this many last round-trip samples. */
    public static final int FAST_DEAD_RTT_FACTOR = 3;
    /** An unanswered Hello is repeated after this long (or two round trips, if longer). */
    public static final long HELLO_UNANSWERED_RESEND_MS = 1_000;

    // --- inbox of the owner thread ---

    /** Control TLVs waiting for the owner thread; above it, Updates with a metric other than 0 are dropped. */
    public static final int CONTROL_INBOX_CAPACITY = scaledToHeap(200_000);
    /** Head room above {@link #CONTROL_INBOX_CAPACITY} for Hello, IHU and metric-0 Updates (5.4: those wait). */
    public static final int CONTROL_INBOX_RESERVE = scaledToHeap(50_000);
    /** Data packets waiting for the owner thread (Mycelium uses 1000 with backpressure; we drop instead). */
    public static final int DATA_INBOX_CAPACITY = 8_192;

    // --- tables and caches the protocol leaves unbounded ---

    /** Subnets with routes in the routing table. */
    public static final int MAX_SUBNETS = scaledToHeap(500_000);
    /** Subnets marked "queried" at the same time. */
    public static final int MAX_QUERIED_SUBNETS = scaledToHeap(100_000);
    /** Source-table (feasibility distance) entries. */
    public static final int MAX_SOURCES = scaledToHeap(1_000_000);
    /** Seqno request cache entries. */
    public static final int MAX_SEQNO_CACHE_ENTRIES = scaledToHeap(100_000);
    /** Route request cache entries. */
    public static final int MAX_RR_CACHE_ENTRIES = scaledToHeap(100_000);
    /** Distinct addresses in each of the by-source and by-destination packet statistics. */
    public static final int MAX_PACKET_STAT_ADDRESSES = 10_000;
    /** Bytes held by all packet queues together (the protocol's packet counts alone would allow ~1.5 GB). */
    public static final long QUEUE_MAX_BYTES = 64L * 1024 * 1024;

    /**
     * Route selection after a link-cost change walks the whole table: at most one pass per neighbour this often
     * (the cost moves with every RTT sample, 4 per second on fast Hellos).
     */
    public static final long COST_RESELECT_MIN_INTERVAL_MS = 500;
    /** A cost change at least this big (half the hysteresis) is acted on within the interval above... */
    public static final int COST_RESELECT_STEP = 5;
    /** ...a smaller one (the jitter of a settled link) within this. */
    public static final long COST_RESELECT_SMALL_CHANGE_INTERVAL_MS = 5_000;

    /** Snapshot publication is coalesced: at most one per this period while the state changes. */
    public static final long SNAPSHOT_PUBLISH_DELAY_MS = 100;
}
