package dev.mycelium.core.wire.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One message packet (protocol.md 7.2, 7.3): the payload of a data body of type 1. Every frame carries the message
 * id and whether it belongs to a reply (REPLY flag). u64 fields are held in a {@code long} as raw bits (compare with
 * {@link Long#compareUnsigned}). Byte arrays are not copied: callers must not change them afterwards.
 */
public sealed interface MessageFrame {

    /** Header size: id (8), flags (2), reserved (2). */
    int HEADER_SIZE = 12;
    /** INIT body without the topic: u64 length + u8 topic length. */
    int INIT_FIXED = 9;
    /** CHUNK body without the data: u64 index, u64 offset, u64 size. */
    int CHUNK_FIXED = 24;
    /** BLAKE3 checksum of the message data. */
    int CHECKSUM_SIZE = 32;
    /** DONE body: u64 chunk count + checksum. */
    int DONE_BODY = 8 + CHECKSUM_SIZE;
    int MAX_TOPIC = 255;
    /** Room for data in a chunk frame: 1400 - 12 - 24 (7.8, vector message_chunk_oversized_rejected). */
    int MAX_CHUNK_DATA = 1400 - HEADER_SIZE - CHUNK_FIXED;

    MessageId id();

    boolean reply();

    /** INIT: announces a message of {@code length} bytes with a topic of 0..255 bytes. */
    record Init(MessageId id, boolean reply, long length, byte[] topic) implements MessageFrame {

        public Init {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(topic, "topic");
            if (topic.length > MAX_TOPIC) {
                throw new IllegalArgumentException("topic of " + topic.length + " bytes, at most " + MAX_TOPIC);
            }
        }

        /** The receiver's answer: same header plus ACK, length and topic length but no topic bytes (7.3). */
        public InitAck ack() {
            return new InitAck(id, reply, length, topic.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Init i && i.id.equals(id) && i.reply == reply && i.length == length
                    && Arrays.equals(i.topic, topic);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, reply, length, Arrays.hashCode(topic));
        }

        @Override
        public String toString() {
            return "Init[id=" + id + ", reply=" + reply + ", length=" + Long.toUnsignedString(length) + ", topic="
                    + HexFormat.of().formatHex(topic) + "]";
        }
    }

    /** INIT ACK: echoes length and the topic length byte of the INIT it answers. */
    record InitAck(MessageId id, boolean reply, long length, int topicLength) implements MessageFrame {

        public InitAck {
            Objects.requireNonNull(id, "id");
            if (topicLength < 0 || topicLength > MAX_TOPIC) {
                throw new IllegalArgumentException("topic length must be 0..255, got " + topicLength);
            }
        }
    }

    /** CHUNK: {@code data} at byte {@code offset} of the message, chunk number {@code index}; size = data length. */
    record Chunk(MessageId id, boolean reply, long index, long offset, byte[] data) implements MessageFrame {

        public Chunk {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(data, "data");
            if (data.length > MAX_CHUNK_DATA) {
                throw new IllegalArgumentException(
                        "chunk of " + data.length + " bytes, at most " + MAX_CHUNK_DATA + " fit a frame");
            }
        }

        /** The receiver's answer: the 24 chunk fields without the data (since 0.7.5). */
        public ChunkAck ack() {
            return new ChunkAck(id, reply, index, offset, data.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk c && c.id.equals(id) && c.reply == reply && c.index == index
                    && c.offset == offset && Arrays.equals(c.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, reply, index, offset, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Chunk[id=" + id + ", reply=" + reply + ", index=" + Long.toUnsignedString(index) + ", offset="
                    + Long.toUnsignedString(offset) + ", size=" + data.length + "]";
        }
    }

    /** CHUNK ACK: the chunk fields of the acknowledged chunk; only the index matters to the sender. */
    record ChunkAck(MessageId id, boolean reply, long index, long offset, long size) implements MessageFrame {

        public ChunkAck {
            Objects.requireNonNull(id, "id");
        }
    }

    /** DONE: number of chunks and the BLAKE3 hash of the message data. */
    record Done(MessageId id, boolean reply, long chunkCount, byte[] checksum) implements MessageFrame {

        public Done {
            Objects.requireNonNull(id, "id");
            requireChecksum(checksum);
        }

        public DoneAck ack() {
            return new DoneAck(id, reply, chunkCount, checksum);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Done d && d.id.equals(id) && d.reply == reply && d.chunkCount == chunkCount
                    && Arrays.equals(d.checksum, checksum);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, reply, chunkCount, Arrays.hashCode(checksum));
        }

        @Override
        public String toString() {
            return "Done[id=" + id + ", reply=" + reply + ", chunkCount=" + Long.toUnsignedString(chunkCount)
                    + ", checksum=" + HexFormat.of().formatHex(checksum) + "]";
        }
    }

    /** DONE ACK: the same 40-byte body as the DONE it answers. */
    record DoneAck(MessageId id, boolean reply, long chunkCount, byte[] checksum) implements MessageFrame {

        public DoneAck {
            Objects.requireNonNull(id, "id");
            requireChecksum(checksum);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DoneAck d && d.id.equals(id) && d.reply == reply && d.chunkCount == chunkCount
                    && Arrays.equals(d.checksum, checksum);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, reply, chunkCount, Arrays.hashCode(checksum));
        }

        @Override
        public String toString() {
            return "DoneAck[id=" + id + ", reply=" + reply + ", chunkCount=" + Long.toUnsignedString(chunkCount)
                    + ", checksum=" + HexFormat.of().formatHex(checksum) + "]";
        }
    }

    /** READ: header only, sent by the receiver whenever the application pops or peeks the message. */
    record Read(MessageId id, boolean reply) implements MessageFrame {

        public Read {
            Objects.requireNonNull(id, "id");
        }
    }

    /** ABORTED: header only, sent by the sender at its deadline. */
    record Aborted(MessageId id, boolean reply) implements MessageFrame {

        public Aborted {
            Objects.requireNonNull(id, "id");
        }
    }

    private static void requireChecksum(byte[] checksum) {
        Objects.requireNonNull(checksum, "checksum");
        if (checksum.length != CHECKSUM_SIZE) {
            throw new IllegalArgumentException("checksum must be 32 bytes, got " + checksum.length);
        }
    }
}
