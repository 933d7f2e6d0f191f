package dev.mycelium.app.cli;

/** A command that cannot do its job: the message is printed as {@code error: <message>} and the process exits. */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Bad input: flags, config file, arguments (like picocli's usage errors). */
    public static final int USAGE = 2;
    /** Anything else that went wrong (key file unusable, node failed to start, API unreachable). */
    public static final int FAILURE = 1;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
