package dev.mycelium.transport.tcp;

/** Bounds and timers of the TCP transport: all our choices (the protocol sets none of them). */
final class TcpLimits {

    private TcpLimits() {
    }

    /** A link reports itself unwritable while more than this many bytes wait in its own queue. */
    static final int QUEUE_HIGH_WATER_MARK = 1024 * 1024;
    /** Hard bound of a link's own queue: a write that would exceed it is dropped and counted. */
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    /** Netty's outbound buffer of the channel: the drain stops above the high mark, resumes below the low one. */
    static final int CHANNEL_LOW_WATER_MARK = 256 * 1024;
    static final int CHANNEL_HIGH_WATER_MARK = 512 * 1024;
    /** A dial that has not connected after this long fails (the peer manager retries every 5 s anyway). */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** How long {@code listen} waits for the bind to complete. */
    static final long BIND_TIMEOUT_MS = 10_000;
}
