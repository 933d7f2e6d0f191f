package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * Address arithmetic the router needs: the overlay address of a public key (protocol.md 1.2), the global
 * {@code 400::/7} and /64 subnets. The address derivation duplicates {@code core.crypto.OverlayAddress} (written in
 * parallel by the identity helper); dedup once both are on main.
 */
final class OverlayAddresses {

    /** {@code 400::/7}, the global overlay prefix (1.2). */
    static final Subnet GLOBAL_SUBNET = Subnet.of(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 7);

    private OverlayAddresses() {
    }

    /** BLAKE3(pubkey) first 16 bytes, first byte replaced by 0x04 | parity(popcount(h0)). */
    static byte[] addressOf(byte[] publicKey) {
        Blake3Digest digest = new Blake3Digest(16);
        digest.update(publicKey, 0, publicKey.length);
        byte[] h = new byte[16];
        digest.doFinal(h, 0);
        int parity = Integer.bitCount(h[0] & 0xFF) & 1;
        h[0] = (byte) (0x04 | parity);
        return h;
    }

    /** The /64 (network form) containing a 16-byte address. */
    static Subnet subnet64(byte[] address16) {
        byte[] net = new byte[16];
        System.arraycopy(address16, 0, net, 0, 8);
        return Subnet.of(net, 64);
    }

    /** True when the 16-byte address lies in {@code 400::/7} (first byte 0x04 or 0x05). */
    static boolean isGlobal(byte[] address16) {
        return address16.length == 16 && (address16[0] & 0xFE) == 0x04;
    }

    /** The first 64 bits of a 16-byte address, as the key of the /64 it lies in. */
    static long prefix64(byte[] address16) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (address16[i] & 0xFF);
        }
        return v;
    }
}
