package dev.mycelium.core.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The node's X25519 key pair (protocol.md 1.1). The secret is kept exactly as stored in the key file: 32 random,
 * <em>unclamped</em> bytes. Clamping (RFC 7748 section 5) happens inside every scalar multiplication, which is what
 * x25519-dalek's {@code StaticSecret} does too, so the same file yields the same public key in both nodes.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final PublicKey publicKey;

    private NodeKeys(byte[] secret) {
        this.secret = secret;
        byte[] pub = new byte[PublicKey.SIZE];
        X25519.scalarMultBase(secret, 0, pub, 0);
        this.publicKey = PublicKey.of(pub);
    }

    /** A fresh key pair: 32 bytes from the OS CSPRNG, stored unclamped like {@code StaticSecret::random_from_rng}. */
    public static NodeKeys generate() {
        byte[] secret = new byte[CryptoConstants.KEY_SIZE];
        RANDOM.nextBytes(secret);
        return new NodeKeys(secret);
    }

    /** The key pair for 32 secret bytes as found in a key file (a copy is kept). */
    public static NodeKeys fromSecret(byte[] secret) {
        if (secret.length != CryptoConstants.KEY_SIZE) {
            throw new IllegalArgumentException("secret key must be " + CryptoConstants.KEY_SIZE + " bytes, got "
                    + secret.length);
        }
        return new NodeKeys(secret.clone());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The node's overlay address (protocol.md 1.2). */
    public OverlayAddress address() {
        return publicKey.address();
    }

    /** A copy of the 32 unclamped secret bytes, as written to the key file. */
    public byte[] secretBytes() {
        return secret.clone();
    }

    /**
     * Raw X25519 of our secret and {@code remote} into {@code out} (32 bytes). Returns false when the result is
     * all zero (a low-order remote point, protocol.md 6.1), in which case {@code out} must not be used.
     */
    boolean agree(PublicKey remote, byte[] out) {
        return X25519.calculateAgreement(secret, 0, remote.rawBytes(), 0, out, 0);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "NodeKeys[public=" + publicKey + "]";
    }

    /** Equal when the secrets are equal (constant-time comparison). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NodeKeys k && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }
}
