package dev.mycelium.core.wire.babel;

import dev.mycelium.core.wire.Subnet;

/** Route request, TLV type 9, Mycelium layout with a leading generation byte (protocol.md 4.4). */
public record RouteRequest(int generation, Subnet prefix) implements ControlTlv {

    /** A wildcard request (AE 0) has no prefix. */
    public boolean isWildcard() {
        return prefix == null;
    }
}
