package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.CryptoConstants;
import dev.mycelium.core.crypto.PacketCipher;
import dev.mycelium.core.crypto.PacketCipher.OpenResult;
import dev.mycelium.core.crypto.PublicKey;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.crypto.SharedSecrets;
import dev.mycelium.core.wire.DataHeader;
import io.netty.buffer.ByteBuf;

/**
 * What one thread needs to seal and open packets without locks or per-packet allocation: its own
 * {@link PacketCipher} (not thread-safe), scratch address arrays, and a small direct-mapped cache from the router's
 * public-key arrays to shared secrets.
 *
 * <p>The cache is keyed by the identity of the {@code byte[]} the router publishes in
 * {@code RouteLookup.Destination.publicKey()}: the same array for as long as the subnet entry lives, so a hit costs
 * one reference comparison. A miss (new entry, slot collision) goes to the shared, locked {@link SharedSecrets}, which
 * computes the X25519 only for a node it has never met.
 *
 * <p>Sealing and opening are staged through two heap arrays: measured on JDK 17, SunJCE's AES-GCM allocates about
 * 3.2 kB per 1.4 kB packet when given direct {@link java.nio.ByteBuffer}s (it copies them through temporary arrays)
 * and about 1 kB with heap buffers; and on JDK 25 its array API takes half the time of its heap-buffer one (see
 * {@link PacketCipher#seal(SharedSecret, byte[], int, int, byte[], int)}). Two memory copies of our own cost less.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class ThreadCrypto {

    /** Our choice: destinations one thread keeps at hand; a power of two. */
    static final int KEY_CACHE_SLOTS = 256;

    final PacketCipher cipher = new PacketCipher();
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];

    /** Largest sealed body (u16 length field). */
    private static final int MAX_SEALED = DataHeader.MAX_BODY;

    private final byte[] stageIn = new byte[MAX_SEALED];
    private final byte[] stageOut = new byte[MAX_SEALED];
    private final SharedSecrets secrets;
    private final byte[][] keys = new byte[KEY_CACHE_SLOTS][];
    private final SharedSecret[] values = new SharedSecret[KEY_CACHE_SLOTS];

    ThreadCrypto(SharedSecrets secrets) {
        this.secrets = secrets;
    }

    /** The secret shared with the owner of {@code publicKey} (32 bytes), or null when the key is rejected (6.1). */
    SharedSecret secretFor(byte[] publicKey) {
        int slot = System.identityHashCode(publicKey) & (KEY_CACHE_SLOTS - 1);
        if (keys[slot] == publicKey) {
            return values[slot];
        }
        SharedSecret secret = secrets.secretFor(PublicKey.of(publicKey));
        keys[slot] = publicKey;
        values[slot] = secret;
        return secret;
    }

    /**
     * Seals the readable bytes of {@code plaintext} (consumed) and appends {@code ciphertext || tag || nonce} to
     * {@code out}. At most 65535 - 28 bytes of plaintext.
     */
    void seal(SharedSecret secret, ByteBuf plaintext, ByteBuf out) {
        int length = plaintext.readableBytes();
        int sealed = PacketCipher.sealedLength(length);
        if (sealed > MAX_SEALED) {
            throw new IllegalArgumentException("plaintext of " + length + " bytes does not fit a data packet");
        }
        plaintext.readBytes(stageIn, 0, length);
        cipher.seal(secret, stageIn, 0, length, stageOut, 0);
        out.writeBytes(stageOut, 0, sealed);
    }

    /**
     * Opens the readable bytes of {@code sealed} (consumed whatever the result) and, on {@link OpenResult#OK}, appends
     * the plaintext to {@code out} (whose indices are otherwise unchanged).
     */
    OpenResult open(SharedSecret secret, ByteBuf sealed, ByteBuf out) {
        int length = sealed.readableBytes();
        if (length < CryptoConstants.MIN_SEALED_SIZE || length > MAX_SEALED) {
            sealed.skipBytes(length);
            return OpenResult.TOO_SHORT;
        }
        sealed.readBytes(stageIn, 0, length);
        OpenResult result = cipher.open(secret, stageIn, 0, length, stageOut, 0);
        if (result == OpenResult.OK) {
            out.writeBytes(stageOut, 0, length - CryptoConstants.SEAL_OVERHEAD);
        }
        return result;
    }
}
