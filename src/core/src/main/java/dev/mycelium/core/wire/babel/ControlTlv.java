package dev.mycelium.core.wire.babel;

/** One Babel TLV; a control packet carries exactly one (protocol.md 3.3). */
public sealed interface ControlTlv permits Hello, Ihu, Update, RouteRequest, SeqnoRequest {
}
