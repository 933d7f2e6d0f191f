package dev.mycelium.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mycelium.core.crypto.KeyFileException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;

    @Test
    void missingFileIsCreatedMode0600AndReusedNextTime() throws Exception {
        Path path = dir.resolve("a/b/priv_key.bin");
        KeyFile.Loaded first = KeyFile.loadOrCreate(path);
        assertThat(first.created()).isTrue();
        assertThat(Files.size(path)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readAllBytes(path)).isEqualTo(first.keys().secretBytes());

        KeyFile.Loaded second = KeyFile.loadOrCreate(path);
        assertThat(second.created()).isFalse();
        assertThat(second.keys()).isEqualTo(first.keys());
        assertThat(second.keys().publicKey()).isEqualTo(first.keys().publicKey());
    }

    @Test
    void aFileWrittenByMyceliumLoadsToTheSameIdentity() throws Exception {
        // a Mycelium key file is the 32 raw secret bytes; the RFC 7748 6.1 Alice key gives her known public key
        Path path = dir.resolve("priv_key.bin");
        Files.write(path, HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertThat(KeyFile.load(path).publicKey().toHex())
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    }

    @Test
    void shortFileIsAnErrorAndIsLeftExactlyAsItWas() throws Exception {
        Path path = dir.resolve("priv_key.bin");
        byte[] seven = {1, 2, 3, 4, 5, 6, 7};
        Files.write(path, seven);
        Files.setLastModifiedTime(path, LONG_AGO);

        assertThatThrownBy(() -> KeyFile.loadOrCreate(path)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(path.toString()).hasMessageContaining("7 bytes")
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.TOO_SHORT));
        assertThatThrownBy(() -> KeyFile.load(path)).isInstanceOf(KeyFileException.class);
        assertThatThrownBy(() -> KeyFile.createNew(path, NodeKeys.generate()))
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.ALREADY_EXISTS));

        assertThat(Files.readAllBytes(path)).isEqualTo(seven);
        assertThat(Files.getLastModifiedTime(path)).isEqualTo(LONG_AGO);
    }

    @Test
    void emptyFileIsTooShortToo() throws Exception {
        Path path = Files.createFile(dir.resolve("priv_key.bin"));
        assertThatThrownBy(() -> KeyFile.loadOrCreate(path))
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.TOO_SHORT));
        assertThat(Files.size(path)).isZero();
    }

    @Test
    void directoryIsAnErrorAndIsLeftAlone() throws Exception {
        Path path = Files.createDirectory(dir.resolve("priv_key.bin"));
        assertThatThrownBy(() -> KeyFile.loadOrCreate(path)).hasMessageContaining("is a directory")
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.NOT_A_FILE));
        assertThatThrownBy(() -> KeyFile.replace(path, NodeKeys.generate()))
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.NOT_A_FILE));
        assertThat(Files.isDirectory(path)).isTrue();
        try (var list = Files.list(path)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void pathThroughAFileIsUnreadable() throws Exception {
        Path notADir = Files.write(dir.resolve("plain"), new byte[] {1});
        Path path = notADir.resolve("priv_key.bin");
        assertThatThrownBy(() -> KeyFile.load(path))
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.UNREADABLE));
        assertThatThrownBy(() -> KeyFile.loadOrCreate(path)).isInstanceOf(KeyFileException.class);
        assertThat(Files.readAllBytes(notADir)).containsExactly(1);
    }

    @Test
    void fileWithoutReadPermissionIsUnreadable() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        Path path = Files.write(dir.resolve("priv_key.bin"), new byte[32]);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("-w-------"));
        assertThatThrownBy(() -> KeyFile.loadOrCreate(path)).hasMessageContaining("permission denied")
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.UNREADABLE));
    }

    @Test
    void bytesAfterTheFirst32AreIgnored() throws Exception {
        byte[] secret = NodeKeys.generate().secretBytes();
        byte[] longer = Arrays.copyOf(secret, 40);
        Arrays.fill(longer, 32, 40, (byte) 0x77);
        Path path = Files.write(dir.resolve("priv_key.bin"), longer);
        KeyFile.Loaded loaded = KeyFile.loadOrCreate(path);
        assertThat(loaded.created()).isFalse();
        assertThat(loaded.keys()).isEqualTo(NodeKeys.fromSecret(secret));
        assertThat(Files.readAllBytes(path)).isEqualTo(longer);
    }

    @Test
    void loadOfAMissingFileSaysNotFound() {
        Path path = dir.resolve("nope.bin");
        assertThatThrownBy(() -> KeyFile.load(path)).hasMessageContaining("not found")
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void replaceWritesANewKeyAtomicallyWithMode0600() throws Exception {
        Path path = dir.resolve("priv_key.bin");
        Files.write(path, new byte[] {9, 9, 9});
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        NodeKeys fresh = NodeKeys.generate();
        KeyFile.replace(path, fresh);
        assertThat(Files.readAllBytes(path)).isEqualTo(fresh.secretBytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        try (var list = Files.list(dir)) {
            assertThat(list).as("no temporary file left").containsExactly(path);
        }
    }

    @Test
    void createNewNeverTouchesAnExistingFile() throws Exception {
        Path path = Files.write(dir.resolve("priv_key.bin"), new byte[32]);
        Files.setLastModifiedTime(path, LONG_AGO);
        assertThatThrownBy(() -> KeyFile.createNew(path, NodeKeys.generate()))
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.ALREADY_EXISTS));
        assertThat(Files.readAllBytes(path)).isEqualTo(new byte[32]);
        assertThat(Files.getLastModifiedTime(path)).isEqualTo(LONG_AGO);
    }

    @Test
    void fifoIsNotAKeyFile() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeFalse(!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0, "mkfifo unavailable");
        assertThatThrownBy(() -> KeyFile.loadOrCreate(fifo))
                .satisfies(e -> assertThat(((KeyFileException) e).reason()).isEqualTo(Reason.NOT_A_FILE));
    }

}
