package dev.mycelium.app.cli;

/** Mycelium's {@code --log-format} values (protocol.md 8.3), mapped onto Quarkus console log patterns. */
public enum LogFormat {
    /** tracing-subscriber's compact form: time, level, logger, message. */
    compact("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %c{1.}: %s%e%n", true),
    /** key=value pairs. */
    logfmt("ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} level=%p target=%c msg=\"%s\"%e%n", true),
    /** logfmt with colour switched off. */
    plain("ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} level=%p target=%c msg=\"%s\"%e%n", false);

    private final String pattern;
    private final boolean colour;

    LogFormat(String pattern, boolean colour) {
        this.pattern = pattern;
        this.colour = colour;
    }

    public String pattern() {
        return pattern;
    }

    public boolean colour() {
        return colour;
    }
}
