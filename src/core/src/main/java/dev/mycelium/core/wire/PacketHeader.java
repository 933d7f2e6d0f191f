package dev.mycelium.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * The 4-byte outer header of every packet on a peer link (protocol.md 3.1): version 1, type (0 data, 1 control),
 * two reserved bytes sent as 0 and ignored on receive.
 */
public final class PacketHeader {

    public static final int SIZE = 4;
    public static final int VERSION = 1;
    public static final int TYPE_DATA = 0;
    public static final int TYPE_CONTROL = 1;

    private PacketHeader() {
    }

    /** Writes {@code 01 type 00 00}. */
    public static void write(ByteBuf out, int type) {
        if (type != TYPE_DATA && type != TYPE_CONTROL) {
            throw new IllegalArgumentException("packet type must be 0 or 1, got " + type);
        }
        out.writeInt(VERSION << 24 | type << 16);
    }

    /** Validates the version byte at {@code index}. */
    public static void checkVersion(ByteBuf buf, int index) throws WireFormatException {
        int version = buf.getUnsignedByte(index);
        if (version != VERSION) {
            throw new WireFormatException(WireFormatException.Reason.BAD_VERSION, "packet version " + version);
        }
    }

    /**
     * Validates the version and type bytes at {@code index} (the caller guarantees at least 2 readable bytes there)
     * and returns the type. Reserved bytes are ignored.
     */
    public static int type(ByteBuf buf, int index) throws WireFormatException {
        checkVersion(buf, index);
        int type = buf.getUnsignedByte(index + 1);
        if (type != TYPE_DATA && type != TYPE_CONTROL) {
            throw new WireFormatException(WireFormatException.Reason.BAD_TYPE, "packet type " + type);
        }
        return type;
    }
}
