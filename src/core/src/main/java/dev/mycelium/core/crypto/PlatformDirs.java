package dev.mycelium.core.crypto;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Mycelium keeps its files on each OS (protocol.md 1.1 key file, 8.4 config file), following the Rust
 * {@code dirs} crate that Mycelium uses: Linux honours {@code XDG_DATA_HOME} / {@code XDG_CONFIG_HOME} when they are
 * absolute paths, macOS uses {@code ~/Library/Application Support}, Windows {@code %LOCALAPPDATA%} (data) and
 * {@code %APPDATA%} (config).
 *
 * @param os   the operating system family
 * @param env  environment variables
 * @param home the user's home directory, if known
 */
public record PlatformDirs(Os os, Map<String, String> env, Optional<Path> home) {

    public static final String KEY_FILE_NAME = "priv_key.bin";
    public static final String CONFIG_FILE_NAME = "mycelium.toml";

    /** Operating system families whose paths differ. */
    public enum Os {
        LINUX, MACOS, WINDOWS, OTHER;

        static Os of(String osName) {
            String n = osName.toLowerCase(Locale.ROOT);
            if (n.startsWith("linux")) {
                return LINUX;
            }
            if (n.startsWith("mac") || n.startsWith("darwin")) {
                return MACOS;
            }
            return n.startsWith("windows") ? WINDOWS : OTHER;
        }
    }

    public PlatformDirs {
        Objects.requireNonNull(os, "os");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
    }

    /** The directories of the running JVM. */
    public static PlatformDirs current() {
        Map<String, String> env = System.getenv();
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new PlatformDirs(Os.of(System.getProperty("os.name", "")), env,
                home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home)));
    }

    /** {@code dirs::data_local_dir()}. */
    public Optional<Path> dataLocalDir() {
        return switch (os) {
            case LINUX, OTHER -> xdg("XDG_DATA_HOME", ".local/share");
            case MACOS -> home.map(h -> h.resolve("Library/Application Support"));
            case WINDOWS -> absoluteEnv("LOCALAPPDATA");
        };
    }

    /** {@code dirs::config_dir()}. */
    public Optional<Path> configDir() {
        return switch (os) {
            case LINUX, OTHER -> xdg("XDG_CONFIG_HOME", ".config");
            case MACOS -> home.map(h -> h.resolve("Library/Application Support"));
            case WINDOWS -> absoluteEnv("APPDATA");
        };
    }

    /**
     * Default key file ({@code resolve_key_path}): Linux {@code <data>/mycelium/priv_key.bin}, macOS and Windows
     * {@code <data>/ThreeFold Tech/Mycelium/priv_key.bin}, other systems {@code <data>/priv_key.bin}, and
     * {@code ./priv_key.bin} when no data directory is known.
     */
    public Path defaultKeyFile() {
        return dataLocalDir().map(d -> appDir(d).resolve(KEY_FILE_NAME)).orElse(Path.of(KEY_FILE_NAME));
    }

    /**
     * Default config file ({@code load_config_file}), empty where Mycelium has none: Linux
     * {@code <config>/mycelium/mycelium.toml}, macOS and Windows {@code <config>/ThreeFold Tech/Mycelium/mycelium.toml}.
     */
    public Optional<Path> defaultConfigFile() {
        if (os == Os.OTHER) {
            return Optional.empty();
        }
        return configDir().map(d -> appDir(d).resolve(CONFIG_FILE_NAME));
    }

    private Path appDir(Path base) {
        return switch (os) {
            case LINUX -> base.resolve("mycelium");
            case MACOS, WINDOWS -> base.resolve("ThreeFold Tech").resolve("Mycelium");
            case OTHER -> base;
        };
    }

    private Optional<Path> xdg(String variable, String underHome) {
        Optional<Path> fromEnv = absoluteEnv(variable);
        return fromEnv.isPresent() ? fromEnv : home.map(h -> h.resolve(underHome));
    }

    private Optional<Path> absoluteEnv(String variable) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? Optional.of(p) : Optional.empty();
    }
}
