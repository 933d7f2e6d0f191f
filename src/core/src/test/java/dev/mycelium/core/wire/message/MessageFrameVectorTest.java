package dev.mycelium.core.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.core.wire.Bytes;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.WireFormatException.Reason;
import dev.mycelium.core.wire.message.MessageFrame.Aborted;
import dev.mycelium.core.wire.message.MessageFrame.Chunk;
import dev.mycelium.core.wire.message.MessageFrame.Done;
import dev.mycelium.core.wire.message.MessageFrame.Init;
import dev.mycelium.core.wire.message.MessageFrame.InitAck;
import dev.mycelium.core.wire.message.MessageFrame.Read;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The message_* vectors (protocol.md 7.2, 7.3). Field positions come from the vectors' "body_bytes_a_b" keys. */
class MessageFrameVectorTest {

    private static final MessageId ID = MessageId.fromHex("0123456789abcdef");
    private static final Pattern BODY_RANGE = Pattern.compile("body_bytes_(\\d+)_(\\d+)");

    static Stream<Vector> flagVectors() {
        return Vectors.withPrefix("message_flag_").stream();
    }

    static Stream<Vector> writeVectors() {
        return Vectors.withPrefix("message_").stream().filter(v -> v.name().contains("_write_")
                || v.name().equals("message_done_checksum_position"));
    }

    static Stream<Vector> readVectors() {
        return Vectors.withPrefix("message_").stream().filter(v -> v.name().contains("_read_"));
    }

    @Test
    void everyMessageVectorIsCovered() {
        long covered = flagVectors().count() + writeVectors().count() + readVectors().count() + 1; // + oversized
        assertThat(covered).isEqualTo(Vectors.withPrefix("message_").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flagVectors")
    void flagBits(Vector v) {
        int flags = flagValue(v.input().get("flag").asText());
        int byte8 = Integer.parseInt(v.expected().get("header_byte_8").asText(), 16);
        int byte9 = Integer.parseInt(v.expected().get("header_byte_9").asText(), 16);
        assertThat(flags).isEqualTo(byte8 << 8 | byte9);

        // A frame sent with exactly these flags carries them in header bytes 8 and 9.
        MessageFrame frame = frameWithFlags(flags);
        if (frame != null) {
            byte[] wire = Bytes.encode(out -> MessageFrameCodec.encode(frame, out));
            assertThat(wire.length).isGreaterThanOrEqualTo(v.input().get("header_len").asInt());
            assertThat(wire[8] & 0xFF).isEqualTo(byte8);
            assertThat(wire[9] & 0xFF).isEqualTo(byte9);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeVectors")
    void writesFieldsAtTheirPositions(Vector v) {
        JsonNode in = v.input();
        MessageFrame frame;
        if (v.name().startsWith("message_init_")) {
            frame = new Init(ID, false, in.get("length").asLong(), new byte[0]);
        } else if (v.name().startsWith("message_chunk_")) {
            byte[] data = in.has("data") ? v.inputHex("data") : new byte[in.path("chunk_size").asInt(0)];
            frame = new Chunk(ID, false, in.path("chunk_idx").asLong(0), in.path("chunk_offset").asLong(0), data);
        } else {
            byte[] checksum = in.has("checksum") ? v.inputHex("checksum") : new byte[32];
            frame = new Done(ID, false, in.path("chunk_count").asLong(0), checksum);
        }
        byte[] wire = Bytes.encode(out -> MessageFrameCodec.encode(frame, out));
        assertThat(wire).hasSize(MessageFrameCodec.length(frame));

        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.expected().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int[] range = range(e.getKey());
            byte[] field = java.util.Arrays.copyOfRange(wire, MessageFrame.HEADER_SIZE + range[0],
                    MessageFrame.HEADER_SIZE + range[1]);
            assertThat(Bytes.hex(field)).as(e.getKey()).isEqualTo(e.getValue().asText());
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readVectors")
    void readsFieldsFromTheirPositions(Vector v) throws WireFormatException {
        int flags;
        byte[] body;
        if (v.name().startsWith("message_init_")) {
            flags = MessageFlags.INIT;
            body = new byte[MessageFrame.INIT_FIXED]; // empty topic
        } else if (v.name().startsWith("message_chunk_")) {
            flags = MessageFlags.CHUNK;
            body = new byte[MessageFrame.CHUNK_FIXED];
        } else {
            flags = MessageFlags.DONE;
            body = new byte[MessageFrame.DONE_BODY];
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.input().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int[] range = range(e.getKey());
            byte[] field = HexFormat.of().parseHex(e.getValue().asText());
            assertThat(field).hasSize(range[1] - range[0]);
            System.arraycopy(field, 0, body, range[0], field.length);
        }
        if (flags == MessageFlags.CHUNK) {
            // A chunk carries as many data bytes as its size field says.
            body = Bytes.concat(body, new byte[(int) Unpooled.wrappedBuffer(body).getLong(16)]);
        }
        byte[] wire = Bytes.concat(header(flags), body);

        MessageFrame frame = MessageFrameCodec.decode(Unpooled.wrappedBuffer(wire));

        JsonNode expected = v.expected();
        if (frame instanceof Init i) {
            assertThat(i.length()).isEqualTo(expected.get("length").asLong());
        } else if (frame instanceof Chunk c) {
            if (expected.has("chunk_idx")) {
                assertThat(c.index()).isEqualTo(expected.get("chunk_idx").asLong());
            }
            if (expected.has("chunk_offset")) {
                assertThat(c.offset()).isEqualTo(expected.get("chunk_offset").asLong());
            }
            if (expected.has("chunk_size")) {
                assertThat(c.data().length).isEqualTo(expected.get("chunk_size").asInt());
            }
        } else if (frame instanceof Done d) {
            assertThat(d.chunkCount()).isEqualTo(expected.get("chunk_count").asLong());
        } else {
            throw new AssertionError("decoded " + frame);
        }
    }

    @Test
    void oversizedChunkIsRejected() {
        Vector v = Vectors.named("message_chunk_oversized_rejected");
        int length = v.input().get("data_len").asInt();
        assertThat(v.expected().get("error").asText()).isEqualTo("InsufficientChunkSpace");

        assertThatThrownBy(() -> new Chunk(ID, false, 0, 0, new byte[length]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1364");

        byte[] fixed = new byte[MessageFrame.CHUNK_FIXED];
        Unpooled.wrappedBuffer(fixed).setLong(16, length);
        byte[] wire = Bytes.concat(header(MessageFlags.CHUNK), fixed, new byte[length]);
        assertThatThrownBy(() -> MessageFrameCodec.decode(Unpooled.wrappedBuffer(wire)))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(MessageFrame.MAX_CHUNK_DATA).isEqualTo(1364).isLessThan(length);
    }

    static byte[] header(int flags) {
        byte[] h = new byte[MessageFrame.HEADER_SIZE];
        Unpooled.wrappedBuffer(h).setLong(0, ID.value()).setShort(8, flags);
        return h;
    }

    private static int[] range(String key) {
        Matcher m = BODY_RANGE.matcher(key);
        assertThat(m.matches()).as(key).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static int flagValue(String name) {
        switch (name) {
            case "init":
                return MessageFlags.INIT;
            case "done":
                return MessageFlags.DONE;
            case "aborted":
                return MessageFlags.ABORTED;
            case "chunk":
                return MessageFlags.CHUNK;
            case "read":
                return MessageFlags.READ;
            case "reply":
                return MessageFlags.REPLY;
            case "ack":
                return MessageFlags.ACK;
            case "init_plus_ack":
                return MessageFlags.INIT | MessageFlags.ACK;
            default:
                throw new IllegalArgumentException("flag " + name);
        }
    }

    /** The frame whose flags word is exactly {@code flags}, or null when no frame is sent with those alone. */
    private static MessageFrame frameWithFlags(int flags) {
        switch (flags) {
            case MessageFlags.INIT:
                return new Init(ID, false, 0, new byte[0]);
            case MessageFlags.DONE:
                return new Done(ID, false, 0, new byte[32]);
            case MessageFlags.ABORTED:
                return new Aborted(ID, false);
            case MessageFlags.CHUNK:
                return new Chunk(ID, false, 0, 0, new byte[0]);
            case MessageFlags.READ:
                return new Read(ID, false);
            case MessageFlags.INIT | MessageFlags.ACK:
                return new InitAck(ID, false, 0, 0);
            default:
                return null;
        }
    }
}
