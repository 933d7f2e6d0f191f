package dev.mycelium.core.wire;

import dev.mycelium.core.wire.WireFormatException.Reason;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.LinkPolicy;
import dev.mycelium.core.wire.babel.TlvCodec;
import io.netty.buffer.ByteBuf;

/**
 * Control packets (protocol.md 3.3): outer header, a Babel packet header (magic 42, version 3, body length) and
 * exactly one TLV, with {@code body length == TLV length + 2}.
 */
public final class ControlPacketCodec {

    public static final int BABEL_MAGIC = 42;
    /** Mycelium's Babel dialect is version 3, not RFC 8966's 2. */
    public static final int BABEL_VERSION = 3;
    public static final int BABEL_HEADER_SIZE = 4;
    public static final int TLV_HEADER_SIZE = 2;
    /** The TLV length is a single byte. */
    public static final int MAX_TLV_BODY = 0xFF;
    public static final int MAX_BABEL_BODY = TLV_HEADER_SIZE + MAX_TLV_BODY;
    /** Largest control packet a link can carry, outer header included. */
    public static final int MAX_PACKET = PacketHeader.SIZE + BABEL_HEADER_SIZE + MAX_BABEL_BODY;

    private ControlPacketCodec() {
    }

    /**
     * Writes the whole packet for a link: outer header, Babel header, TLV. Refuses (IllegalArgumentException)
     * anything protocol.md 4.7 forbids, see {@link LinkPolicy}; on refusal {@code out} is left unchanged.
     */
    public static void encode(ControlTlv tlv, ByteBuf out) {
        LinkPolicy.requireSendable(tlv);
        int start = out.writerIndex();
        try {
            PacketHeader.write(out, PacketHeader.TYPE_CONTROL);
            writeBabelPacket(tlv, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /** Encoded size of {@code tlv} as a whole packet on a link. */
    public static int packetLength(ControlTlv tlv) {
        return PacketHeader.SIZE + BABEL_HEADER_SIZE + TLV_HEADER_SIZE + TlvCodec.bodyLength(tlv);
    }

    /**
     * Writes the Babel packet alone (no outer header) without the link policy check: for tests and vectors. On an
     * encoding error {@code out} is left unchanged.
     */
    public static void writeBabelPacket(ControlTlv tlv, ByteBuf out) {
        int start = out.writerIndex();
        try {
            int bodyLength = TlvCodec.bodyLength(tlv);
            if (bodyLength > MAX_TLV_BODY) {
                throw new IllegalArgumentException("TLV body of " + bodyLength + " bytes does not fit a length byte");
            }
            out.writeByte(BABEL_MAGIC);
            out.writeByte(BABEL_VERSION);
            out.writeShort(TLV_HEADER_SIZE + bodyLength);
            out.writeByte(TlvCodec.type(tlv));
            out.writeByte(bodyLength);
            int bodyStart = out.writerIndex();
            TlvCodec.encodeBody(tlv, out);
            if (out.writerIndex() - bodyStart != bodyLength) {
                throw new IllegalStateException("TLV encoder wrote " + (out.writerIndex() - bodyStart)
                        + " bytes, announced " + bodyLength);
            }
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Reads one complete control packet (outer header included) from {@code in}, advancing its reader index past
     * it.
     */
    public static ControlTlv decode(ByteBuf in) throws WireFormatException {
        if (in.readableBytes() < PacketHeader.SIZE) {
            throw new WireFormatException(Reason.TRUNCATED, "control packet shorter than its outer header");
        }
        if (PacketHeader.type(in, in.readerIndex()) != PacketHeader.TYPE_CONTROL) {
            throw new WireFormatException(Reason.BAD_TYPE, "data packet where a control packet was expected");
        }
        int start = in.readerIndex();
        in.skipBytes(PacketHeader.SIZE);
        try {
            return decodeBabelPacket(in);
        } catch (WireFormatException e) {
            in.readerIndex(start);
            throw e;
        }
    }

    /** Reads one complete Babel packet (no outer header) from {@code in}, advancing its reader index past it. */
    public static ControlTlv decodeBabelPacket(ByteBuf in) throws WireFormatException {
        int start = in.readerIndex();
        int length = babelPacketLength(in, start);
        if (length < 0 || in.readableBytes() < length) {
            throw new WireFormatException(Reason.TRUNCATED, "incomplete Babel packet: " + in.readableBytes()
                    + " bytes" + (length < 0 ? "" : " of " + length));
        }
        int type = in.getUnsignedByte(start + BABEL_HEADER_SIZE);
        int tlvLength = in.getUnsignedByte(start + BABEL_HEADER_SIZE + 1);
        ControlTlv tlv = TlvCodec.decodeBody(type, in.slice(start + BABEL_HEADER_SIZE + TLV_HEADER_SIZE, tlvLength));
        in.readerIndex(start + length);
        return tlv;
    }

    /**
     * Checks the Babel header bytes present at {@code index} (up to the writer index) and returns the length of the
     * whole Babel packet, or -1 while fewer than the 4 header bytes are present. Everything that can be checked
     * before the TLV body arrives is checked: magic, version, body length bounds, TLV type, TLV length consistency.
     */
    static int babelPacketLength(ByteBuf buf, int index) throws WireFormatException {
        int available = buf.writerIndex() - index;
        if (available >= 1 && buf.getUnsignedByte(index) != BABEL_MAGIC) {
            throw new WireFormatException(Reason.BAD_MAGIC, "Babel magic " + buf.getUnsignedByte(index));
        }
        if (available >= 2 && buf.getUnsignedByte(index + 1) != BABEL_VERSION) {
            throw new WireFormatException(Reason.BAD_VERSION, "Babel version " + buf.getUnsignedByte(index + 1));
        }
        if (available < BABEL_HEADER_SIZE) {
            return -1;
        }
        int bodyLength = buf.getUnsignedShort(index + 2);
        if (bodyLength < TLV_HEADER_SIZE) {
            throw new WireFormatException(Reason.LENGTH_MISMATCH, "Babel body of " + bodyLength + " bytes has no TLV");
        }
        if (bodyLength > MAX_BABEL_BODY) {
            throw new WireFormatException(Reason.TOO_LARGE,
                    "Babel body of " + bodyLength + " bytes cannot be a single TLV");
        }
        if (available >= BABEL_HEADER_SIZE + 1) {
            int type = buf.getUnsignedByte(index + BABEL_HEADER_SIZE);
            if (!TlvCodec.isKnownType(type)) {
                throw new WireFormatException(Reason.BAD_TYPE, "TLV type " + type);
            }
        }
        if (available >= BABEL_HEADER_SIZE + 2) {
            int tlvLength = buf.getUnsignedByte(index + BABEL_HEADER_SIZE + 1);
            if (tlvLength + TLV_HEADER_SIZE != bodyLength) {
                // 3.3 rule 1: exactly one TLV and nothing else in the Babel body.
                throw new WireFormatException(Reason.LENGTH_MISMATCH,
                        "Babel body length " + bodyLength + " but TLV length " + tlvLength);
            }
        }
        return BABEL_HEADER_SIZE + bodyLength;
    }
}
