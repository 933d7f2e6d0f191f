package dev.mycelium.core.wire.babel;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;

/** Update, TLV type 8 (protocol.md 4.3). Metric 0xFFFF is a retraction. */
public record Update(int flags, int intervalCs, int seqno, int metric, Subnet subnet, RouterId routerId)
        implements ControlTlv {
}
