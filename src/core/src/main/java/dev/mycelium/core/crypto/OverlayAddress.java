package dev.mycelium.core.crypto;

import dev.mycelium.core.wire.Ipv6Text;
import dev.mycelium.core.wire.Subnet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The IPv6 overlay address a public key owns, and its node /64 (protocol.md 1.2, 1.3).
 *
 * <p>Rule of Mycelium 0.5 and later (the README's examples use the older BLAKE2b rule and do not match, 1.4):
 * the first 16 bytes of the unkeyed BLAKE3 XOF of the 32 key bytes, with the first byte replaced by
 * {@code 0x04 | (popcount(h[0]) mod 2)}, so every address lies in {@code 400::/7}.
 */
public final class OverlayAddress {

    public static final int SIZE = 16;
    /** The global overlay prefix {@code 400::/7} ({@code GLOBAL_SUBNET_ADDRESS}, {@code GLOBAL_SUBNET_PREFIX_LEN}). */
    public static final Subnet GLOBAL_SUBNET = Subnet.parse("400::/7");
    /** A node owns the /64 around its address (protocol.md 1.3). */
    public static final int NODE_SUBNET_PREFIX_LENGTH = 64;

    private final byte[] bytes;

    private OverlayAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address derived from {@code key}. */
    public static OverlayAddress of(PublicKey key) {
        byte[] h = blake3Xof16(key.rawBytes());
        h[0] = (byte) (0x04 | (Integer.bitCount(h[0] & 0xff) & 1));
        return new OverlayAddress(h);
    }

    /** The first 16 bytes of the unkeyed BLAKE3 extendable output of {@code data} (step 1 of 1.2). */
    public static byte[] blake3Xof16(byte[] data) {
        Blake3Digest digest = new Blake3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[SIZE];
        digest.doOutput(out, 0, SIZE);
        return out;
    }

    /** A copy of the 16 address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public Inet6Address inetAddress() {
        try {
            return (Inet6Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's /64 in network form, e.g. {@code 548:c783:d7ce:74a3::/64}: its only static route (1.3). */
    public Subnet nodeSubnet() {
        return Subnet.of(bytes, NODE_SUBNET_PREFIX_LENGTH).network();
    }

    /** Text form as Rust prints an {@code Ipv6Addr}, e.g. {@code 548:c783:d7ce:74a3:9ba1:a0cb:ae21:338d}. */
    @Override
    public String toString() {
        return Ipv6Text.format(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverlayAddress a && Arrays.equals(a.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
