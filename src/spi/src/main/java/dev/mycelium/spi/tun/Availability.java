package dev.mycelium.spi.tun;

/** Whether a backend can run on this host; {@code reason} says why not (null when available). */
public record Availability(boolean available, String reason) {

    public static Availability yes() {
        return new Availability(true, null);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
