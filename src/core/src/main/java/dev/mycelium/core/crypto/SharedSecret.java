package dev.mycelium.core.crypto;

import java.security.MessageDigest;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The end-to-end key shared with one remote node: the raw 32-byte X25519 output, used directly as the AES-256-GCM
 * key with no KDF (protocol.md 6.1). One key per pair of nodes, used in both directions.
 *
 * <p>Immutable and thread-safe; hand it to any thread's {@link PacketCipher}. Never printed.
 */
public final class SharedSecret {

    private final PublicKey remote;
    private final SecretKeySpec aesKey;

    SharedSecret(PublicKey remote, byte[] raw) {
        this.remote = remote;
        this.aesKey = new SecretKeySpec(raw, "AES");
    }

    /**
     * X25519 of {@code own} and {@code remote}, or null when the result is all zero (a low-order remote point:
     * only a malicious key gets there; x25519-dalek would accept it, we drop, 6.1).
     */
    public static SharedSecret compute(NodeKeys own, PublicKey remote) {
        byte[] raw = new byte[CryptoConstants.KEY_SIZE];
        return own.agree(remote, raw) ? new SharedSecret(remote, raw) : null;
    }

    /** The remote node's public key. */
    public PublicKey remote() {
        return remote;
    }

    SecretKey aesKey() {
        return aesKey;
    }

    /** A copy of the 32 raw key bytes (tests and interop checks). */
    public byte[] rawBytes() {
        return aesKey.getEncoded();
    }

    /** Equal when both hold the same key bytes (constant-time comparison). */
    public boolean sameKeyAs(SharedSecret other) {
        return MessageDigest.isEqual(rawBytes(), other.rawBytes());
    }

    @Override
    public String toString() {
        return "SharedSecret[remote=" + remote + "]";
    }
}
