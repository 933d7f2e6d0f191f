package dev.mycelium.app.cli;

import dev.mycelium.core.crypto.PublicKey;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A public key argument: 64 hex characters. */
public final class PublicKeyConverter implements ITypeConverter<PublicKey> {
    @Override
    public PublicKey convert(String value) {
        try {
            return PublicKey.parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
