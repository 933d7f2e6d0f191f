package dev.mycelium.core.wire;

import dev.mycelium.core.wire.babel.ControlTlv;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Cuts a peer link's byte stream into packets (protocol.md 2.4: packets back to back, no extra framing). One per
 * link, used from one thread at a time.
 *
 * <p>Complete packets are handed out straight from the fed buffer (data packets as retained slices, no copy); only
 * the tail of a packet split across reads is copied, into a buffer sized for that one packet. So the framer never
 * holds more than one packet, at most {@link #MAX_PACKET} bytes (a data body is bounded by its u16 length field).
 *
 * <p>A {@link WireFormatException} is terminal: the link must be closed (3.1, 3.3), and later input is discarded.
 */
public final class PacketFramer {

    /** Receives the packets of one link. Implementations own what they are given. */
    public interface PacketSink {

        void onControl(ControlTlv tlv);

        /** {@code dataPacket} starts at the 36-byte data header (outer header stripped); the sink must release it. */
        void onData(ByteBuf dataPacket);
    }

    /** Largest packet the framer ever buffers, outer header included. */
    public static final int MAX_PACKET = PacketFrames.MAX_PACKET;

    private final ByteBufAllocator allocator;
    /** The start of a packet split across reads; null when the last read ended on a packet boundary. */
    private ByteBuf partial;
    private boolean failed;
    private boolean released;

    public PacketFramer() {
        this(ByteBufAllocator.DEFAULT);
    }

    public PacketFramer(ByteBufAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator);
    }

    /**
     * Frames {@code bytes} (taking ownership of it) and hands every complete packet to {@code sink}; a trailing
     * partial packet is kept for the next call. After a failure or {@link #release()} input is released unread.
     *
     * @throws WireFormatException when the stream is not a valid packet sequence; the framer is then failed
     */
    public void feed(ByteBuf bytes, PacketSink sink) throws WireFormatException {
        try {
            if (failed || released) {
                return;
            }
            if (partial != null) {
                completePartial(bytes, sink);
            }
            while (partial == null && bytes.isReadable() && !released) {
                int length = PacketFrames.packetLength(bytes);
                if (length < 0 || bytes.readableBytes() < length) {
                    partial = allocator.buffer(Math.max(length, PacketFrames.LENGTH_KNOWN_AFTER));
                    partial.writeBytes(bytes);
                    break;
                }
                emit(bytes, length, sink);
            }
        } catch (WireFormatException | RuntimeException | Error e) {
            fail();
            throw e;
        } finally {
            bytes.release();
        }
    }

    /** True once the stream was found malformed (or a sink threw); the link should be closed. */
    public boolean isFailed() {
        return failed;
    }

    /** Bytes of a split packet currently held. */
    public int bufferedBytes() {
        return partial == null ? 0 : partial.readableBytes();
    }

    /** Frees any buffered bytes; call when the link closes. Later input is discarded. */
    public void release() {
        released = true;
        releasePartial();
    }

    /** Moves bytes from {@code bytes} into {@link #partial} until its packet is complete or the input runs out. */
    private void completePartial(ByteBuf bytes, PacketSink sink) throws WireFormatException {
        while (partial != null && bytes.isReadable()) {
            int length = PacketFrames.packetLength(partial);
            int target = length < 0 ? PacketFrames.LENGTH_KNOWN_AFTER : length;
            if (partial.capacity() < target) {
                // Grow to exactly one packet rather than to the allocator's next power of two.
                ByteBuf bigger = allocator.buffer(target);
                bigger.writeBytes(partial);
                partial.release();
                partial = bigger;
            }
            int take = Math.min(target - partial.readableBytes(), bytes.readableBytes());
            if (take <= 0) {
                throw new IllegalStateException("framer made no progress at " + partial.readableBytes() + " bytes");
            }
            partial.writeBytes(bytes, take);
            if (length < 0) {
                continue; // the header may now be complete: validate it and learn the length
            }
            if (partial.readableBytes() == length) {
                ByteBuf packet = partial;
                partial = null;
                try {
                    emit(packet, length, sink);
                } finally {
                    packet.release();
                }
            }
        }
        if (partial != null) {
            PacketFrames.packetLength(partial); // validate header bytes that just arrived
        }
    }

    private void emit(ByteBuf buf, int length, PacketSink sink) throws WireFormatException {
        if (PacketFrames.isData(buf)) {
            sink.onData((ByteBuf) PacketFrames.readPacket(buf, length));
        } else {
            sink.onControl((ControlTlv) PacketFrames.readPacket(buf, length));
        }
    }

    private void fail() {
        failed = true;
        releasePartial();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
