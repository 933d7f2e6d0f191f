package dev.mycelium.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An X25519 public key, the node identity (protocol.md 1.1). Text form: 64 lowercase hex characters; parsing
 * accepts either case.
 */
public final class PublicKey {

    public static final int SIZE = CryptoConstants.KEY_SIZE;

    private final byte[] bytes;
    private final int hash;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps a copy of 32 key bytes. */
    public static PublicKey of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("public key must be " + SIZE + " bytes, got " + bytes.length);
        }
        return new PublicKey(bytes.clone());
    }

    /** Copies 32 key bytes from {@code src} at {@code offset} (e.g. bytes 0..31 of a router id). */
    public static PublicKey of(byte[] src, int offset) {
        if (offset < 0 || src.length - offset < SIZE) {
            throw new IllegalArgumentException("need " + SIZE + " bytes at offset " + offset);
        }
        return new PublicKey(Arrays.copyOfRange(src, offset, offset + SIZE));
    }

    /**
     * Parses 64 hex characters.
     *
     * @throws IllegalArgumentException with a message fit for a user when the text is not a key
     */
    public static PublicKey parseHex(String text) {
        if (text == null || text.length() != 2 * SIZE) {
            throw new IllegalArgumentException("a public key is " + 2 * SIZE + " hex characters, got "
                    + (text == null ? "nothing" : text.length() + " characters"));
        }
        try {
            return new PublicKey(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a public key is " + 2 * SIZE + " hex characters; '" + text
                    + "' is not valid hex");
        }
    }

    /** A copy of the 32 key bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the key into {@code dst} at {@code offset} without allocating. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, SIZE);
    }

    /** The key bytes without a copy, for this package's hot paths; never modified. */
    byte[] rawBytes() {
        return bytes;
    }

    /** The overlay address this key owns (protocol.md 1.2). */
    public OverlayAddress address() {
        return OverlayAddress.of(this);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
