package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The 36-byte data header (protocol.md 3.2). */
class DataHeaderTest {

    @Test
    void layoutIsLenShiftedEightOrHop() {
        byte[] wire = Bytes.encode(out -> DataHeader.write(out, Packets.SRC, Packets.DST, 64, 1432));

        assertThat(wire).hasSize(PacketHeader.SIZE + DataHeader.SIZE);
        // outer header 01 00 00 00, then word (1432 << 8 | 64) = 00 05 98 40, then the addresses.
        assertThat(Bytes.hex(wire)).isEqualTo("01000000" + "00059840" + Bytes.hex(Packets.SRC) + Bytes.hex(Packets.DST));
    }

    @Test
    void readersWorkRelativeToTheReaderIndex() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {9, 9, 9});
        DataHeader.writeWithoutPacketHeader(buf, Packets.SRC, Packets.DST, 5, 3);
        buf.writeBytes(new byte[] {1, 2, 3});
        buf.skipBytes(3);

        assertThat(DataHeader.hopLimit(buf)).isEqualTo(5);
        assertThat(DataHeader.bodyLength(buf)).isEqualTo(3);
        assertThat(DataHeader.packetLength(buf)).isEqualTo(39);
        assertThat(Bytes.readable(DataHeader.body(buf))).containsExactly(1, 2, 3);
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        DataHeader.copySource(buf, src);
        DataHeader.copyDestination(buf, dst);
        assertThat(src).isEqualTo(Packets.SRC);
        assertThat(dst).isEqualTo(Packets.DST);

        DataHeader.setHopLimit(buf, 4);
        assertThat(DataHeader.hopLimit(buf)).isEqualTo(4);
        assertThat(DataHeader.bodyLength(buf)).isEqualTo(3);
        assertThat(buf.readerIndex()).isEqualTo(3);
    }

    @Test
    void topByteOfTheWordIsIgnored() {
        ByteBuf buf = Unpooled.buffer();
        DataHeader.writeWithoutPacketHeader(buf, Packets.SRC, Packets.DST, 7, 513);
        buf.setByte(0, 0xFF);

        assertThat(DataHeader.bodyLength(buf)).isEqualTo(513);
        assertThat(DataHeader.hopLimit(buf)).isEqualTo(7);
    }

    @Test
    void writerRefusesWhatDoesNotFit() {
        ByteBuf out = Unpooled.buffer();
        assertThatThrownBy(() -> DataHeader.write(out, Packets.SRC, Packets.DST, 256, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataHeader.write(out, Packets.SRC, Packets.DST, 64, 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataHeader.write(out, new byte[4], Packets.DST, 64, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataHeader.setHopLimit(out, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void roundTrip(@ForAll @Size(16) byte[] src, @ForAll @Size(16) byte[] dst,
            @ForAll @IntRange(max = 255) int hop, @ForAll @IntRange(max = 65535) int length) {
        ByteBuf buf = Unpooled.buffer();
        DataHeader.write(buf, src, dst, hop, length);
        buf.skipBytes(PacketHeader.SIZE);
        byte[] s = new byte[16];
        byte[] d = new byte[16];
        DataHeader.copySource(buf, s);
        DataHeader.copyDestination(buf, d);

        assertThat(DataHeader.hopLimit(buf)).isEqualTo(hop);
        assertThat(DataHeader.bodyLength(buf)).isEqualTo(length);
        assertThat(s).isEqualTo(src);
        assertThat(d).isEqualTo(dst);
        assertThat(buf.getUnsignedByte(buf.readerIndex())).as("top byte written as 0").isZero();
    }
}
