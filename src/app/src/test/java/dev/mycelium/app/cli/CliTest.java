package dev.mycelium.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.crypto.KeyFile;
import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.crypto.PlatformDirs;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The subcommands and error paths, run in-process through picocli (the Quarkus-level runs are in MainTest). */
class CliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        MyceliumCommand cmd = new MyceliumCommand();
        cmd.platformDirs = new PlatformDirs(PlatformDirs.Os.LINUX, Map.of(), Optional.of(dir));
        var cl = MyceliumCommand.newCommandLine(cmd, null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    static List<Vector> addresses() {
        return Vectors.withPrefix("address_from_pubkey_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void inspectPrintsKeyAndAddress(Vector v) {
        String key = v.input().get("public_key").asText();
        assertThat(run("inspect", key)).isZero();
        assertThat(out.toString()).isEqualTo("Public key: " + key + "\nAddress: "
                + v.expected().get("v07_address").asText() + "\n");
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void inspectJsonIsSerdePrettyJson(Vector v) {
        String key = v.input().get("public_key").asText();
        assertThat(run("inspect", "--json", key)).isZero();
        assertThat(out.toString()).isEqualTo("{\n  \"publicKey\": \"" + key + "\",\n  \"address\": \""
                + v.expected().get("v07_address").asText() + "\"\n}\n");
    }

    @Test
    void inspectAcceptsUppercaseHexAndPrintsLowercase() {
        String key = addresses().get(0).input().get("public_key").asText();
        assertThat(run("inspect", key.toUpperCase())).isZero();
        assertThat(out.toString()).startsWith("Public key: " + key + "\n");
    }

    @Test
    void inspectWithoutKeyShowsTheKeyFile() throws Exception {
        NodeKeys keys = NodeKeys.generate();
        Path keyFile = dir.resolve("k.bin");
        KeyFile.createNew(keyFile, keys);
        assertThat(run("inspect", "-k", keyFile.toString())).isZero();
        assertThat(out.toString()).isEqualTo("Public key: " + keys.publicKey() + "\nAddress: " + keys.address() + "\n");
        out.getBuffer().setLength(0);
        assertThat(run("-k", keyFile.toString(), "inspect", "--json")).as("-k before the subcommand").isZero();
        assertThat(out.toString()).contains("\"publicKey\": \"" + keys.publicKey() + "\"");
    }

    @Test
    void inspectWithoutKeyAndWithoutKeyFileFailsAndCreatesNothing() {
        Path keyFile = dir.resolve("none.bin");
        assertThat(run("inspect", "-k", keyFile.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: no key to inspect given and no key file at " + keyFile);
        assertThat(out.toString()).isEmpty();
        assertThat(Files.exists(keyFile)).isFalse();
    }

    @Test
    void inspectUsesTheDefaultKeyFile() throws Exception {
        NodeKeys keys = NodeKeys.generate();
        KeyFile.createNew(dir.resolve(".local/share/mycelium/priv_key.bin"), keys);
        assertThat(run("inspect")).isZero();
        assertThat(out.toString()).contains(keys.publicKey().toHex());
    }

    @Test
    void invalidKeyArgumentsAreUsageErrors() {
        String key = addresses().get(0).input().get("public_key").asText();
        for (String bad : List.of("abc", key + "00", "g" + key.substring(1), "")) {
            err.getBuffer().setLength(0);
            assertThat(run("inspect", bad)).as(bad).isEqualTo(2);
            assertThat(err.toString()).startsWith("error: Invalid value for positional parameter")
                    .contains("PUBKEY").contains("Try 'mycelium inspect --help'");
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void tooShortKeyFileIsRefusedAndLeftUnchanged() throws Exception {
        Path keyFile = Files.write(dir.resolve("short.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7});
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(keyFile, before);
        assertThat(run("inspect", "-k", keyFile.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("holds 7 bytes");
        assertThat(run("generate-keys", "-k", keyFile.toString())).isEqualTo(1);
        assertThat(Files.readAllBytes(keyFile)).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Files.getLastModifiedTime(keyFile)).isEqualTo(before);
    }

    @Test
    void generateKeysCreatesA0600FileAndRefusesToOverwriteIt() throws Exception {
        Path keyFile = dir.resolve("sub/dir/priv_key.bin");
        assertThat(run("generate-keys", "-k", keyFile.toString())).isZero();
        assertThat(Files.size(keyFile)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        NodeKeys first = KeyFile.load(keyFile);
        assertThat(err.toString()).contains("Generated new node keys at " + keyFile)
                .contains(first.publicKey().toHex()).contains(first.address().toString());
        assertThat(out.toString()).isEmpty();

        byte[] bytes = Files.readAllBytes(keyFile);
        err.getBuffer().setLength(0);
        assertThat(run("generate-keys", "-k", keyFile.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("already exists").contains("--force");
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(bytes);

        assertThat(run("-k", keyFile.toString(), "generate-keys", "--force")).isZero();
        assertThat(KeyFile.load(keyFile)).isNotEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void generateKeysRefusesADirectory() throws Exception {
        Path keyFile = Files.createDirectory(dir.resolve("adir"));
        assertThat(run("generate-keys", "--force", "-k", keyFile.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("is a directory");
        assertThat(Files.isDirectory(keyFile)).isTrue();
    }

    @Test
    void helpAndVersion() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--tcp-listen-port").contains("inspect").contains("generate-keys")
                .contains("A flag given explicitly always wins over the config file")
                .contains("Not supported yet").contains("--enable-dns");
        out.getBuffer().setLength(0);
        assertThat(run("-V")).isZero();
        assertThat(out.toString()).startsWith("mycelium ").contains("Mycelium 0.7.10");
        out.getBuffer().setLength(0);
        assertThat(run("inspect", "--help")).isZero();
        assertThat(out.toString()).contains("--json").contains("PUBKEY");
    }

    @Test
    void unknownFlagsAndBadValuesAreUsageErrors() {
        assertThat(run("--tcp-listen-prot", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("--tcp-listen-port");
        err.getBuffer().setLength(0);
        assertThat(run("-t", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("not a port number");
        err.getBuffer().setLength(0);
        assertThat(run("--log-format", "json")).isEqualTo(2);
        assertThat(err.toString()).contains("compact, logfmt, plain");
        err.getBuffer().setLength(0);
        assertThat(run("--api-addr", "localhost:80")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a socket address");
        err.getBuffer().setLength(0);
        assertThat(run("nosuchcommand")).isEqualTo(2);
    }
}
