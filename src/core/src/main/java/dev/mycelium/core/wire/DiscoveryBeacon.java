package dev.mycelium.core.wire;

import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The link-local discovery beacon (protocol.md 2.11): exactly 50 bytes, ASCII {@code "mycelium"}, the sender's TCP
 * listen port (u16) and its 40-byte router id; sent to {@code [ff02::cafe%if]:9650}.
 */
public record DiscoveryBeacon(int port, RouterId routerId) {

    public static final int SIZE = 50;
    public static final int UDP_PORT = 9650;
    private static final byte[] MAGIC = "mycelium".getBytes(StandardCharsets.US_ASCII);

    public DiscoveryBeacon {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(routerId, "routerId");
    }

    /** Why a received datagram was or was not taken as a peer announcement. */
    public enum Verdict {
        ACCEPTED,
        /** Source not in fe80::/64. */
        NOT_LINK_LOCAL,
        /** Not exactly 50 bytes. */
        BAD_LENGTH,
        BAD_MAGIC,
        /** Our own beacon (same router id), e.g. looped back by another interface. */
        OWN_BEACON
    }

    /** The outcome of {@link #receive}: the beacon is present only when {@code verdict == ACCEPTED}. */
    public record Reception(Verdict verdict, DiscoveryBeacon beacon) {

        public boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    public void write(ByteBuf out) {
        out.writeBytes(MAGIC);
        out.writeShort(port);
        out.writeBytes(routerId.bytes());
    }

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
        b[8] = (byte) (port >>> 8);
        b[9] = (byte) port;
        System.arraycopy(routerId.bytes(), 0, b, 10, RouterId.SIZE);
        return b;
    }

    /** Decodes a whole datagram (its readable bytes; indices are not moved). */
    public static DiscoveryBeacon decode(ByteBuf datagram) throws WireFormatException {
        if (datagram.readableBytes() != SIZE) {
            throw new WireFormatException(datagram.readableBytes() < SIZE ? Reason.TRUNCATED : Reason.TOO_LARGE,
                    "beacon of " + datagram.readableBytes() + " bytes, must be " + SIZE);
        }
        int index = datagram.readerIndex();
        for (int i = 0; i < MAGIC.length; i++) {
            if (datagram.getByte(index + i) != MAGIC[i]) {
                throw new WireFormatException(Reason.BAD_MAGIC, "beacon without the \"mycelium\" magic");
            }
        }
        byte[] id = new byte[RouterId.SIZE];
        datagram.getBytes(index + 10, id);
        return new DiscoveryBeacon(datagram.getUnsignedShort(index + 8), RouterId.of(id));
    }

    /**
     * The acceptance rules of 2.11 as a pure function: the source must be in {@code fe80::/64}, the datagram exactly
     * 50 bytes with the magic, and the router id not ours.
     */
    public static Reception receive(InetAddress source, ByteBuf datagram, RouterId ourRouterId) {
        if (!(source instanceof Inet6Address) || !isLinkLocal64(source.getAddress())) {
            return new Reception(Verdict.NOT_LINK_LOCAL, null);
        }
        DiscoveryBeacon beacon;
        try {
            beacon = decode(datagram);
        } catch (WireFormatException e) {
            return new Reception(e.reason() == Reason.BAD_MAGIC ? Verdict.BAD_MAGIC : Verdict.BAD_LENGTH, null);
        }
        if (beacon.routerId().equals(ourRouterId)) {
            return new Reception(Verdict.OWN_BEACON, null);
        }
        return new Reception(Verdict.ACCEPTED, beacon);
    }

    /** First 8 bytes {@code fe 80 00 00 00 00 00 00}: the fe80::/64 test of 2.11 (not all of fe80::/10). */
    static boolean isLinkLocal64(byte[] address) {
        if (address.length != 16 || (address[0] & 0xFF) != 0xfe || (address[1] & 0xFF) != 0x80) {
            return false;
        }
        for (int i = 2; i < 8; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
