package dev.mycelium.spi.tun;

import java.io.IOException;

/**
 * A way to get a TUN device on this host (linux, macos utun, windows wintun, none). Implementations are CDI beans
 * found through {@code @Any Instance<TunBackend>}; the app picks the first available one for the platform.
 */
public interface TunBackend {

    /** Short backend name, e.g. {@code "linux"} or {@code "none"}. */
    String name();

    /** Whether this backend can run here, and if not, why. */
    Availability availability();

    /** Creates and configures the device: address with prefix length, MTU, link up. */
    TunDevice open(TunConfig config) throws IOException;
}
