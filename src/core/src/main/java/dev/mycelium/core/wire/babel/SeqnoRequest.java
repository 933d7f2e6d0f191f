package dev.mycelium.core.wire.babel;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;

/** Seqno request, TLV type 10; on the wire the prefix follows the router id (protocol.md 4.5). */
public record SeqnoRequest(int seqno, int hopCount, Subnet prefix, RouterId routerId) implements ControlTlv {
}
