package dev.mycelium.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * X25519 against RFC 7748 (the vectors below are the RFC's own; vectors.json has none, protocol.md 1.1). The key file
 * holds unclamped bytes, so these also prove that clamping happens inside the multiplication.
 */
class X25519Rfc7748Test {

    private static final HexFormat HEX = HexFormat.of();

    /** X25519(k, u) through our API: a node with secret k meeting a remote key u. */
    private static byte[] x25519(byte[] k, byte[] u) {
        SharedSecret s = SharedSecret.compute(NodeKeys.fromSecret(k), PublicKey.of(u));
        assertThat(s).as("non-zero result").isNotNull();
        return s.rawBytes();
    }

    @ParameterizedTest(name = "RFC 7748 5.2 vector {index}")
    @CsvSource({
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4,"
            + "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c,"
            + "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        // the input u has its top bit set: RFC 7748 requires it to be masked
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d,"
            + "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493,"
            + "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"})
    void section52SingleVectors(String scalar, String u, String expected) {
        assertThat(HEX.formatHex(x25519(HEX.parseHex(scalar), HEX.parseHex(u)))).isEqualTo(expected);
    }

    @Test
    void section52IteratedOnceAndThousandTimes() {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = x25519(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertThat(HEX.formatHex(k)).isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void section61DiffieHellman() {
        NodeKeys alice = NodeKeys.fromSecret(HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        NodeKeys bob = NodeKeys.fromSecret(HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertThat(alice.publicKey().toHex()).isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(bob.publicKey().toHex()).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(SharedSecret.compute(alice, bob.publicKey()).rawBytes())).isEqualTo(shared);
        assertThat(HEX.formatHex(SharedSecret.compute(bob, alice.publicKey()).rawBytes())).isEqualTo(shared);
    }

    @Test
    void unclampedSecretGivesTheSamePublicKeyAsItsClampedForm() {
        byte[] raw = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        raw[0] |= 0x07;          // bits clamping clears
        raw[31] |= (byte) 0x80;  // top bit clamping clears
        byte[] clamped = raw.clone();
        clamped[0] &= (byte) 0xf8;
        clamped[31] &= 0x7f;
        clamped[31] |= 0x40;
        assertThat(NodeKeys.fromSecret(raw).publicKey()).isEqualTo(NodeKeys.fromSecret(clamped).publicKey());
        assertThat(NodeKeys.fromSecret(raw).secretBytes()).as("stored unclamped").isEqualTo(raw);
    }

    @Test
    void agreesWithTheJdkXdhImplementationOnRandomKeys() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyFactory kf = KeyFactory.getInstance("XDH");
        for (int i = 0; i < 20; i++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            random.nextBytes(a);
            random.nextBytes(b);
            NodeKeys ours = NodeKeys.fromSecret(a);
            byte[] theirPublic = NodeKeys.fromSecret(b).publicKey().bytes();

            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, a)));
            ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, littleEndian(theirPublic))), true);
            assertThat(SharedSecret.compute(ours, PublicKey.of(theirPublic)).rawBytes()).isEqualTo(ka.generateSecret());

            KeyAgreement base = KeyAgreement.getInstance("XDH");
            base.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, a)));
            base.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
            assertThat(ours.publicKey().bytes()).as("public key = X25519(k, 9)").isEqualTo(base.generateSecret());
        }
    }

    @ParameterizedTest(name = "low-order u {0} is rejected")
    @CsvSource({
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"})
    void lowOrderRemoteKeysAreRejected(String u) {
        assertThat(SharedSecret.compute(NodeKeys.generate(), PublicKey.of(HEX.parseHex(u)))).isNull();
    }

    @Test
    void generatedSecretsAreStoredUnclamped() {
        // clamping fixes 5 bits; 64 random keys all arriving clamped would mean we clamp before storing
        boolean sawUnclamped = false;
        for (int i = 0; i < 64 && !sawUnclamped; i++) {
            byte[] s = NodeKeys.generate().secretBytes();
            sawUnclamped = (s[0] & 0x07) != 0 || (s[31] & 0x80) != 0 || (s[31] & 0x40) == 0;
        }
        assertThat(sawUnclamped).isTrue();
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] be = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            be[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
