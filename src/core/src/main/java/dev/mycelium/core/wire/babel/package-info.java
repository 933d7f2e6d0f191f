/**
 * The five Babel TLVs of Mycelium's dialect (protocol.md 4): records, {@link dev.mycelium.core.wire.babel.TlvCodec}
 * for their bodies, and {@link dev.mycelium.core.wire.babel.LinkPolicy} for what may be sent to a 0.7 node (4.7).
 */
package dev.mycelium.core.wire.babel;
