/**
 * The peer-link wire format of Mycelium 0.7 (protocol.md sections 2.4, 2.11, 3, 6.2, 6.6).
 *
 * <pre>
 * stream bytes --PacketFramer / PacketFrameDecoder--> packets (2.4)
 *   PacketHeader      01 type 00 00 (3.1)
 *   data:    DataHeader (36 bytes, 3.2) + encrypted body
 *              body plaintext = InnerHeader (01 type 00 00, 6.2) + IPv6 packet | message frame | OobIcmp (6.6)
 *   control: ControlPacketCodec: Babel header (42, 3, length) + exactly one TLV (3.3), see the babel package
 * DiscoveryBeacon     50-byte UDP beacon for link-local discovery (2.11)
 * </pre>
 *
 * Decoders throw the checked {@link dev.mycelium.core.wire.WireFormatException} and nothing else for bad input; their
 * cost is bounded by the input size. Encoders throw {@link IllegalArgumentException} for values that cannot be sent.
 */
package dev.mycelium.core.wire;
