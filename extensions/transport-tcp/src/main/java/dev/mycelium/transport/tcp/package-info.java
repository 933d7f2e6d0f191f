/**
 * The {@code tcp} transport (protocol.md 2.3, 2.4): plain TCP on Vert.x's Netty event loops, {@code TCP_NODELAY}, no
 * handshake. Core frames the byte stream; this package only moves bytes.
 */
package dev.mycelium.transport.tcp;
