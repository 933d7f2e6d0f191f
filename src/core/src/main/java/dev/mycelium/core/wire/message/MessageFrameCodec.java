package dev.mycelium.core.wire.message;

import static dev.mycelium.core.wire.message.MessageFrame.CHECKSUM_SIZE;
import static dev.mycelium.core.wire.message.MessageFrame.CHUNK_FIXED;
import static dev.mycelium.core.wire.message.MessageFrame.DONE_BODY;
import static dev.mycelium.core.wire.message.MessageFrame.HEADER_SIZE;
import static dev.mycelium.core.wire.message.MessageFrame.INIT_FIXED;
import static dev.mycelium.core.wire.message.MessageFrame.MAX_CHUNK_DATA;

import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.WireFormatException.Reason;
import dev.mycelium.core.wire.message.MessageFrame.Aborted;
import dev.mycelium.core.wire.message.MessageFrame.Chunk;
import dev.mycelium.core.wire.message.MessageFrame.ChunkAck;
import dev.mycelium.core.wire.message.MessageFrame.Done;
import dev.mycelium.core.wire.message.MessageFrame.DoneAck;
import dev.mycelium.core.wire.message.MessageFrame.Init;
import dev.mycelium.core.wire.message.MessageFrame.InitAck;
import dev.mycelium.core.wire.message.MessageFrame.Read;
import io.netty.buffer.ByteBuf;

/**
 * Message packets (protocol.md 7.2, 7.3): a 12-byte header (id, flags, reserved) and a body depending on the flags.
 *
 * <p>The decoder picks the frame kind the way Mycelium dispatches (7.2): with ACK set, INIT then CHUNK then DONE;
 * without, INIT, CHUNK, DONE, READ, ABORTED in that order. Unused flag bits and the reserved bytes are ignored.
 * Unlike Mycelium (which slices without checking and panics on short frames) every frame is length-checked:
 * short frames, trailing bytes and chunk data over 1364 bytes are refused. The one tolerance: a CHUNK ACK may carry
 * the echoed data that 0.7.0-0.7.4 still sent; it is ignored.
 */
public final class MessageFrameCodec {

    private MessageFrameCodec() {
    }

    /** Encoded size of {@code frame}. */
    public static int length(MessageFrame frame) {
        if (frame instanceof Init i) {
            return HEADER_SIZE + INIT_FIXED + i.topic().length;
        } else if (frame instanceof InitAck) {
            return HEADER_SIZE + INIT_FIXED;
        } else if (frame instanceof Chunk c) {
            return HEADER_SIZE + CHUNK_FIXED + c.data().length;
        } else if (frame instanceof ChunkAck) {
            return HEADER_SIZE + CHUNK_FIXED;
        } else if (frame instanceof Done || frame instanceof DoneAck) {
            return HEADER_SIZE + DONE_BODY;
        }
        return HEADER_SIZE; // Read, Aborted
    }

    /** Writes the whole frame (header and body). */
    public static void encode(MessageFrame frame, ByteBuf out) {
        out.writeLong(frame.id().value());
        out.writeShort(flags(frame));
        out.writeShort(0);
        if (frame instanceof Init i) {
            out.writeLong(i.length());
            out.writeByte(i.topic().length);
            out.writeBytes(i.topic());
        } else if (frame instanceof InitAck a) {
            out.writeLong(a.length());
            out.writeByte(a.topicLength());
        } else if (frame instanceof Chunk c) {
            out.writeLong(c.index());
            out.writeLong(c.offset());
            out.writeLong(c.data().length);
            out.writeBytes(c.data());
        } else if (frame instanceof ChunkAck a) {
            out.writeLong(a.index());
            out.writeLong(a.offset());
            out.writeLong(a.size());
        } else if (frame instanceof Done d) {
            out.writeLong(d.chunkCount());
            out.writeBytes(d.checksum());
        } else if (frame instanceof DoneAck d) {
            out.writeLong(d.chunkCount());
            out.writeBytes(d.checksum());
        }
    }

    /** The flags word {@code frame} is sent with. */
    public static int flags(MessageFrame frame) {
        int kind;
        if (frame instanceof Init) {
            kind = MessageFlags.INIT;
        } else if (frame instanceof InitAck) {
            kind = MessageFlags.INIT | MessageFlags.ACK;
        } else if (frame instanceof Chunk) {
            kind = MessageFlags.CHUNK;
        } else if (frame instanceof ChunkAck) {
            kind = MessageFlags.CHUNK | MessageFlags.ACK;
        } else if (frame instanceof Done) {
            kind = MessageFlags.DONE;
        } else if (frame instanceof DoneAck) {
            kind = MessageFlags.DONE | MessageFlags.ACK;
        } else if (frame instanceof Read) {
            kind = MessageFlags.READ;
        } else {
            kind = MessageFlags.ABORTED;
        }
        return frame.reply() ? kind | MessageFlags.REPLY : kind;
    }

    /** Decodes one frame from all readable bytes of {@code in} (its indices are not moved). */
    public static MessageFrame decode(ByteBuf in) throws WireFormatException {
        int length = in.readableBytes();
        if (length < HEADER_SIZE) {
            throw new WireFormatException(Reason.TRUNCATED, "message frame of " + length + " bytes");
        }
        int start = in.readerIndex();
        MessageId id = new MessageId(in.getLong(start));
        int flags = in.getUnsignedShort(start + 8);
        boolean reply = (flags & MessageFlags.REPLY) != 0;
        int body = start + HEADER_SIZE;
        int bodyLength = length - HEADER_SIZE;
        if ((flags & MessageFlags.ACK) != 0) {
            if ((flags & MessageFlags.INIT) != 0) {
                requireBody(bodyLength, INIT_FIXED, "INIT ACK");
                return new InitAck(id, reply, in.getLong(body), in.getUnsignedByte(body + 8));
            } else if ((flags & MessageFlags.CHUNK) != 0) {
                if (bodyLength < CHUNK_FIXED) {
                    throw tooShort("CHUNK ACK", bodyLength, CHUNK_FIXED);
                }
                // Bytes after the 24 fields: data echoed by 0.7.0-0.7.4, ignored as Mycelium does.
                return new ChunkAck(id, reply, in.getLong(body), in.getLong(body + 8), in.getLong(body + 16));
            } else if ((flags & MessageFlags.DONE) != 0) {
                requireBody(bodyLength, DONE_BODY, "DONE ACK");
                return new DoneAck(id, reply, in.getLong(body), checksum(in, body + 8));
            }
            throw new WireFormatException(Reason.BAD_FLAGS,
                    String.format("ACK frame with flags %04x names nothing awaiting an answer", flags));
        }
        if ((flags & MessageFlags.INIT) != 0) {
            return decodeInit(in, id, reply, body, bodyLength);
        } else if ((flags & MessageFlags.CHUNK) != 0) {
            return decodeChunk(in, id, reply, body, bodyLength);
        } else if ((flags & MessageFlags.DONE) != 0) {
            requireBody(bodyLength, DONE_BODY, "DONE");
            return new Done(id, reply, in.getLong(body), checksum(in, body + 8));
        } else if ((flags & MessageFlags.READ) != 0) {
            requireBody(bodyLength, 0, "READ");
            return new Read(id, reply);
        } else if ((flags & MessageFlags.ABORTED) != 0) {
            requireBody(bodyLength, 0, "ABORTED");
            return new Aborted(id, reply);
        }
        throw new WireFormatException(Reason.BAD_FLAGS, String.format("message flags %04x name no frame", flags));
    }

    private static Init decodeInit(ByteBuf in, MessageId id, boolean reply, int body, int bodyLength)
            throws WireFormatException {
        if (bodyLength < INIT_FIXED) {
            throw tooShort("INIT", bodyLength, INIT_FIXED);
        }
        int topicLength = in.getUnsignedByte(body + 8);
        requireBody(bodyLength, INIT_FIXED + topicLength, "INIT with a " + topicLength + "-byte topic");
        byte[] topic = new byte[topicLength];
        in.getBytes(body + INIT_FIXED, topic);
        return new Init(id, reply, in.getLong(body), topic);
    }

    private static Chunk decodeChunk(ByteBuf in, MessageId id, boolean reply, int body, int bodyLength)
            throws WireFormatException {
        if (bodyLength < CHUNK_FIXED) {
            throw tooShort("CHUNK", bodyLength, CHUNK_FIXED);
        }
        long size = in.getLong(body + 16);
        int present = bodyLength - CHUNK_FIXED;
        if (size != present) {
            // Mycelium reads min(size, present); its senders always write size == data length.
            throw new WireFormatException(Reason.LENGTH_MISMATCH,
                    "CHUNK size field " + Long.toUnsignedString(size) + " but " + present + " data bytes");
        }
        if (present > MAX_CHUNK_DATA) {
            throw new WireFormatException(Reason.TOO_LARGE,
                    "CHUNK of " + present + " data bytes, at most " + MAX_CHUNK_DATA);
        }
        byte[] data = new byte[present];
        in.getBytes(body + CHUNK_FIXED, data);
        return new Chunk(id, reply, in.getLong(body), in.getLong(body + 8), data);
    }

    private static byte[] checksum(ByteBuf in, int index) {
        byte[] checksum = new byte[CHECKSUM_SIZE];
        in.getBytes(index, checksum);
        return checksum;
    }

    private static void requireBody(int bodyLength, int expected, String what) throws WireFormatException {
        if (bodyLength < expected) {
            throw tooShort(what, bodyLength, expected);
        }
        if (bodyLength > expected) {
            throw new WireFormatException(Reason.LENGTH_MISMATCH,
                    what + " body of " + bodyLength + " bytes, must be " + expected);
        }
    }

    private static WireFormatException tooShort(String what, int bodyLength, int expected) {
        return new WireFormatException(Reason.TRUNCATED,
                what + " body of " + bodyLength + " bytes, needs " + expected);
    }
}
