package dev.mycelium.core.crypto;

/** Sizes of the identity and end-to-end encryption (protocol.md 1.1, 6.2, 10). */
public final class CryptoConstants {

    // ---- from the protocol (m/crypto.rs) ----

    /** X25519 secret scalar, public key and shared secret size. */
    public static final int KEY_SIZE = 32;
    /** AES-256-GCM authentication tag, appended after the ciphertext. */
    public static final int TAG_SIZE = 16;
    /** Random AES-GCM nonce, appended after the tag. */
    public static final int NONCE_SIZE = 12;
    /** Encrypted inner data header: version, type, 2 reserved bytes (protocol.md 6.2). */
    public static final int DATA_HEADER_SIZE = 4;
    /** Bytes a sealed body adds to its plaintext: tag and nonce. */
    public static final int SEAL_OVERHEAD = TAG_SIZE + NONCE_SIZE;
    /** Smallest sealed body a receiver accepts: nonce + tag + data header (m/crypto.rs decrypt). */
    public static final int MIN_SEALED_SIZE = NONCE_SIZE + TAG_SIZE + DATA_HEADER_SIZE;
    /** Usable payload bytes of one packet buffer after the data header ({@code PACKET_SIZE}, also the TUN MTU). */
    public static final int PACKET_PAYLOAD_SIZE = 1_400;
    /** Whole packet buffer: data header + payload + tag + nonce. */
    public static final int PACKET_BUFFER_SIZE = DATA_HEADER_SIZE + PACKET_PAYLOAD_SIZE + SEAL_OVERHEAD;

    private CryptoConstants() {
    }
}
