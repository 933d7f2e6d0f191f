package dev.mycelium.core.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.wire.Bytes;
import dev.mycelium.core.wire.WireArbitraries;
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
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Message frames beyond the vectors: acks, length checks, dispatch order (protocol.md 7.2, 7.3). */
class MessageFrameCodecTest {

    private static final MessageId ID = MessageId.fromHex("fedcba9876543210");

    @Test
    void initAckEchoesLengthAndTopicLengthButNotTheTopic() throws WireFormatException {
        Init init = new Init(ID, true, 5000, "chat".getBytes(StandardCharsets.UTF_8));
        byte[] ack = Bytes.encode(out -> MessageFrameCodec.encode(init.ack(), out));

        assertThat(ack).hasSize(21);
        assertThat(Bytes.hex(ack)).isEqualTo("fedcba9876543210" + "8500" + "0000" + "0000000000001388" + "04");
        assertThat(decode(ack)).isEqualTo(new InitAck(ID, true, 5000, 4));
    }

    @Test
    void chunkAckHasNoData() throws WireFormatException {
        Chunk chunk = new Chunk(ID, false, 3, 3900, new byte[1300]);
        byte[] ack = Bytes.encode(out -> MessageFrameCodec.encode(chunk.ack(), out));

        assertThat(ack).hasSize(12 + 24);
        assertThat(ack[8] & 0xFF).isEqualTo(0x11);
        assertThat(decode(ack)).isEqualTo(new ChunkAck(ID, false, 3, 3900, 1300));
    }

    @Test
    void chunkAckWithEchoedDataFromOlderNodesIsAccepted() throws WireFormatException {
        // 0.7.0-0.7.4 echoed the chunk data in the ACK; only the fields matter.
        byte[] wire = Bytes.encode(out -> MessageFrameCodec.encode(new Chunk(ID, false, 7, 0, new byte[300]), out));
        wire[8] |= 0x01; // add ACK
        assertThat(decode(wire)).isEqualTo(new ChunkAck(ID, false, 7, 0, 300));
    }

    @Test
    void doneAckCarriesTheSameBody() throws WireFormatException {
        byte[] sum = new byte[32];
        Arrays.fill(sum, (byte) 0x5a);
        Done done = new Done(ID, false, 4, sum);
        byte[] wire = Bytes.encode(out -> MessageFrameCodec.encode(done.ack(), out));

        assertThat(wire).hasSize(52);
        assertThat(decode(wire)).isEqualTo(new DoneAck(ID, false, 4, sum));
    }

    @Test
    void shortFramesAreRejected() {
        // 7.3: header 12, INIT 21, CHUNK 36, DONE 52.
        assertThat(reason(new byte[11])).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(frame(MessageFlags.INIT, 8))).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(frame(MessageFlags.CHUNK, 23))).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(frame(MessageFlags.DONE, 39))).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(frame(MessageFlags.INIT | MessageFlags.ACK, 8))).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(frame(MessageFlags.CHUNK | MessageFlags.ACK, 23))).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(frame(MessageFlags.DONE | MessageFlags.ACK, 39))).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void initTopicMustMatchItsLengthByte() {
        byte[] init = frame(MessageFlags.INIT, 9 + 3);
        init[12 + 8] = 4; // says 4 topic bytes, 3 present
        assertThat(reason(init)).isEqualTo(Reason.TRUNCATED);
        init[12 + 8] = 2; // says 2, 3 present
        assertThat(reason(init)).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void chunkSizeMustMatchItsData() {
        byte[] chunk = frame(MessageFlags.CHUNK, 24 + 10);
        Unpooled.wrappedBuffer(chunk).setLong(12 + 16, 11);
        assertThat(reason(chunk)).isEqualTo(Reason.LENGTH_MISMATCH);
        Unpooled.wrappedBuffer(chunk).setLong(12 + 16, -1);
        assertThat(reason(chunk)).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void trailingBytesAreRejected() {
        assertThat(reason(frame(MessageFlags.DONE, 41))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(frame(MessageFlags.READ, 1))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(frame(MessageFlags.ABORTED, 1))).isEqualTo(Reason.LENGTH_MISMATCH);
        assertThat(reason(frame(MessageFlags.INIT | MessageFlags.ACK, 10))).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void flagsThatNameNoFrameAreRejected() {
        assertThat(reason(frame(0, 0))).isEqualTo(Reason.BAD_FLAGS);
        assertThat(reason(frame(MessageFlags.REPLY, 0))).isEqualTo(Reason.BAD_FLAGS);
        assertThat(reason(frame(MessageFlags.ACK, 0))).isEqualTo(Reason.BAD_FLAGS);
        assertThat(reason(frame(MessageFlags.ACK | MessageFlags.ABORTED, 0))).isEqualTo(Reason.BAD_FLAGS);
        // READ ACK is never sent by 0.7 (7.3); Mycelium ignores one, we refuse it.
        assertThat(reason(frame(MessageFlags.ACK | MessageFlags.READ, 0))).isEqualTo(Reason.BAD_FLAGS);
    }

    @Test
    void dispatchOrderFollowsMycelium() throws WireFormatException {
        // INIT wins over CHUNK; DONE over READ; unused bits and reserved bytes are ignored.
        byte[] initAndChunk = frame(MessageFlags.INIT | MessageFlags.CHUNK | 0x0200 | 0x00ff, 9);
        initAndChunk[10] = 0x7f;
        assertThat(decode(initAndChunk)).isInstanceOf(Init.class);
        assertThat(decode(frame(MessageFlags.DONE | MessageFlags.READ, 40))).isInstanceOf(Done.class);
        assertThat(decode(frame(MessageFlags.READ | MessageFlags.ABORTED, 0))).isEqualTo(new Read(ID, false));
        assertThat(decode(frame(MessageFlags.ABORTED | MessageFlags.REPLY, 0))).isEqualTo(new Aborted(ID, true));
    }

    @Test
    void constructorsRefuseWhatCannotBeSent() {
        assertThatThrownBy(() -> new Init(ID, false, 0, new byte[256])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Done(ID, false, 0, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InitAck(ID, false, 0, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageId.fromHex("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageId.fromHex("zz23456789abcdef")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageIdText() {
        assertThat(MessageId.fromHex("00000000000000ff").value()).isEqualTo(255);
        assertThat(new MessageId(-1).hex()).isEqualTo("ffffffffffffffff");
        assertThat(new MessageId(1)).hasToString("0000000000000001");
    }

    @Provide
    Arbitrary<MessageFrame> frames() {
        Arbitrary<MessageId> ids = Arbitraries.longs().map(MessageId::new);
        Arbitrary<Boolean> reply = Arbitraries.of(true, false);
        Arbitrary<Long> u64 = Arbitraries.longs();
        Arbitrary<byte[]> checksum = WireArbitraries.bytes(32);
        return Arbitraries.oneOf(
                Combinators.combine(ids, reply, u64, Arbitraries.bytes().array(byte[].class).ofMaxSize(255))
                        .as(Init::new),
                Combinators.combine(ids, reply, u64, Arbitraries.integers().between(0, 255)).as(InitAck::new),
                Combinators.combine(ids, reply, u64, u64, Arbitraries.bytes().array(byte[].class).ofMaxSize(1364))
                        .as(Chunk::new),
                Combinators.combine(ids, reply, u64, u64, u64).as(ChunkAck::new),
                Combinators.combine(ids, reply, u64, checksum).as(Done::new),
                Combinators.combine(ids, reply, u64, checksum).as(DoneAck::new),
                Combinators.combine(ids, reply).as(Read::new),
                Combinators.combine(ids, reply).as(Aborted::new));
    }

    @Property
    void roundTrip(@ForAll("frames") MessageFrame frame) throws WireFormatException {
        byte[] wire = Bytes.encode(out -> MessageFrameCodec.encode(frame, out));
        assertThat(wire).hasSize(MessageFrameCodec.length(frame));
        assertThat(((wire[8] & 0xFF) << 8 | (wire[9] & 0xFF))).isEqualTo(MessageFrameCodec.flags(frame));
        assertThat(decode(wire)).isEqualTo(frame);
    }

    @Property(tries = 3000)
    void mutatedFramesEndCleanly(@ForAll("frames") MessageFrame frame, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] wire = Bytes.encode(out -> MessageFrameCodec.encode(frame, out));
        switch (random.nextInt(3)) {
            case 0:
                wire = Arrays.copyOf(wire, random.nextInt(wire.length + 1));
                break;
            case 1:
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
                }
                break;
            default:
                byte[] garbage = new byte[random.nextInt(100)];
                random.nextBytes(garbage);
                wire = random.nextBoolean() ? Bytes.concat(wire, garbage) : garbage;
        }
        try {
            MessageFrame decoded = decode(wire);
            assertThat(MessageFrameCodec.length(decoded)).isLessThanOrEqualTo(wire.length);
        } catch (WireFormatException expected) {
            // typed rejection
        }
    }

    private static byte[] frame(int flags, int bodyLength) {
        byte[] h = MessageFrameVectorTest.header(flags);
        Unpooled.wrappedBuffer(h).setLong(0, ID.value());
        return Bytes.concat(h, new byte[bodyLength]);
    }

    private static MessageFrame decode(byte[] wire) throws WireFormatException {
        return MessageFrameCodec.decode(Unpooled.wrappedBuffer(wire));
    }

    private static Reason reason(byte[] wire) {
        try {
            throw new AssertionError("accepted as " + decode(wire));
        } catch (WireFormatException e) {
            return e.reason();
        }
    }
}
