package dev.mycelium.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.wire.Ipv6Text;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The BLAKE3 address rule of protocol.md 1.2 and 1.3 against every {@code address_from_pubkey_*} vector. */
class OverlayAddressTest {

    static List<Vector> addressVectors() {
        return Vectors.withPrefix("address_from_pubkey_");
    }

    private static PublicKey key(Vector v) {
        return PublicKey.of(v.inputHex("public_key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressVectors")
    void blake3Xof16(Vector v) {
        assertThat(OverlayAddress.blake3Xof16(v.inputHex("public_key"))).isEqualTo(v.expectedHex("v07_blake3_xof16"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressVectors")
    void addressBytesTextAndNodeSubnet(Vector v) {
        OverlayAddress address = key(v).address();
        assertThat(address.bytes()).isEqualTo(v.expectedHex("v07_address_bytes"));
        assertThat(address.toString()).isEqualTo(v.expected().get("v07_address").asText());
        assertThat(address.nodeSubnet().toString()).isEqualTo(v.expected().get("v07_node_subnet").asText());
        assertThat(OverlayAddress.GLOBAL_SUBNET.contains(address.bytes())).isTrue();
        assertThat(address.nodeSubnet().contains(address.bytes())).isTrue();
    }

    /** protocol.md 1.4: the README and docs values come from the pre-0.5 BLAKE2b rule and must not be what we derive. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("addressVectors")
    void documentedAddressesAreStaleAndDoNotMatch(Vector v) {
        String ours = key(v).address().toString();
        String documented = v.expected().has("readme_expected_address")
                ? v.expected().get("readme_expected_address").asText()
                : v.expected().get("documented_address").asText();
        assertThat(ours).isNotEqualTo(documented);
        if (v.expected().has("readme_expected_matches_v07")) {
            assertThat(v.expected().get("readme_expected_matches_v07").asBoolean()).isFalse();
        }
        // ... and they are indeed what the legacy rule gives
        byte[] legacy = blake2b128(v.inputHex("public_key"));
        assertThat(legacy).isEqualTo(v.expectedHex("legacy_blake2b128"));
        if (v.expected().has("legacy_address_bytes")) {
            byte[] legacyAddress = legacy.clone();
            legacyAddress[0] = (byte) (0x04 | (legacy[0] & 1));
            assertThat(legacyAddress).isEqualTo(v.expectedHex("legacy_address_bytes"));
            assertThat(Ipv6Text.format(legacyAddress)).isEqualTo(documented);
        }
    }

    @Test
    void everyDerivedAddressIsIn400Slash7WithTheParityBit() {
        for (int i = 0; i < 500; i++) {
            PublicKey k = NodeKeys.generate().publicKey();
            byte[] a = k.address().bytes();
            byte[] h = OverlayAddress.blake3Xof16(k.bytes());
            assertThat(a[0] & 0xff).isEqualTo(0x04 | (Integer.bitCount(h[0] & 0xff) % 2));
            assertThat(OverlayAddress.GLOBAL_SUBNET.contains(a)).isTrue();
        }
    }

    @Test
    void nodeSubnetIsTheNetworkForm() {
        Vector v = addressVectors().get(0);
        byte[] subnet = key(v).address().nodeSubnet().address();
        byte[] expected = v.expectedHex("v07_address_bytes");
        for (int i = 8; i < 16; i++) {
            expected[i] = 0;
        }
        assertThat(subnet).isEqualTo(expected);
        assertThat(key(v).address().nodeSubnet().prefixLength()).isEqualTo(64);
    }

    private static byte[] blake2b128(byte[] data) {
        Blake2bDigest d = new Blake2bDigest(128);
        d.update(data, 0, data.length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void publicKeyHexParsing() {
        String hex = addressVectors().get(0).input().get("public_key").asText();
        assertThat(PublicKey.parseHex(hex).toHex()).isEqualTo(hex);
        assertThat(PublicKey.parseHex(hex.toUpperCase()).toHex()).isEqualTo(hex);
        assertThat(PublicKey.parseHex(hex).bytes()).isEqualTo(HexFormat.of().parseHex(hex));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PublicKey.parseHex(hex.substring(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex characters");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PublicKey.parseHex("zz" + hex.substring(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid hex");
    }
}
