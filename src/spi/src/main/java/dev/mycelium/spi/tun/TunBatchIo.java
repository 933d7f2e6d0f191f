package dev.mycelium.spi.tun;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Optional capability of a {@link TunDevice} (check with {@code instanceof}): several packets per call, so that
 * the kernel's TCP offload can work. On Linux the device runs with {@code IFF_VNET_HDR} and TSO: one read takes up
 * to 64 KiB of a TCP stream from the kernel and hands it out as MTU-sized packets (each a standalone IPv6 packet
 * with a complete checksum, ready to encrypt), and one write gives the kernel consecutive segments of a TCP flow
 * coalesced into one buffer (GRO). The packets themselves never exceed {@link TunDevice#mtu()}, so what goes on
 * the wire is unchanged. The device's single-packet read/write keep working and may be mixed with these.
 *
 * <p>Buffers follow {@link TunDevice}: each holds one packet, from its position (read: the position advances past
 * the packet; write: from position to limit, the position advances to the limit).
 */
public interface TunBatchIo {

    /**
     * Blocks until at least one packet is there, then fills {@code packets[0..n)} with one packet each: all that
     * one kernel read returned and whatever else is queued, up to {@code packets.length}. A 64 KiB read at an
     * MTU of 1400 yields up to 48 packets, so 64 buffers never leave any behind for the next call. Each buffer
     * needs at least {@link TunDevice#mtu()} bytes remaining. One reading thread at a time.
     *
     * @return n, at least 1, or -1 once the device is closed
     */
    int readPackets(ByteBuffer[] packets) throws IOException;

    /**
     * Writes {@code packets[0..count)} in order, coalescing consecutive segments of one TCP flow into as few
     * kernel writes as possible; so hand over packets in the order they arrived, in batches (for example all
     * decrypted in one event-loop read). A packet the kernel rejects is dropped, counted, and does not stop the
     * others. Safe to call from several threads at once (each coalesces its own batch).
     *
     * @throws java.nio.channels.ClosedChannelException once the device is closed
     */
    void writePackets(ByteBuffer[] packets, int count) throws IOException;
}
