package dev.mycelium.core.wire;

import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import java.util.Arrays;

/** Sample packets for framer tests, built with the codec under test. */
final class Packets {

    static final byte[] SRC = Bytes.hex("0548c783d7ce74a39ba1a0cbae21338d");
    static final byte[] DST = Bytes.hex("051474cedd13296fada74d2e9335acac");

    private Packets() {
    }

    static RouterId routerId(int fill) {
        byte[] id = new byte[RouterId.SIZE];
        Arrays.fill(id, (byte) fill);
        return RouterId.of(id);
    }

    static ControlTlv[] sampleTlvs() {
        Subnet subnet = Subnet.parse("548:c783:d7ce:74a3::/64");
        return new ControlTlv[] {
            new Hello(Hello.UNICAST, 7, 2000),
            new Ihu(1234, 6000, null),
            new Update(0, 30000, 42, 0, subnet, routerId(9)),
            new RouteRequest(0, subnet),
            new RouteRequest(0, null),
            new SeqnoRequest(43, 64, subnet, routerId(9)),
        };
    }

    static byte[] control(ControlTlv tlv) {
        return Bytes.encode(out -> ControlPacketCodec.encode(tlv, out));
    }

    /** A whole data packet on the wire: outer header, data header, {@code bodyLength} patterned body bytes. */
    static byte[] data(int hopLimit, int bodyLength) {
        byte[] body = new byte[bodyLength];
        for (int i = 0; i < bodyLength; i++) {
            body[i] = (byte) (i * 31 + bodyLength);
        }
        return Bytes.encode(out -> {
            DataHeader.write(out, SRC, DST, hopLimit, bodyLength);
            out.writeBytes(body);
        });
    }

    /** A data packet as the framer hands it out: without the outer header. */
    static byte[] withoutOuterHeader(byte[] packet) {
        return Arrays.copyOfRange(packet, PacketHeader.SIZE, packet.length);
    }
}
