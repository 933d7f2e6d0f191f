package dev.mycelium.core.wire;

import dev.mycelium.core.wire.babel.ControlTlv;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Collects what a framer emits; data packets are copied out as byte arrays and released at once. */
final class CollectingSink implements PacketFramer.PacketSink {

    private final List<ControlTlv> control;
    private final List<byte[]> data;

    CollectingSink(List<ControlTlv> control, List<byte[]> data) {
        this.control = control;
        this.data = data;
    }

    @Override
    public void onControl(ControlTlv tlv) {
        control.add(tlv);
    }

    @Override
    public void onData(ByteBuf dataPacket) {
        try {
            data.add(Bytes.readable(dataPacket));
        } finally {
            dataPacket.release();
        }
    }
}
