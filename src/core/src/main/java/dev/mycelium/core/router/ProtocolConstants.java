package dev.mycelium.core.router;

/** Timers and thresholds of Mycelium 0.7.10's router, exactly as protocol.md section 10 lists them. */
public final class ProtocolConstants {

    private ProtocolConstants() {
    }

    /** Hello period towards Mycelium peers (5.1, 2.8), and the interval field it carries. */
    public static final long HELLO_INTERVAL_MS = 20_000;
    public static final int HELLO_INTERVAL_CS = 2_000;
    /** Interval field of our IHUs (4.2). */
    public static final int IHU_INTERVAL_CS = 6_000;
    /** Interval field of own-subnet and selected-route Updates (5.7). */
    public static final int UPDATE_INTERVAL_CS = 30_000;
    /** "Not repeating" interval (6 ms) of a retracted selected route past its expiry: 0 cs on the wire (5.7). */
    public static final int INTERVAL_NOT_REPEATING_CS = 0;
    /** Own /64 announced to all peers this often, first time one period after start (5.7). */
    public static final long ROUTE_PROPAGATION_INTERVAL_MS = 300_000;
    /** A peer without an IHU for longer than this is dead (2.8); checked this often. */
    public static final long DEAD_PEER_THRESHOLD_MS = 43_000;
    public static final long DEAD_PEER_CHECK_INTERVAL_MS = 10_000;
    /** Link cost before the first IHU (5.1). */
    public static final int DEFAULT_LINK_COST = 1_000;
    /** Minimum spacing of own seqno bumps (5.8). */
    public static final long SEQNO_BUMP_TIMEOUT_MS = 4_000;
    /** A stored metric change larger than this triggers an update (5.4 step 7). */
    public static final int BIG_METRIC_CHANGE_THRESHOLD = 10;
    /** A different route must be better by more than this to replace the selected one (5.5). */
    public static final int SIGNIFICANT_METRIC_IMPROVEMENT = 10;
    /** Hold time of retracted routes (5.4, 5.9). */
    public static final long RETRACTED_ROUTE_HOLD_TIME_MS = 6_000;
    /** Route requests whose generation would reach this are dropped (5.6). */
    public static final int MAX_RR_GENERATION = 16;
    /** Lifetime of a "queried" marker and of a route-request cache entry (5.6). */
    public static final long ROUTE_QUERY_TIMEOUT_MS = 15_000;
    /** A used selected route this close to expiry is queried again (5.6). */
    public static final long ROUTE_ALMOST_EXPIRED_THRESHOLD_MS = 15_000;
    /** Route-request cache sweep period (5.6). */
    public static final long RR_CACHE_SWEEP_INTERVAL_MS = 5_000;
    /** Seqno requests we originate start with this hop count (4.5). */
    public static final int SEQNO_REQUEST_HOP_COUNT = 64;
    /** Seqno request cache TTL and sweep period; identical requests are handled at most once per TTL (5.8). */
    public static final long SEQNO_CACHE_TTL_MS = 60_000;
    /** Source-table entries are deleted this long after their last insert/reset (5.3). */
    public static final long SOURCE_HOLD_DURATION_MS = 30 * 60_000;
    /** Packets waiting for a route (5.11): outbound (local and transit) and inbound (waiting for the sender's key). */
    public static final int QUEUE_MAX_PER_SUBNET = 10_000;
    public static final int QUEUE_MAX_TOTAL = 1_000_000;
    public static final int INBOUND_QUEUE_MAX_PER_SUBNET = 100;
    public static final int INBOUND_QUEUE_MAX_TOTAL = 10_000;
    /** Pending incoming seqno requests beyond this are dropped (5.11). */
    public static final int SEQNO_REQUEST_QUEUE_MAX = 100_000;
    /** Prefix length of node subnets; route requests always ask for the /64 of an address (5.6). */
    public static final int NODE_SUBNET_PREFIX_LENGTH = 64;
}
