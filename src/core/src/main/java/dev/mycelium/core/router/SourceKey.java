package dev.mycelium.core.router;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;

/** A Babel source: (subnet in network form, router id) (protocol.md 5.3). */
record SourceKey(Subnet subnet, RouterId routerId) {
}
