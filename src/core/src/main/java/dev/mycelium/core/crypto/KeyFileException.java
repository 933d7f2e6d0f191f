package dev.mycelium.core.crypto;

import java.io.IOException;
import java.nio.file.Path;

/** A key file that cannot be used; the message names the file and says what to do. */
public final class KeyFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the key file was refused. */
    public enum Reason {
        NOT_FOUND, TOO_SHORT, NOT_A_FILE, UNREADABLE, ALREADY_EXISTS, WRITE_FAILED
    }

    private final transient Path path;
    private final Reason reason;

    public KeyFileException(Reason reason, Path path, String message) {
        this(reason, path, message, null);
    }

    public KeyFileException(Reason reason, Path path, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    public Path path() {
        return path;
    }
}
