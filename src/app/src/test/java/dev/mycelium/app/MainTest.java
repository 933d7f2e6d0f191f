package dev.mycelium.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.testkit.Vectors;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path through {@link Main} and Quarkus, in-process (the process-level runs are in LauncherIT). */
@QuarkusMainTest
class MainTest {

    @TempDir
    Path dir;

    @Test
    void inspectJson(QuarkusMainLauncher launcher) {
        var v = Vectors.named("address_from_pubkey_readme_example_a47c1d6f");
        String key = v.input().get("public_key").asText();
        LaunchResult r = launcher.launch("inspect", key, "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.getOutput()).isEqualTo("{\n  \"publicKey\": \"" + key + "\",\n  \"address\": \""
                + v.expected().get("v07_address").asText() + "\"\n}");
    }

    @Test
    void invalidKeyIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("inspect", "0123");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("a public key is 64 hex characters");
        assertThat(r.getOutput()).isEmpty();
    }

    @Test
    void nodeRefusesAShortKeyFileAndLeavesIt(QuarkusMainLauncher launcher) throws Exception {
        Path keyFile = Files.write(dir.resolve("priv_key.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7});
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(keyFile, before);
        LaunchResult r = launcher.launch("-k", keyFile.toString(), "--api-addr", "127.0.0.1:0", "--disable-quic");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.getErrorOutput()).contains("holds 7 bytes");
        assertThat(Files.readAllBytes(keyFile)).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Files.getLastModifiedTime(keyFile)).isEqualTo(before);
    }

    @Test
    void unsupportedFlagIsRefusedBeforeAnythingStarts(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("--enable-dns", "-k", dir.resolve("k.bin").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("--enable-dns: the DNS forwarder is not supported yet");
        assertThat(Files.exists(dir.resolve("k.bin"))).isFalse();
    }
}
