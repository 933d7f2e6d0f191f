package dev.mycelium.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.crypto.PacketCipher.OpenResult;
import dev.mycelium.testkit.Vectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AES-256-GCM body layout of protocol.md 6.2. */
class PacketCipherTest {

    private final NodeKeys alice = NodeKeys.generate();
    private final NodeKeys bob = NodeKeys.generate();
    private final SharedSecret aliceToBob = SharedSecret.compute(alice, bob.publicKey());
    private final SharedSecret bobToAlice = SharedSecret.compute(bob, alice.publicKey());
    private final PacketCipher cipher = new PacketCipher();

    /** Data header (version 1, L3 type 0, reserved 0 0) followed by {@code payload}. */
    private static byte[] plaintext(byte[] payload) {
        byte[] p = new byte[CryptoConstants.DATA_HEADER_SIZE + payload.length];
        p[0] = 1;
        System.arraycopy(payload, 0, p, CryptoConstants.DATA_HEADER_SIZE, payload.length);
        return p;
    }

    private byte[] seal(SharedSecret key, byte[] plain) {
        ByteBuffer out = ByteBuffer.allocate(PacketCipher.sealedLength(plain.length));
        int n = cipher.seal(key, ByteBuffer.wrap(plain), out);
        assertThat(n).isEqualTo(out.capacity());
        assertThat(out.hasRemaining()).isFalse();
        return out.array();
    }

    @Test
    void theArrayPathIsTheSameLayoutAsTheBufferPath() {
        byte[] plain = plaintext("array path".getBytes(StandardCharsets.US_ASCII));
        byte[] in = new byte[3 + plain.length];
        System.arraycopy(plain, 0, in, 3, plain.length);
        byte[] sealed = new byte[5 + PacketCipher.sealedLength(plain.length)];

        assertThat(cipher.seal(aliceToBob, in, 3, plain.length, sealed, 5)).isEqualTo(sealed.length - 5);

        ByteBuffer opened = ByteBuffer.allocate(plain.length);
        assertThat(new PacketCipher().open(bobToAlice, ByteBuffer.wrap(sealed, 5, sealed.length - 5), opened))
                .isEqualTo(OpenResult.OK);
        assertThat(opened.array()).isEqualTo(plain);
        byte[] back = new byte[plain.length + 1];
        byte[] other = seal(aliceToBob, plain);
        assertThat(new PacketCipher().open(bobToAlice, other, 0, other.length, back, 1)).isEqualTo(OpenResult.OK);
        assertThat(Arrays.copyOfRange(back, 1, back.length)).isEqualTo(plain);
    }

    @Test
    void theArrayPathRejectsForgeriesAndShortBodies() {
        byte[] plain = plaintext(new byte[40]);
        byte[] sealed = seal(aliceToBob, plain);
        sealed[7] ^= 1;
        byte[] out = new byte[plain.length];
        assertThat(cipher.open(bobToAlice, sealed, 0, sealed.length, out, 0))
                .isEqualTo(OpenResult.AUTHENTICATION_FAILED);
        assertThat(cipher.open(bobToAlice, sealed, 0, CryptoConstants.MIN_SEALED_SIZE - 1, out, 0))
                .isEqualTo(OpenResult.TOO_SHORT);
        assertThatThrownBy(() -> cipher.seal(aliceToBob, plain, 0, plain.length, new byte[plain.length], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aeadOutputLengthVector() {
        var v = Vectors.named("aead_output_length");
        byte[] payload = v.input().get("plaintext_ascii").asText().getBytes(StandardCharsets.US_ASCII);
        assertThat(payload).hasSize(v.input().get("plaintext_len").asInt());
        assertThat(seal(aliceToBob, plaintext(payload))).hasSize(v.expected().get("ciphertext_total_len").asInt());
    }

    @Test
    void packetBufferUsableSizeVector() {
        int usable = Vectors.named("packet_buffer_usable_size").expected().get("usable_bytes").asInt();
        assertThat(CryptoConstants.PACKET_PAYLOAD_SIZE).isEqualTo(usable);
        byte[] full = plaintext(new byte[usable]);
        assertThat(seal(aliceToBob, full)).hasSize(CryptoConstants.PACKET_BUFFER_SIZE);
        assertThat(CryptoConstants.PACKET_BUFFER_SIZE).isEqualTo(4 + usable + 16 + 12);
    }

    @Test
    void roundTripWithTheKeyDerivedFromTheOtherSide() {
        byte[] plain = plaintext("hello over the overlay".getBytes(StandardCharsets.UTF_8));
        byte[] sealed = seal(aliceToBob, plain);
        ByteBuffer out = ByteBuffer.allocate(plain.length);
        assertThat(cipher.open(bobToAlice, ByteBuffer.wrap(sealed), out)).isEqualTo(OpenResult.OK);
        assertThat(out.position()).isEqualTo(plain.length);
        assertThat(out.array()).isEqualTo(plain);
    }

    /** The layout is ciphertext || tag || nonce: an independent GCM (BouncyCastle's) opens it when split that way. */
    @Test
    void layoutIsCiphertextThenTagThenNonce() throws Exception {
        byte[] plain = plaintext(new byte[] {9, 8, 7, 6, 5});
        byte[] sealed = seal(aliceToBob, plain);
        byte[] nonce = Arrays.copyOfRange(sealed, sealed.length - 12, sealed.length);
        byte[] ctAndTag = Arrays.copyOfRange(sealed, 0, sealed.length - 12);

        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(aliceToBob.rawBytes()), 128, nonce, new byte[0]));
        byte[] out = new byte[gcm.getOutputSize(ctAndTag.length)];
        int n = gcm.processBytes(ctAndTag, 0, ctAndTag.length, out, 0);
        n += gcm.doFinal(out, n);
        assertThat(Arrays.copyOf(out, n)).isEqualTo(plain);

        // and the other way round: a body sealed by another implementation with this layout opens here
        byte[] theirNonce = new byte[12];
        theirNonce[11] = 42;
        Cipher jce = Cipher.getInstance("AES/GCM/NoPadding");
        jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aliceToBob.rawBytes(), "AES"), new GCMParameterSpec(128, theirNonce));
        byte[] theirs = jce.doFinal(plain);
        byte[] theirSealed = Arrays.copyOf(theirs, theirs.length + 12);
        System.arraycopy(theirNonce, 0, theirSealed, theirs.length, 12);
        ByteBuffer opened = ByteBuffer.allocate(plain.length);
        assertThat(cipher.open(bobToAlice, ByteBuffer.wrap(theirSealed), opened)).isEqualTo(OpenResult.OK);
        assertThat(opened.array()).isEqualTo(plain);
    }

    @ParameterizedTest(name = "flipping a bit at offset {0} from the start")
    @ValueSource(ints = {0, 4, 20, 28, 29, 44, 45, 56})
    void anyTamperedByteIsRejected(int offset) {
        byte[] sealed = seal(aliceToBob, plaintext("25 bytes of payload......".getBytes(StandardCharsets.US_ASCII)));
        assertThat(sealed).hasSize(57); // 29 ciphertext, 16 tag (29..44), 12 nonce (45..56)
        sealed[offset] ^= 0x01;
        ByteBuffer out = ByteBuffer.allocate(sealed.length);
        assertThat(cipher.open(bobToAlice, ByteBuffer.wrap(sealed), out)).isEqualTo(OpenResult.AUTHENTICATION_FAILED);
        assertThat(out.position()).as("nothing delivered").isZero();
    }

    @Test
    void wrongKeyIsRejectedAndTheCipherKeepsWorking() {
        byte[] plain = plaintext(new byte[100]);
        byte[] sealed = seal(aliceToBob, plain);
        SharedSecret other = SharedSecret.compute(NodeKeys.generate(), bob.publicKey());
        assertThat(cipher.open(other, ByteBuffer.wrap(sealed), ByteBuffer.allocate(200)))
                .isEqualTo(OpenResult.AUTHENTICATION_FAILED);
        ByteBuffer out = ByteBuffer.allocate(200);
        assertThat(cipher.open(bobToAlice, ByteBuffer.wrap(sealed), out)).isEqualTo(OpenResult.OK);
        assertThat(Arrays.copyOf(out.array(), out.position())).isEqualTo(plain);
    }

    @Test
    void bodiesShorterThan32BytesAreTooShort() {
        assertThat(cipher.open(aliceToBob, ByteBuffer.allocate(31), ByteBuffer.allocate(64))).isEqualTo(OpenResult.TOO_SHORT);
        assertThat(cipher.open(aliceToBob, ByteBuffer.allocate(0), ByteBuffer.allocate(64))).isEqualTo(OpenResult.TOO_SHORT);
        // 32 bytes is long enough to try, and garbage fails authentication
        assertThat(cipher.open(aliceToBob, ByteBuffer.allocate(32), ByteBuffer.allocate(64)))
                .isEqualTo(OpenResult.AUTHENTICATION_FAILED);
        // a sealed empty plaintext (28 bytes) is below what a receiver accepts
        byte[] empty = seal(aliceToBob, new byte[0]);
        assertThat(empty).hasSize(28);
        assertThat(cipher.open(bobToAlice, ByteBuffer.wrap(empty), ByteBuffer.allocate(4))).isEqualTo(OpenResult.TOO_SHORT);
    }

    @Test
    void everyPacketGetsAFreshNonce() {
        byte[] plain = plaintext(new byte[16]);
        Set<String> nonces = new HashSet<>();
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            byte[] sealed = seal(aliceToBob, plain);
            nonces.add(java.util.HexFormat.of().formatHex(sealed, sealed.length - 12, sealed.length));
            bodies.add(java.util.HexFormat.of().formatHex(sealed, 0, sealed.length - 12));
        }
        assertThat(nonces).hasSize(2000);
        assertThat(bodies).hasSize(2000);
    }

    @Test
    void outputTooSmallIsAProgrammingError() {
        assertThatThrownBy(() -> cipher.seal(aliceToBob, ByteBuffer.allocate(10), ByteBuffer.allocate(37)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] sealed = seal(aliceToBob, new byte[10]);
        assertThatThrownBy(() -> cipher.open(aliceToBob, ByteBuffer.wrap(sealed), ByteBuffer.allocate(9)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void directByteBuffersInPlace() {
        byte[] plain = plaintext(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        ByteBuffer buf = ByteBuffer.allocateDirect(plain.length + 28);
        buf.put(plain).flip();
        ByteBuffer in = buf.duplicate();
        ByteBuffer out = buf.duplicate().clear();
        cipher.seal(aliceToBob, in, out);
        buf.clear();
        ByteBuffer plainOut = buf.duplicate();
        assertThat(cipher.open(bobToAlice, buf.duplicate(), plainOut)).isEqualTo(OpenResult.OK);
        byte[] got = new byte[plain.length];
        buf.get(0, got);
        assertThat(got).isEqualTo(plain);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "direct", "pooled-direct", "pooled-heap"})
    void byteBufInPlaceRoundTrip(String kind) {
        ByteBufAllocator alloc = kind.startsWith("pooled") ? PooledByteBufAllocator.DEFAULT : null;
        byte[] plain = plaintext("payload over a ByteBuf".getBytes(StandardCharsets.UTF_8));
        ByteBuf buf = switch (kind) {
            case "heap" -> Unpooled.buffer(plain.length);
            case "direct" -> Unpooled.directBuffer(plain.length);
            case "pooled-direct" -> alloc.directBuffer(plain.length);
            default -> alloc.heapBuffer(plain.length);
        };
        try {
            buf.writeZero(7).skipBytes(7); // a reader index away from 0, like a buffer with a stripped header
            buf.writeBytes(plain);
            cipher.seal(aliceToBob, buf);
            assertThat(buf.readerIndex()).isEqualTo(7);
            assertThat(buf.readableBytes()).isEqualTo(plain.length + 28);

            ByteBuf copy = buf.copy();
            try {
                copy.setByte(copy.readerIndex() + 3, copy.getByte(copy.readerIndex() + 3) ^ 0x40);
                int before = copy.writerIndex();
                assertThat(cipher.open(bobToAlice, copy)).isEqualTo(OpenResult.AUTHENTICATION_FAILED);
                assertThat(copy.writerIndex()).as("indexes untouched on failure").isEqualTo(before);
            } finally {
                copy.release();
            }

            assertThat(cipher.open(bobToAlice, buf)).isEqualTo(OpenResult.OK);
            assertThat(buf.readerIndex()).isEqualTo(7);
            assertThat(ByteBufUtilBytes.of(buf)).isEqualTo(plain);
        } finally {
            buf.release();
        }
    }

    @Test
    void byteBufIntoAnotherBuffer() {
        byte[] plain = plaintext(new byte[300]);
        Arrays.fill(plain, 4, plain.length, (byte) 0x5a);
        ByteBuf in = Unpooled.wrappedBuffer(plain);
        ByteBuf sealed = PooledByteBufAllocator.DEFAULT.directBuffer(8);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(8);
        try {
            sealed.writeByte(0xEE); // something already written stays in front
            sealed.skipBytes(1);
            cipher.seal(aliceToBob, in, sealed);
            assertThat(in.readableBytes()).isZero();
            assertThat(sealed.readableBytes()).isEqualTo(plain.length + 28);

            ByteBuf tampered = sealed.copy();
            tampered.setByte(tampered.writerIndex() - 1, tampered.getByte(tampered.writerIndex() - 1) ^ 1);
            assertThat(cipher.open(bobToAlice, tampered, out)).isEqualTo(OpenResult.AUTHENTICATION_FAILED);
            assertThat(tampered.readableBytes()).as("consumed").isZero();
            assertThat(out.writerIndex()).isZero();
            tampered.release();

            assertThat(cipher.open(bobToAlice, sealed, out)).isEqualTo(OpenResult.OK);
            assertThat(sealed.readableBytes()).isZero();
            assertThat(ByteBufUtilBytes.of(out)).isEqualTo(plain);
        } finally {
            in.release();
            sealed.release();
            out.release();
        }
    }

    @Test
    void compositeBuffersAreRefusedForInPlaceWork() {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponents(true, Unpooled.wrappedBuffer(new byte[20]), Unpooled.wrappedBuffer(new byte[20]));
        try {
            assertThatThrownBy(() -> cipher.seal(aliceToBob, composite)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("single-component");
        } finally {
            composite.release();
        }
    }

    /** Reads the readable bytes without moving indexes. */
    private static final class ByteBufUtilBytes {
        static byte[] of(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
