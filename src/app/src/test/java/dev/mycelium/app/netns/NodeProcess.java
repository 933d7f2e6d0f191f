package dev.mycelium.app.netns;

import static org.awaitility.Awaitility.await;

import dev.mycelium.app.LocalNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real node: {@code ./mycelium} (the launcher, hence the packaged app and the launcher's JDK) started inside a
 * namespace with its own key file, config directories and API address, its output in
 * {@code <lab log dir>/<name>.log}. The API listens on the namespace's management address, where the test JVM
 * reaches it ({@link #api()}). Stopped with SIGTERM by {@link #close()}, or by the lab at the latest.
 */
public final class NodeProcess implements AutoCloseable {

    static final Path LAUNCHER = LocalNode.LAUNCHER;
    static final Duration START_DEADLINE = Duration.ofSeconds(90);
    static final int API_PORT = 8989;
    /** What NodeMode logs once the node is up. */
    static final String RUNNING = "Node running";

    private final String name;
    private final Netns ns;
    private final Process process;
    private final Path log;
    private final Path keyFile;
    private final AdminApi api;
    private Integer exitCode;

    private NodeProcess(String name, Netns ns, Process process, Path log, Path keyFile) {
        this.name = name;
        this.ns = ns;
        this.process = process;
        this.log = log;
        this.keyFile = keyFile;
        this.api = new AdminApi(ns.mgmtAddress(), API_PORT);
    }

    /** Starts building a node named {@code name} (used for its log and key file) inside {@code ns}. */
    public static Builder in(Netns ns, String name) {
        return new Builder(ns, name);
    }

    /** Options of a node to start; defaults: TCP on 9651, no QUIC, no link-local discovery, a TUN. */
    public static final class Builder {
        private final Netns ns;
        private final String name;
        private final List<String> peers = new ArrayList<>();
        private final List<String> extra = new ArrayList<>();
        private int tcpPort = 9651;
        private boolean noTun;
        private String tunName;

        private Builder(Netns ns, String name) {
            this.ns = ns;
            this.name = name;
        }

        /** Static peers, e.g. {@code tcp://[fd00:1::2]:9651}. */
        public Builder peers(String... endpoints) {
            peers.addAll(List.of(endpoints));
            return this;
        }

        public Builder tcpPort(int port) {
            this.tcpPort = port;
            return this;
        }

        public Builder noTun() {
            this.noTun = true;
            return this;
        }

        public Builder tunName(String tun) {
            this.tunName = tun;
            return this;
        }

        /** More command-line arguments, placed before {@code --peers}. */
        public Builder args(String... args) {
            extra.addAll(List.of(args));
            return this;
        }

        /** Starts the node and waits until it runs and its API answers (or fails with the end of its log). */
        public NodeProcess start() {
            return launch().awaitReady();
        }

        /** Starts the node without waiting; call {@link NodeProcess#awaitReady()} (lets several nodes boot at once). */
        public NodeProcess launch() {
            Path dir = ns.lab().logDir().resolve(name);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path log = ns.lab().logDir().resolve(name + ".log");
            Path keyFile = dir.resolve("priv_key.bin");
            List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "-k", keyFile.toString(),
                    "--api-addr", "[" + ns.mgmtAddress() + "]:" + API_PORT, "--disable-quic",
                    "--disable-peer-discovery", "-t", Integer.toString(tcpPort)));
            if (noTun) {
                cmd.add("--no-tun");
            }
            if (tunName != null) {
                cmd.addAll(List.of("--tun-name", tunName));
            }
            cmd.addAll(extra);
            if (!peers.isEmpty()) {
                cmd.add("--peers");
                cmd.addAll(peers);
            }
            // hermetic: no config or key from the machine's home directories
            List<String> env = List.of("XDG_CONFIG_HOME=" + dir.resolve("config"), "XDG_DATA_HOME=" + dir.resolve("data"),
                    "HOME=" + dir);
            appendLine(log, "### " + String.join(" ", cmd));
            Process p = ns.start(log, env, cmd.toArray(String[]::new));
            return ns.lab().track(new NodeProcess(name, ns, p, log, keyFile));
        }
    }

    /** Ready: the node logged that it runs (the HTTP server comes up earlier) and its API answers. */
    public NodeProcess awaitReady() {
        await(name + "'s API in " + ns).atMost(START_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || log().contains(RUNNING) && api.answers());
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " before its API answered:\n"
                    + logTail(40));
        }
        return this;
    }

    public String name() {
        return name;
    }

    public Netns ns() {
        return ns;
    }

    public AdminApi api() {
        return api;
    }

    public Path keyFile() {
        return keyFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return "--- " + log + " (last " + lines + " lines) ---\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGTERM and wait; returns the exit code (-1 when it had to be killed). Idempotent. */
    public synchronized int stop() {
        if (exitCode == null) {
            exitCode = Netns.stop(process, Duration.ofSeconds(30));
        }
        return exitCode;
    }

    @Override
    public void close() {
        stop();
    }

    private static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " in " + ns;
    }
}
