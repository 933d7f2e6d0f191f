package dev.mycelium.core.wire.babel;

import java.net.InetAddress;

/** IHU, TLV type 5 (protocol.md 4.2). {@code address} is null for AE 0 (what Mycelium sends). */
public record Ihu(int rxCost, int intervalCs, InetAddress address) implements ControlTlv {
}
