/**
 * Message frames (protocol.md 7.2, 7.3), carried in data bodies of type 1: a 12-byte header and a body chosen by the
 * flags. {@link dev.mycelium.core.wire.message.MessageFrameCodec} encodes and strictly decodes them.
 */
package dev.mycelium.core.wire.message;
