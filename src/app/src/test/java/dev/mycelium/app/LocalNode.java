package dev.mycelium.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** What the integration tests need to run {@code ./mycelium} as a user does: its path and free loopback ports. */
public final class LocalNode {

    /** The repository's launcher ({@code -Dmycelium.launcher} overrides it). */
    public static final Path LAUNCHER = Path.of(System.getProperty("mycelium.launcher", "../../mycelium"))
            .toAbsolutePath().normalize();

    private LocalNode() {
    }

    /** A TCP port on loopback that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
