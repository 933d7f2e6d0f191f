package dev.mycelium.core.wire.babel;

/** Hello, TLV type 4 (protocol.md 4.1). Flags as sent/after masking with 0x8000; interval in centiseconds. */
public record Hello(int flags, int seqno, int intervalCs) implements ControlTlv {

    public static final int UNICAST = 0x8000;
}
