package dev.mycelium.app.config;

/** Bad settings (config file or flags): the message says what is wrong and where, for the user to read. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
