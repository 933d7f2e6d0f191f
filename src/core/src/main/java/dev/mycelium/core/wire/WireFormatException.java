package dev.mycelium.core.wire;

import java.util.Objects;

/**
 * Malformed bytes from the network. Checked, so every caller decides what a bad packet costs: on a peer link it is
 * terminal (the link is closed, protocol.md 2.4 and 3.3 rule 3); for an end-to-end body it means "drop".
 */
public final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the bytes were refused. */
    public enum Reason {
        /** Fewer bytes than the structure needs. */
        TRUNCATED,
        /** A version byte other than the one this protocol defines (outer header, Babel, inner body). */
        BAD_VERSION,
        /** Unknown packet type, data type or (Babel) TLV type. */
        BAD_TYPE,
        /** Wrong magic (Babel magic 42, discovery beacon "mycelium"). */
        BAD_MAGIC,
        /** Address encoding other than 0, 1, 2, 3 (protocol.md 4). */
        BAD_AE,
        /** A prefix length that the address encoding does not allow. */
        BAD_PREFIX_LENGTH,
        /** A non-zero "omitted" byte in an Update: prefix compression is not part of the dialect (4.3). */
        BAD_OMITTED,
        /** A length field disagrees with the content or with the bytes present (strict decoding). */
        LENGTH_MISMATCH,
        /** Seqno request with hop count 0 (4.5). */
        ZERO_HOP_COUNT,
        /** A structure larger than its protocol bound. */
        TOO_LARGE,
        /** Flags that name no known frame (message frames, 7.2). */
        BAD_FLAGS,
        /** A field value the protocol does not allow (e.g. an IPv6 header whose next header is not ICMPv6). */
        BAD_FIELD
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
