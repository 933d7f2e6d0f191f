package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The plaintext header {@code 01 type 00 00} of an encrypted body (protocol.md 6.2). */
class InnerHeaderTest {

    @Test
    void writesVersionTypeAndZeros() {
        assertThat(Bytes.hex(Bytes.encode(out -> InnerHeader.write(out, InnerHeader.TYPE_L3)))).isEqualTo("01000000");
        assertThat(Bytes.hex(Bytes.encode(out -> InnerHeader.write(out, InnerHeader.TYPE_MESSAGE))))
                .isEqualTo("01010000");
        assertThat(Bytes.hex(Bytes.encode(out -> InnerHeader.write(out, InnerHeader.TYPE_OOB_ICMP))))
                .isEqualTo("01020000");
        assertThatThrownBy(() -> InnerHeader.write(Unpooled.buffer(), 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTypeIgnoringReservedBytes() throws WireFormatException {
        ByteBuf in = Unpooled.wrappedBuffer(Bytes.hex("0102ffff" + "aa"));
        assertThat(InnerHeader.peek(in)).isEqualTo(InnerHeader.TYPE_OOB_ICMP);
        assertThat(in.readerIndex()).isZero();
        assertThat(InnerHeader.read(in)).isEqualTo(InnerHeader.TYPE_OOB_ICMP);
        assertThat(in.readerIndex()).isEqualTo(4);
    }

    @Test
    void rejectsWhatTheReceiverDrops() {
        assertThat(reason("00000000")).isEqualTo(Reason.BAD_VERSION);
        assertThat(reason("02000000")).isEqualTo(Reason.BAD_VERSION);
        assertThat(reason("01030000")).isEqualTo(Reason.BAD_TYPE);
        assertThat(reason("010000")).isEqualTo(Reason.TRUNCATED);
    }

    @Property
    void randomBytesEndCleanly(@ForAll @Size(max = 6) byte[] bytes) {
        try {
            int type = InnerHeader.read(Unpooled.wrappedBuffer(bytes));
            assertThat(type).isBetween(0, 2);
        } catch (WireFormatException expected) {
            // typed rejection
        }
    }

    private static Reason reason(String hex) {
        try {
            InnerHeader.read(Unpooled.wrappedBuffer(Bytes.hex(hex)));
            throw new AssertionError("accepted " + hex);
        } catch (WireFormatException e) {
            return e.reason();
        }
    }
}
