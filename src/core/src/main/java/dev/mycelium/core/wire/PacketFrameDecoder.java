package dev.mycelium.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/**
 * Netty adapter over the same framing rules as {@link PacketFramer} (protocol.md 2.4), for Netty pipelines and
 * tests: emits a {@link dev.mycelium.core.wire.babel.ControlTlv} per control packet and, per data packet, a
 * {@link ByteBuf} starting at the 36-byte data header that the next handler must release.
 *
 * <p>A malformed stream raises a {@link DecoderException} whose cause is the {@link WireFormatException}; the decoder
 * then discards all further input (the link must be closed). A packet cut off by the end of the stream is dropped.
 * The cumulation never has to hold more than one packet ({@link PacketFramer#MAX_PACKET}) beyond the current read.
 */
public final class PacketFrameDecoder extends ByteToMessageDecoder {

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                int length = PacketFrames.packetLength(in);
                if (length < 0 || in.readableBytes() < length) {
                    return;
                }
                out.add(PacketFrames.readPacket(in, length));
            }
        } catch (WireFormatException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new DecoderException(e);
        }
    }

    /** True once the stream was found malformed. */
    public boolean isFailed() {
        return failed;
    }
}
