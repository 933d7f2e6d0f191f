package dev.mycelium.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.crypto.PlatformDirs.Os;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Default key and config paths per OS (protocol.md 1.1, 8.4; myceliumd-common resolve_key_path/load_config_file). */
class PlatformDirsTest {

    private static final Optional<Path> HOME = Optional.of(Path.of("/home/ann"));

    @Test
    void linuxDefaultsUnderHome() {
        PlatformDirs d = new PlatformDirs(Os.LINUX, Map.of(), HOME);
        assertThat(d.defaultKeyFile()).isEqualTo(Path.of("/home/ann/.local/share/mycelium/priv_key.bin"));
        assertThat(d.defaultConfigFile()).contains(Path.of("/home/ann/.config/mycelium/mycelium.toml"));
    }

    @Test
    void linuxHonoursAbsoluteXdgVariablesOnly() {
        PlatformDirs d = new PlatformDirs(Os.LINUX, Map.of("XDG_DATA_HOME", "/data", "XDG_CONFIG_HOME", "/cfg"), HOME);
        assertThat(d.defaultKeyFile()).isEqualTo(Path.of("/data/mycelium/priv_key.bin"));
        assertThat(d.defaultConfigFile()).contains(Path.of("/cfg/mycelium/mycelium.toml"));
        PlatformDirs relative = new PlatformDirs(Os.LINUX, Map.of("XDG_DATA_HOME", "data"), HOME);
        assertThat(relative.defaultKeyFile()).isEqualTo(Path.of("/home/ann/.local/share/mycelium/priv_key.bin"));
    }

    @Test
    void macos() {
        PlatformDirs d = new PlatformDirs(Os.MACOS, Map.of(), HOME);
        assertThat(d.defaultKeyFile())
                .isEqualTo(Path.of("/home/ann/Library/Application Support/ThreeFold Tech/Mycelium/priv_key.bin"));
        assertThat(d.defaultConfigFile())
                .contains(Path.of("/home/ann/Library/Application Support/ThreeFold Tech/Mycelium/mycelium.toml"));
    }

    @Test
    void windowsUsesLocalAppDataForTheKeyAndAppDataForTheConfig() {
        // built from this file system's separators; only the composition is under test
        PlatformDirs d = new PlatformDirs(Os.WINDOWS, Map.of("LOCALAPPDATA", "/L", "APPDATA", "/R"), HOME);
        assertThat(d.defaultKeyFile()).isEqualTo(Path.of("/L", "ThreeFold Tech", "Mycelium", "priv_key.bin"));
        assertThat(d.defaultConfigFile()).contains(Path.of("/R", "ThreeFold Tech", "Mycelium", "mycelium.toml"));
    }

    @Test
    void noDataDirectoryMeansTheWorkingDirectory() {
        PlatformDirs d = new PlatformDirs(Os.LINUX, Map.of(), Optional.empty());
        assertThat(d.defaultKeyFile()).isEqualTo(Path.of("priv_key.bin"));
        assertThat(d.defaultConfigFile()).isEmpty();
    }

    @Test
    void osNames() {
        assertThat(Os.of("Linux")).isEqualTo(Os.LINUX);
        assertThat(Os.of("Mac OS X")).isEqualTo(Os.MACOS);
        assertThat(Os.of("Windows 11")).isEqualTo(Os.WINDOWS);
        assertThat(Os.of("FreeBSD")).isEqualTo(Os.OTHER);
    }
}
