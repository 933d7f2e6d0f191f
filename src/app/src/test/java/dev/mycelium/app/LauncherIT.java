package dev.mycelium.app;

import static dev.mycelium.app.LocalNode.LAUNCHER;
import static dev.mycelium.app.LocalNode.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mycelium.core.crypto.KeyFile;
import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.testkit.Vectors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code ./mycelium} as a user runs it (any working directory, the packaged app), checking output
 * streams and exit codes.
 */
class LauncherIT {

    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        // hermetic: no default config or key file from the machine's home
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        return pb;
    }

    private Result run(String... args) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void inspectJsonKeepsStdoutCleanJson() throws Exception {
        var v = Vectors.named("address_from_pubkey_readme_example_955bf6be");
        String key = v.input().get("public_key").asText();
        Result r = run("inspect", key, "--json", "--debug");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("{\n  \"publicKey\": \"" + key + "\",\n  \"address\": \""
                + v.expected().get("v07_address").asText() + "\"\n}\n");
        Result text = run("inspect", key);
        assertThat(text.out()).isEqualTo("Public key: " + key + "\nAddress: " + v.expected().get("v07_address").asText()
                + "\n");
    }

    /**
     * The README promises JDK 17 or newer: the launcher's JVM options (log tags, class archive) must suit each JDK
     * installed here, e.g. JDK 17 refuses the {@code aot} log tag that JDK 25 needs.
     */
    @Test
    void runsOnEveryInstalledJdk() throws Exception {
        var v = Vectors.named("address_from_pubkey_readme_example_955bf6be");
        String key = v.input().get("public_key").asText();
        List<Path> jdks = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && !Files.isSymbolicLink(d)).forEach(jdks::add);
        }
        assumeFalse(jdks.isEmpty(), "no JDKs under /usr/lib/jvm");
        for (Path jdk : jdks) {
            Path out = dir.resolve("jdk-out.txt");
            Path err = dir.resolve("jdk-err.txt");
            ProcessBuilder pb = builder("inspect", key, "--json").redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().put("MYCELIUM_JAVA_HOME", jdk.toString());
            Process p = pb.start();
            assertThat(p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
            assertThat(p.exitValue()).as(jdk + ": " + Files.readString(err)).isZero();
            assertThat(Files.readString(out)).as(jdk.toString()).contains(v.expected().get("v07_address").asText());
        }
        System.out.println("launcher ran on " + jdks);
    }

    /** The launcher caps the heap (docs/configuration.md), and MYCELIUM_JAVA_OPTS comes later and wins. */
    @Test
    void heapIsCappedUnlessTheUserSaysOtherwise() throws Exception {
        assertThat(maxHeapSize("")).isEqualTo(256L << 20);
        assertThat(maxHeapSize("-Xmx1g")).isEqualTo(1L << 30);
    }

    /** The JVM's MaxHeapSize under the launcher with {@code opts} (-version makes the JVM stop before the app). */
    private long maxHeapSize(String opts) throws Exception {
        ProcessBuilder pb = builder().redirectErrorStream(true);
        pb.environment().put("MYCELIUM_JAVA_OPTS", opts + " -XX:+PrintFlagsFinal -version");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
        Matcher m = Pattern.compile("\\bMaxHeapSize\\s+=\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void invalidKeyArgument() throws Exception {
        Result r = run("inspect", "xyz");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: ").contains("PUBKEY");
    }

    @Test
    void subcommandsBindNoPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String key = Vectors.named("address_from_pubkey_readme_example_955bf6be").input().get("public_key").asText();
            Result r = run("--api-addr", "127.0.0.1:" + taken.getLocalPort(), "inspect", key);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    @Test
    void generateKeysRefusesToOverwriteWithoutForce() throws Exception {
        Path keyFile = dir.resolve("keys/priv_key.bin");
        assertThat(run("generate-keys", "-k", keyFile.toString()).exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        byte[] first = Files.readAllBytes(keyFile);

        Result refused = run("generate-keys", "-k", keyFile.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("already exists");
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(first);

        assertThat(run("generate-keys", "--force", "-k", keyFile.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(keyFile)).hasSize(32).isNotEqualTo(first);
        Result inspect = run("inspect", "-k", keyFile.toString());
        assertThat(inspect.out()).contains(KeyFile.load(keyFile).publicKey().toHex());
    }

    @Test
    void nodeRefusesAShortKeyFileAndLeavesItAsItWas() throws Exception {
        Path keyFile = Files.write(dir.resolve("priv_key.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7});
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(keyFile, before);
        Result r = run("-k", keyFile.toString(), "--api-addr", "127.0.0.1:" + freePort(), "--disable-quic");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("holds 7 bytes");
        assertThat(Files.readAllBytes(keyFile)).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Files.getLastModifiedTime(keyFile)).isEqualTo(before);
    }

    @Test
    void missingConfigFileAndUnsupportedFlagsAreErrors() throws Exception {
        Result missing = run("-c", dir.resolve("nope.toml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("config file").contains("not found");
        Result dns = run("--enable-dns");
        assertThat(dns.exitCode()).isEqualTo(2);
        assertThat(dns.err()).contains("not supported yet");
    }

    @Test
    void nodeStartsListensAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path keyFile = dir.resolve("node/priv_key.bin");
        Path err = dir.resolve("node.err");
        Path config = Files.writeString(dir.resolve("mycelium.toml"), "api_addr = \"127.0.0.1:" + port + "\"\n");
        Process node = builder("-c", config.toString(), "-k", keyFile.toString(), "--disable-quic", "--no-tun")
                .redirectOutput(dir.resolve("node.out").toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(START_DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> accepts(port) || !node.isAlive());
            assertThat(node.isAlive()).as("node running: " + Files.readString(err)).isTrue();
            await().atMost(START_DEADLINE).until(() -> Files.readString(err).contains("Node running"));
            NodeKeys keys = KeyFile.load(keyFile);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(Files.readString(err)).contains("Node overlay IP: " + keys.address())
                    .contains("Node subnet: " + keys.address().nodeSubnet());
        } finally {
            node.destroy(); // SIGTERM
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(dir.resolve("node.out"))).as("logs go to stderr").isEmpty();
    }

    @Test
    void adminSubcommandsWithoutANodeFailClearly() throws Exception {
        int port = freePort(); // nothing listens there
        Result r = run("--api-addr", "127.0.0.1:" + port, "peers", "list");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no node API at http://127.0.0.1:" + port);
        Result usage = run("routes", "sideways");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("sideways");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }


}
