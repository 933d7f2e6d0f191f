package dev.mycelium.app.netns;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One network namespace of a {@link NetnsLab}: run commands inside it, start processes inside it. */
public final class Netns {

    private final NetnsLab lab;
    private final String name;
    private final String label;
    private final int index;

    Netns(NetnsLab lab, String name, String label, int index) {
        this.lab = lab;
        this.name = name;
        this.label = label;
        this.index = index;
    }

    /** The namespace's name for {@code ip netns}. */
    public String name() {
        return name;
    }

    /** The short name given by the test (a, b, relay...). */
    public String label() {
        return label;
    }

    public NetnsLab lab() {
        return lab;
    }

    /** This namespace's address on its management link; the test JVM (root namespace) reaches it directly. */
    public String mgmtAddress() {
        return lab.mgmtPrefix() + ":" + index + "::2";
    }

    /** Runs a command inside the namespace to completion. */
    public Cmd.Result exec(String... command) {
        return exec(Cmd.DEFAULT_TIMEOUT, command);
    }

    public Cmd.Result exec(Duration timeout, String... command) {
        return Cmd.run(timeout, wrap(List.of(command)));
    }

    /** Runs a command inside the namespace and fails with its output unless it exits 0. */
    public Cmd.Result check(String... command) {
        Cmd.Result r = exec(command);
        if (!r.ok()) {
            throw new IllegalStateException("command failed in " + name + ": " + r.describe());
        }
        return r;
    }

    /** {@code ip -n <ns> args...}, failing on error. */
    public Cmd.Result ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Cmd.check(cmd.toArray(String[]::new));
    }

    /** {@code tc -n <ns> args...}, without failing: callers decide what an error means. */
    public Cmd.Result tc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tc", "-n", name));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd.toArray(String[]::new));
    }

    /**
     * Starts a long-running command inside the namespace, stdout and stderr merged into {@code log}. The process is
     * killed when the lab closes, if the caller has not stopped it before.
     */
    public Process start(Path log, String... command) {
        return start(log, List.of(), command);
    }

    /** As {@link #start(Path, String...)}, with extra environment entries {@code KEY=value}. */
    public Process start(Path log, List<String> env, String... command) {
        List<String> cmd = new ArrayList<>();
        if (!env.isEmpty()) {
            cmd.add("env");
            cmd.addAll(env);
        }
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(wrap(cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            lab.track(() -> stop(p, Duration.ofSeconds(10)));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd + " in " + name, e);
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; returns the exit code (or -1 if it had to be killed). */
    public static int stop(Process p, Duration grace) {
        if (!p.isAlive()) {
            return p.exitValue();
        }
        p.destroy();
        try {
            if (p.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
            p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        return -1;
    }

    /** Waits until the interface reports carrier and is up (a fresh veth needs a moment). */
    public void awaitLinkUp(String dev) {
        await("link " + dev + " up in " + name).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    String line = Cmd.run("ip", "-n", name, "-o", "link", "show", "dev", dev).out();
                    return line.contains("LOWER_UP") && line.contains("state UP");
                });
    }

    /** A single ping (IPv4 or IPv6 by the address) with a 1 s timeout: whether a reply came. */
    public boolean pingOnce(String address) {
        return exec("ping", address.contains(":") ? "-6" : "-4", "-n", "-c", "1", "-W", "1", address).ok();
    }

    private List<String> wrap(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(command);
        return cmd;
    }

    @Override
    public String toString() {
        return name;
    }
}
