package dev.mycelium.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.mycelium.core.crypto.PlatformDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds and reads Mycelium's TOML config file (protocol.md 8.4). Stricter than Mycelium, which ignores unknown keys
 * and coerces types: an unknown key or a value of the wrong type is an error naming the key.
 */
public final class ConfigFile {

    /** Our choice: a config file is a few hundred bytes; refuse anything absurd rather than read it all. */
    public static final long MAX_SIZE = 1 << 20;

    private static final TomlMapper MAPPER = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private ConfigFile() {
    }

    /**
     * The file to read: the {@code -c} path when given (it must exist), else the platform default when it exists,
     * else none.
     */
    public static Optional<Path> locate(Optional<Path> explicit, PlatformDirs dirs) throws ConfigException {
        if (explicit.isPresent()) {
            Path p = explicit.get();
            if (!Files.exists(p)) {
                throw new ConfigException("config file " + p + " not found");
            }
            return explicit;
        }
        return dirs.defaultConfigFile().filter(Files::isRegularFile);
    }

    /** Reads the settings of {@code path}, or {@link FileSettings#EMPTY} when there is no file to read. */
    public static FileSettings load(Optional<Path> path) throws ConfigException {
        return path.isPresent() ? load(path.get()) : FileSettings.EMPTY;
    }

    public static FileSettings load(Path path) throws ConfigException {
        try {
            if (Files.isDirectory(path)) {
                throw new ConfigException("config file " + path + " is a directory");
            }
            if (Files.size(path) > MAX_SIZE) {
                throw new ConfigException("config file " + path + " is larger than " + MAX_SIZE + " bytes");
            }
            String text = Files.readString(path);
            FileSettings s = MAPPER.readValue(text, FileSettings.class);
            return s == null ? FileSettings.EMPTY : s;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(unknownKey(path, e.getPropertyName()), e);
        } catch (MismatchedInputException e) {
            throw new ConfigException("config file " + path + ": key '" + key(e) + "' has a value of the wrong type ("
                    + expected(key(e)) + ")", e);
        } catch (JsonMappingException e) {
            throw new ConfigException("config file " + path + ": key '" + key(e) + "': " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new ConfigException("config file " + path + " is not valid TOML: " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + " not found", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
    }

    private static String unknownKey(Path path, String key) {
        if ("key_file".equals(key)) {
            return "config file " + path + ": 'key_file' cannot be set in the config file (neither can it in"
                    + " Mycelium); use -k/--key-file";
        }
        return "config file " + path + ": unknown key '" + key + "'; known keys: "
                + FileSettings.KEYS.stream().collect(Collectors.joining(", "));
    }

    private static String key(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(String key) {
        String base = key.replaceAll("\\[.*", "");
        return switch (base) {
            case "peers" -> "expected an endpoint string or an array of them";
            case "peer_discovery_interfaces" -> "expected an array of interface names";
            case "disable_quic", "no_tun", "disable_peer_discovery", "enable_dns" -> "expected true or false";
            case "tcp_listen_port", "quic_listen_port", "peer_discovery_port" -> "expected a port number";
            case "firewall_mark", "vsock_listen_port", "update_workers" -> "expected an integer";
            default -> "expected a string";
        };
    }

}
