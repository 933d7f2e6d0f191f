package dev.mycelium.core.wire;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 40-byte router id (protocol.md 1.5): X25519 public key (32), zone {@code 00 00}, and 6 random bytes drawn once
 * per process start, so that a restarted node is a new Babel source.
 */
public final class RouterId {

    public static final int SIZE = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private RouterId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static RouterId of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("router id must be 40 bytes, got " + bytes.length);
        }
        return new RouterId(bytes.clone());
    }

    /** A fresh router id for {@code publicKey}: zone 0 and a new random tail. */
    public static RouterId fresh(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("public key must be 32 bytes");
        }
        byte[] b = new byte[SIZE];
        System.arraycopy(publicKey, 0, b, 0, 32);
        byte[] tail = new byte[6];
        RANDOM.nextBytes(tail);
        System.arraycopy(tail, 0, b, 34, 6);
        return new RouterId(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Bytes 0..31: the node's X25519 public key. */
    public byte[] publicKey() {
        return Arrays.copyOf(bytes, 32);
    }

    /** {@code <64 hex pubkey>-<4 hex zone>-<12 hex random>}. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return hex.formatHex(bytes, 0, 32) + "-" + hex.formatHex(bytes, 32, 34) + "-" + hex.formatHex(bytes, 34, 40);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterId r && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
