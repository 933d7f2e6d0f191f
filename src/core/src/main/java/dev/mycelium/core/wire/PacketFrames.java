package dev.mycelium.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * The stream framing of protocol.md 2.4, stateless: where the packet at a buffer's reader index ends, and how to
 * take it out. Shared by {@link PacketFramer} and {@link PacketFrameDecoder} so both apply the same rules.
 */
final class PacketFrames {

    /** Bytes needed before any packet's length is known: outer header + data word or Babel header. */
    static final int LENGTH_KNOWN_AFTER = PacketHeader.SIZE + 4;

    /** Largest packet on a link: a data packet with a 65535-byte body. */
    static final int MAX_PACKET = PacketHeader.SIZE + DataHeader.SIZE + DataHeader.MAX_BODY;

    private PacketFrames() {
    }

    /**
     * Length of the packet starting at the reader index (outer header included), or -1 while too few bytes are
     * present to know it. Every header byte already present is validated, so garbage fails as early as possible.
     */
    static int packetLength(ByteBuf buf) throws WireFormatException {
        int index = buf.readerIndex();
        int available = buf.readableBytes();
        if (available < 2) {
            if (available == 1) {
                PacketHeader.checkVersion(buf, index);
            }
            return -1;
        }
        int type = PacketHeader.type(buf, index);
        if (type == PacketHeader.TYPE_DATA) {
            if (available < LENGTH_KNOWN_AFTER) {
                return -1;
            }
            // The length sits in bits 8..23 of the first word; its top byte is ignored (3.2).
            return PacketHeader.SIZE + DataHeader.SIZE + buf.getUnsignedShort(index + PacketHeader.SIZE + 1);
        }
        int babel = ControlPacketCodec.babelPacketLength(buf, index + PacketHeader.SIZE);
        return babel < 0 ? -1 : PacketHeader.SIZE + babel;
    }

    /**
     * Takes the complete packet of {@code length} bytes at the reader index out of {@code buf}: a decoded
     * {@link dev.mycelium.core.wire.babel.ControlTlv}, or for a data packet a retained slice starting at the data
     * header (the caller owns it).
     */
    static Object readPacket(ByteBuf buf, int length) throws WireFormatException {
        int type = buf.getUnsignedByte(buf.readerIndex() + 1);
        if (type == PacketHeader.TYPE_DATA) {
            // The slice keeps the packet's own outer header in front of its reader index: headroom a relay writes
            // its outer header into when it forwards the packet, with no second buffer.
            ByteBuf data = buf.retainedSlice(buf.readerIndex(), length);
            buf.skipBytes(length);
            return data.readerIndex(PacketHeader.SIZE);
        }
        return ControlPacketCodec.decode(buf);
    }

    static boolean isData(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + 1) == PacketHeader.TYPE_DATA;
    }
}
