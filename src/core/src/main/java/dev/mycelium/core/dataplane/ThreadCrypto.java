package dev.mycelium.core.dataplane;

import dev.mycelium.core.crypto.PacketCipher;
import dev.mycelium.core.crypto.PublicKey;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.crypto.SharedSecrets;

/**
 * What one thread needs to seal and open packets without locks or per-packet allocation: its own
 * {@link PacketCipher} (not thread-safe), scratch address arrays, and a small direct-mapped cache from the router's
 * public-key arrays to shared secrets.
 *
 * <p>The cache is keyed by the identity of the {@code byte[]} the router publishes in
 * {@code RouteLookup.Destination.publicKey()}: the same array for as long as the subnet entry lives, so a hit costs
 * one reference comparison. A miss (new entry, slot collision) goes to the shared, locked {@link SharedSecrets}, which
 * computes the X25519 only for a node it has never met. Not thread-safe: one instance per thread.
 */
final class ThreadCrypto {

    /** Our choice: destinations one thread keeps at hand; a power of two. */
    static final int KEY_CACHE_SLOTS = 256;

    final PacketCipher cipher = new PacketCipher();
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];

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
}
