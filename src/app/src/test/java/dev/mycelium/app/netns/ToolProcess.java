package dev.mycelium.app.netns;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the harness's own small tools ({@link DelayProxy}, {@link TcpEcho}) as separate JVMs inside a namespace:
 * the test JVM's java with only the test classes on the class path (the tools need nothing but the JDK). A tool
 * prints a line starting with {@code ready} once it serves; the lab stops it.
 */
public final class ToolProcess {

    private ToolProcess() {
    }

    /**
     * A {@link DelayProxy} inside {@code ns}: {@code listen} (an address in that namespace) forwards to
     * {@code target} with {@code oneWay} added in each direction.
     */
    public static Process delayProxy(Netns ns, InetSocketAddress listen, InetSocketAddress target, Duration oneWay) {
        return start(ns, "delay-proxy-" + listen.getPort(), DelayProxy.class, DelayProxy.format(listen),
                DelayProxy.format(target), Long.toString(oneWay.toMillis()));
    }

    /** A {@link TcpEcho} inside {@code ns}, listening on {@code listen}. */
    public static Process echo(Netns ns, InetSocketAddress listen) {
        return start(ns, "echo-" + listen.getPort(), TcpEcho.class, DelayProxy.format(listen));
    }

    static Process start(Netns ns, String logName, Class<?> main, String... args) {
        Path log = ns.lab().logDir().resolve(logName + "-" + ns.label() + ".log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classes;
        try {
            classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classes,
                main.getName()));
        cmd.addAll(List.of(args));
        Process p = ns.start(log, cmd.toArray(String[]::new));
        await(main.getSimpleName() + " in " + ns + " ready").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !p.isAlive() || Files.exists(log) && Files.readString(log).contains("ready"));
        if (!p.isAlive()) {
            throw new IllegalStateException(main.getSimpleName() + " exited: " + read(log));
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
