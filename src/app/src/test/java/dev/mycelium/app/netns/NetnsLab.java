package dev.mycelium.app.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of network namespaces for one test, and everything that must go with them: veth links, processes started
 * inside, logs under {@code target/netns-it/}. {@link #close()} removes all of it, also when the test failed; a JVM
 * shutdown hook does the same when the run is interrupted, and {@link #open} first removes what a crashed earlier
 * run left behind (namespaces whose owning test JVM is gone).
 *
 * <p>Names are unique per lab ({@code mjt-<pid>-<random>-<label>}), so parallel runs on one machine never collide.
 * Each namespace also gets a management link to the root namespace (a veth with a random ULA /64) so that the test
 * JVM can reach a node's HTTP API; namespaces have no default route, so no test traffic can leak through it.
 */
public final class NetnsLab implements AutoCloseable {

    static final String NS_PREFIX = "mjt-";
    private static final Pattern OWNED = Pattern.compile("^" + NS_PREFIX + "(\\d+)-[0-9a-f]+-.*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String runId;
    private final String mgmtPrefix;
    private final Path logDir;
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<VethLink> links = new ArrayList<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread shutdownHook;
    private boolean closed;

    private NetnsLab(String name) {
        byte[] r = new byte[5];
        RANDOM.nextBytes(r);
        String hex = HexFormat.of().formatHex(r);
        this.runId = ProcessHandle.current().pid() + "-" + hex.substring(0, 6);
        // fdXX:XXXX:XXXX::/48, never fd00::/16 (the links inside the lab use fd00:N::/64)
        int first = 1 + (r[0] & 0xff) % 255;
        this.mgmtPrefix = String.format("fd%02x:%s:%s", first, hex.substring(2, 6), hex.substring(6, 10));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        this.logDir = Path.of(System.getProperty("basedir", "."), "target", "netns-it", name + "-" + stamp + "-"
                + hex.substring(0, 4)).toAbsolutePath().normalize();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.shutdownHook = new Thread(this::teardown, "netns-lab-cleanup-" + runId);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Skips the calling test (JUnit assumption) unless namespaces can be made here: Linux, root, iproute2 present
     * and a namespace can actually be created.
     */
    public static void assumeUsable() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"), "network namespaces need Linux");
        assumeTrue(Cmd.available("ip"), "iproute2 ('ip') is not installed");
        assumeTrue("0".equals(Cmd.run("id", "-u").out().trim()), "network namespaces need root");
        String probe = NS_PREFIX + ProcessHandle.current().pid() + "-0-probe";
        Cmd.Result add = Cmd.run("ip", "netns", "add", probe);
        Cmd.run("ip", "netns", "del", probe);
        assumeTrue(add.ok(), "cannot create a network namespace: " + add.err().trim());
    }

    /** Skips the calling test unless every tool named is installed. */
    public static void assumeTools(String... tools) {
        for (String t : tools) {
            assumeTrue(Cmd.available(t), "'" + t + "' is not installed");
        }
    }

    /** A new lab; first removes leftovers of labs whose test JVM no longer runs. */
    public static NetnsLab open(String name) {
        removeStale();
        return new NetnsLab(name);
    }

    /** Deletes namespaces named by a lab whose process is gone, killing what still runs inside them. */
    static void removeStale() {
        for (String ns : listNamespaces()) {
            Matcher m = OWNED.matcher(ns);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                killAllIn(ns);
                Cmd.run("ip", "netns", "del", ns);
            }
        }
    }

    static List<String> listNamespaces() {
        List<String> names = new ArrayList<>();
        for (String line : Cmd.run("ip", "netns", "list").out().split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }

    /** A new namespace with loopback up and a management link to the root namespace. */
    public synchronized Netns namespace(String label) {
        if (!label.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("label must be 1-8 of [a-z0-9]: " + label);
        }
        int index = namespaces.size() + 1;
        Netns ns = new Netns(this, NS_PREFIX + runId + "-" + label, label, index);
        Cmd.check("ip", "netns", "add", ns.name());
        namespaces.add(ns);
        ns.ip("link", "set", "lo", "up");
        // Linux drops even static IPv6 addresses when a link goes down; keep them so that down/up is only a link event
        ns.check("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/keep_addr_on_down"
                + " && echo 1 > /proc/sys/net/ipv6/conf/default/keep_addr_on_down");
        String rootSide = "mj" + runId.substring(runId.indexOf('-') + 1) + "m" + index; // <= 15 chars
        Cmd.check("ip", "link", "add", rootSide, "type", "veth", "peer", "name", "mgmt", "netns", ns.name());
        Cmd.check("ip", "-6", "addr", "add", mgmtPrefix + ":" + index + "::1/64", "dev", rootSide, "nodad");
        Cmd.check("ip", "link", "set", rootSide, "up");
        ns.ip("-6", "addr", "add", ns.mgmtAddress() + "/64", "dev", "mgmt", "nodad");
        ns.ip("link", "set", "mgmt", "up");
        ns.awaitLinkUp("mgmt");
        return ns;
    }

    /**
     * A veth pair between two namespaces, named {@code to-<other label>} on each side, with addresses
     * {@code fd00:N::1/64} and {@code 10.0.N.1/24} on {@code a}'s side and {@code ::2} / {@code .2} on {@code b}'s,
     * N counting the lab's links from 1.
     */
    public synchronized VethLink link(Netns a, Netns b) {
        int index = links.size() + 1;
        if (index > 250) {
            throw new IllegalStateException("too many links in one lab");
        }
        VethLink link = new VethLink(a, "to-" + b.label(), b, "to-" + a.label(), index);
        Cmd.check("ip", "link", "add", link.leftIf(), "netns", a.name(), "type", "veth", "peer", "name",
                link.rightIf(), "netns", b.name());
        links.add(link);
        link.configure();
        return link;
    }

    /** Closed (in reverse order) before the namespaces are deleted. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    public Path logDir() {
        return logDir;
    }

    String mgmtPrefix() {
        return mgmtPrefix;
    }

    public List<Netns> namespaces() {
        return List.copyOf(namespaces);
    }

    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs teardown, which is idempotent
        }
    }

    private synchronized void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                System.err.println("netns lab: closing a resource failed: " + e);
            }
        }
        for (Netns ns : namespaces) {
            killAllIn(ns.name());
            Cmd.Result del = Cmd.run("ip", "netns", "del", ns.name());
            if (!del.ok()) {
                System.err.println("netns lab: " + del.describe());
            }
        }
    }

    /** SIGTERM to every process inside, then SIGKILL to what is left after a grace period. */
    static void killAllIn(String ns) {
        List<ProcessHandle> inside = pidsIn(ns);
        inside.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inside.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50); // bounded grace period for a clean exit, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inside.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static List<ProcessHandle> pidsIn(String ns) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String pid : Cmd.run("ip", "netns", "pids", ns).out().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(handles::add);
            }
        }
        return handles;
    }
}
