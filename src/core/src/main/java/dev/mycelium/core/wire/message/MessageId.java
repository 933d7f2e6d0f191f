package dev.mycelium.core.wire.message;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The 8-byte message id (protocol.md 7.2), big-endian in a long; shown as 16 lowercase hex characters. */
public record MessageId(long value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh random id (new messages; replies reuse the id of the message they answer, 7.7). */
    public static MessageId random() {
        return new MessageId(RANDOM.nextLong());
    }

    /** Parses exactly 16 hex characters. */
    public static MessageId fromHex(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new IllegalArgumentException("message id must be 16 hex characters");
        }
        try {
            return new MessageId(HexFormat.fromHexDigitsToLong(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message id must be 16 hex characters: '" + hex + "'");
        }
    }

    public String hex() {
        return HexFormat.of().toHexDigits(value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
