package dev.mycelium.core.wire;

import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;

/**
 * The 4-byte header at the start of every decrypted data body (protocol.md 6.2): data version 1, data type
 * (0 L3 IPv6 packet, 1 message frame, 2 out-of-band ICMP), two reserved bytes sent as 0 and ignored.
 */
public final class InnerHeader {

    public static final int SIZE = 4;
    public static final int VERSION = 1;
    public static final int TYPE_L3 = 0;
    public static final int TYPE_MESSAGE = 1;
    public static final int TYPE_OOB_ICMP = 2;

    private InnerHeader() {
    }

    /** Writes {@code 01 type 00 00}. */
    public static void write(ByteBuf out, int type) {
        if (type < TYPE_L3 || type > TYPE_OOB_ICMP) {
            throw new IllegalArgumentException("data type must be 0, 1 or 2, got " + type);
        }
        out.writeInt(VERSION << 24 | type << 16);
    }

    /** Reads the header at the reader index, advancing past it, and returns the data type. */
    public static int read(ByteBuf in) throws WireFormatException {
        int type = peek(in);
        in.skipBytes(SIZE);
        return type;
    }

    /** Validates the header at the reader index without moving it and returns the data type. */
    public static int peek(ByteBuf in) throws WireFormatException {
        if (in.readableBytes() < SIZE) {
            throw new WireFormatException(Reason.TRUNCATED, "data body of " + in.readableBytes() + " bytes");
        }
        int index = in.readerIndex();
        int version = in.getUnsignedByte(index);
        if (version != VERSION) {
            throw new WireFormatException(Reason.BAD_VERSION, "data version " + version);
        }
        int type = in.getUnsignedByte(index + 1);
        if (type > TYPE_OOB_ICMP) {
            throw new WireFormatException(Reason.BAD_TYPE, "data type " + type);
        }
        return type;
    }
}
