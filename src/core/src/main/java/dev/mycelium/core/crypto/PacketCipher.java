package dev.mycelium.core.crypto;

import static dev.mycelium.core.crypto.CryptoConstants.MIN_SEALED_SIZE;
import static dev.mycelium.core.crypto.CryptoConstants.NONCE_SIZE;
import static dev.mycelium.core.crypto.CryptoConstants.SEAL_OVERHEAD;
import static dev.mycelium.core.crypto.CryptoConstants.TAG_SIZE;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM sealing of data-packet bodies (protocol.md 6.2): empty AAD, a fresh random 12-byte nonce per packet,
 * and the layout {@code ciphertext || tag(16) || nonce(12)}, so a sealed body is 28 bytes longer than its
 * plaintext. Opening splits from the end: last 12 bytes nonce, the 16 before them tag; bodies shorter than 32 bytes
 * are refused as Mycelium does.
 *
 * <p><b>Thread rules.</b> A {@code PacketCipher} is <em>not</em> thread-safe: it owns one JCE {@link Cipher} and a
 * nonce scratch array. Give each thread that seals or opens packets its own instance (one per event loop, one per
 * TUN reader), for example through a {@code FastThreadLocal} or as a field of the single-threaded stage that uses it.
 * The key is a parameter of every call, so one instance serves all remote nodes; {@link SharedSecret}s are
 * immutable and may be shared between threads.
 *
 * <p><b>Hot path.</b> Works directly on {@link ByteBuffer}s and on single-component Netty {@link ByteBuf}s (heap or
 * direct), in place or into a second buffer, with no per-packet buffer copy. The JDK provider ("SunJCE") is preferred
 * because it uses the AES-NI and carry-less multiply intrinsics. What is still allocated per packet is inside the JCE
 * and of fixed size (the parameter spec's 12-byte IV copy, the key's 32-byte encoding).
 *
 * <p>An authentication failure is an {@link OpenResult}, never an exception to the caller: forged or corrupted
 * packets are normal input.
 */
public final class PacketCipher {

    private static final int TAG_BITS = TAG_SIZE * 8;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    /** What became of a sealed body. */
    public enum OpenResult {
        /** Authentic: the plaintext was written. */
        OK,
        /** Fewer than {@link CryptoConstants#MIN_SEALED_SIZE} bytes: not even nonce, tag and data header. */
        TOO_SHORT,
        /** The tag did not verify: wrong key, corrupted or forged. */
        AUTHENTICATION_FAILED
    }

    /**
     * Nonces are drawn from the DRBG this many bytes at a time (341 nonces per call): Hash_DRBG costs several SHA-256
     * runs per call whatever its length, and drawing 12 bytes per packet took 29 % of the TUN reader's time in a JFR
     * profile. Same generator, same bits; nonces are public on the wire, so holding the next ones is harmless.
     */
    private static final int NONCE_POOL_SIZE = 341 * NONCE_SIZE;

    private final Cipher cipher;
    private final SecureRandom random;
    private final byte[] nonce = new byte[NONCE_SIZE];
    private final byte[] noncePool = new byte[NONCE_POOL_SIZE];
    private int noncePoolUsed = NONCE_POOL_SIZE;

    public PacketCipher() {
        this.cipher = newCipher();
        this.random = newRandom();
    }

    private static Cipher newCipher() {
        try {
            try {
                return Cipher.getInstance(TRANSFORMATION, "SunJCE");
            } catch (GeneralSecurityException notThere) {
                return Cipher.getInstance(TRANSFORMATION);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no " + TRANSFORMATION, e);
        }
    }

    /** A per-instance DRBG seeded by the OS, so threads never contend on a shared generator for nonces. */
    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Length of the sealed form of {@code plaintextLength} bytes. */
    public static int sealedLength(int plaintextLength) {
        return plaintextLength + SEAL_OVERHEAD;
    }

    // ---------------------------------------------------------------- ByteBuffer API

    /**
     * Seals the remaining bytes of {@code plaintext} into {@code out}, writing {@code ciphertext || tag || nonce}.
     * {@code plaintext} is consumed and {@code out} advances by {@link #sealedLength}. The two may be views of the
     * same memory starting at the same position (in-place sealing).
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException when {@code out} has less room than the sealed length
     */
    public int seal(SharedSecret key, ByteBuffer plaintext, ByteBuffer out) {
        int length = plaintext.remaining();
        int sealed = sealedLength(length);
        if (out.remaining() < sealed) {
            throw new IllegalArgumentException("output has room for " + out.remaining() + " bytes, sealing "
                    + length + " needs " + sealed);
        }
        nextNonce();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.doFinal(plaintext, out);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        out.put(nonce);
        return sealed;
    }

    private void nextNonce() {
        if (noncePoolUsed == NONCE_POOL_SIZE) {
            random.nextBytes(noncePool);
            noncePoolUsed = 0;
        }
        System.arraycopy(noncePool, noncePoolUsed, nonce, 0, NONCE_SIZE);
        noncePoolUsed += NONCE_SIZE;
    }

    /**
     * Opens the remaining bytes of {@code sealed} ({@code ciphertext || tag || nonce}) into {@code out}. {@code sealed}
     * is consumed whatever the result; {@code out} advances by the plaintext length (sealed length - 28) only on
     * {@link OpenResult#OK}, and on any other result the bytes after its position may have been overwritten. The two
     * may be views of the same memory starting at the same position (in-place opening).
     *
     * @throws IllegalArgumentException when {@code out} has less room than the plaintext needs
     */
    public OpenResult open(SharedSecret key, ByteBuffer sealed, ByteBuffer out) {
        int length = sealed.remaining();
        if (length < MIN_SEALED_SIZE) {
            sealed.position(sealed.limit());
            return OpenResult.TOO_SHORT;
        }
        int plain = length - SEAL_OVERHEAD;
        if (out.remaining() < plain) {
            throw new IllegalArgumentException("output has room for " + out.remaining() + " bytes, opening "
                    + length + " needs " + plain);
        }
        int limit = sealed.limit();
        int outStart = out.position();
        sealed.get(limit - NONCE_SIZE, nonce);
        sealed.limit(limit - NONCE_SIZE);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.doFinal(sealed, out);
            return OpenResult.OK;
        } catch (AEADBadTagException e) {
            out.position(outStart);
            return OpenResult.AUTHENTICATION_FAILED;
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        } finally {
            sealed.limit(limit);
            sealed.position(limit);
        }
    }

    // ---------------------------------------------------------------- byte[] API (the fastest: see below)

    /**
     * Seals {@code in[inOffset, inOffset + length)} into {@code out} from {@code outOffset}, writing
     * {@code ciphertext || tag || nonce}. Measured on JDK 25: SunJCE's array path costs about half of its heap
     * {@link ByteBuffer} path per 1.4 kB packet (1.2 µs against 1.9-2.6 µs for sealing and opening), with the same
     * garbage; so hot paths stage packets through arrays. {@code in} and {@code out} must not overlap.
     *
     * @return the number of bytes written, {@link #sealedLength}{@code (length)}
     * @throws IllegalArgumentException when {@code out} has less room than the sealed length
     */
    public int seal(SharedSecret key, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        int sealed = sealedLength(length);
        if (out.length - outOffset < sealed) {
            throw new IllegalArgumentException("output has room for " + (out.length - outOffset)
                    + " bytes, sealing " + length + " needs " + sealed);
        }
        nextNonce();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            int n = cipher.doFinal(in, inOffset, length, out, outOffset);
            System.arraycopy(nonce, 0, out, outOffset + n, NONCE_SIZE);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return sealed;
    }

    /**
     * Opens {@code sealed[offset, offset + length)} ({@code ciphertext || tag || nonce}) into {@code out} from
     * {@code outOffset}; on {@link OpenResult#OK} the plaintext is {@code length - 28} bytes there, otherwise the
     * bytes of {@code out} after {@code outOffset} are unspecified. The arrays must not overlap.
     *
     * @throws IllegalArgumentException when {@code out} has less room than the plaintext needs
     */
    public OpenResult open(SharedSecret key, byte[] sealed, int offset, int length, byte[] out, int outOffset) {
        if (length < MIN_SEALED_SIZE) {
            return OpenResult.TOO_SHORT;
        }
        int plain = length - SEAL_OVERHEAD;
        if (out.length - outOffset < plain) {
            throw new IllegalArgumentException("output has room for " + (out.length - outOffset)
                    + " bytes, opening " + length + " needs " + plain);
        }
        System.arraycopy(sealed, offset + length - NONCE_SIZE, nonce, 0, NONCE_SIZE);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.doFinal(sealed, offset, length - NONCE_SIZE, out, outOffset);
            return OpenResult.OK;
        } catch (AEADBadTagException e) {
            return OpenResult.AUTHENTICATION_FAILED;
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    // ---------------------------------------------------------------- Netty ByteBuf API

    /**
     * Seals the readable bytes of {@code buf} in place: on return they are {@code ciphertext || tag || nonce}
     * (the writer index moved 28 bytes on; the buffer grows if it must). {@code buf} must be a single-component buffer.
     */
    public void seal(SharedSecret key, ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        buf.ensureWritable(SEAL_OVERHEAD);
        requireSingleComponent(buf);
        seal(key, buf.nioBuffer(start, length), buf.nioBuffer(start, sealedLength(length)));
        buf.writerIndex(start + sealedLength(length));
    }

    /**
     * Opens the readable bytes of {@code buf} in place: on {@link OpenResult#OK} the readable bytes are the plaintext
     * (the writer index moved 28 bytes back); otherwise the indexes are unchanged and the content is unspecified
     * (drop the packet). {@code buf} must be a single-component buffer.
     */
    public OpenResult open(SharedSecret key, ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < MIN_SEALED_SIZE) {
            return OpenResult.TOO_SHORT;
        }
        requireSingleComponent(buf);
        OpenResult result = open(key, buf.nioBuffer(start, length), buf.nioBuffer(start, length - SEAL_OVERHEAD));
        if (result == OpenResult.OK) {
            buf.writerIndex(start + length - SEAL_OVERHEAD);
        }
        return result;
    }

    /**
     * Seals the readable bytes of {@code plaintext} (consumed) and appends the result to {@code out} (its writer
     * index advances by the sealed length; it grows if it must). {@code out} must be a single-component buffer.
     */
    public void seal(SharedSecret key, ByteBuf plaintext, ByteBuf out) {
        int length = plaintext.readableBytes();
        int sealed = sealedLength(length);
        out.ensureWritable(sealed);
        requireSingleComponent(out);
        seal(key, plaintext.nioBuffer(plaintext.readerIndex(), length), out.nioBuffer(out.writerIndex(), sealed));
        plaintext.skipBytes(length);
        out.writerIndex(out.writerIndex() + sealed);
    }

    /**
     * Opens the readable bytes of {@code sealed} (consumed whatever the result) and, on {@link OpenResult#OK},
     * appends the plaintext to {@code out}; otherwise {@code out}'s indexes are unchanged.
     */
    public OpenResult open(SharedSecret key, ByteBuf sealed, ByteBuf out) {
        int length = sealed.readableBytes();
        if (length < MIN_SEALED_SIZE) {
            sealed.skipBytes(length);
            return OpenResult.TOO_SHORT;
        }
        int plain = length - SEAL_OVERHEAD;
        out.ensureWritable(plain);
        requireSingleComponent(out);
        OpenResult result = open(key, sealed.nioBuffer(sealed.readerIndex(), length),
                out.nioBuffer(out.writerIndex(), plain));
        sealed.skipBytes(length);
        if (result == OpenResult.OK) {
            out.writerIndex(out.writerIndex() + plain);
        }
        return result;
    }

    private static void requireSingleComponent(ByteBuf buf) {
        if (buf.nioBufferCount() != 1) {
            throw new IllegalArgumentException("PacketCipher needs a single-component buffer, got "
                    + buf.nioBufferCount() + " components (" + buf.getClass().getSimpleName() + ")");
        }
    }
}
