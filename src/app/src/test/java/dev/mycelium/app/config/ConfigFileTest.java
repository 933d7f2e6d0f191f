package dev.mycelium.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.core.crypto.PlatformDirs;
import dev.mycelium.core.crypto.PlatformDirs.Os;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading Mycelium's TOML config file (protocol.md 8.4). */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String toml) throws Exception {
        return Files.writeString(dir.resolve("mycelium.toml"), toml);
    }

    @Test
    void readsEveryMyceliumKey() throws Exception {
        FileSettings s = ConfigFile.load(write("""
                peers = ["tcp://1.2.3.4:9651", "quic://[2001:db8::1]:9651"]
                tcp_listen_port = 9000
                disable_quic = true
                quic_listen_port = 9001
                no_tun = true
                tun_name = "myc0"
                disable_peer_discovery = true
                peer_discovery_port = 9002
                peer_discovery_interfaces = ["eth0", "eth1"]
                api_addr = "127.0.0.1:9003"
                jsonrpc_addr = "[::1]:9004"
                metrics_api_address = "0.0.0.0:9005"
                firewall_mark = 4294967295
                update_workers = 4
                topic_config = "/etc/topics.toml"
                cdn_cache = "/var/cache/cdn"
                enable_dns = false
                vsock_listen_port = 7
                """));
        assertThat(s.peers()).containsExactly("tcp://1.2.3.4:9651", "quic://[2001:db8::1]:9651");
        assertThat(s.tcpListenPort()).isEqualTo(9000);
        assertThat(s.disableQuic()).isTrue();
        assertThat(s.quicListenPort()).isEqualTo(9001);
        assertThat(s.noTun()).isTrue();
        assertThat(s.tunName()).isEqualTo("myc0");
        assertThat(s.disablePeerDiscovery()).isTrue();
        assertThat(s.peerDiscoveryPort()).isEqualTo(9002);
        assertThat(s.peerDiscoveryInterfaces()).containsExactly("eth0", "eth1");
        assertThat(s.apiAddr()).isEqualTo("127.0.0.1:9003");
        assertThat(s.jsonrpcAddr()).isEqualTo("[::1]:9004");
        assertThat(s.metricsApiAddress()).isEqualTo("0.0.0.0:9005");
        assertThat(s.firewallMark()).isEqualTo(4294967295L);
        assertThat(s.updateWorkers()).isEqualTo(4);
        assertThat(s.topicConfig()).isEqualTo("/etc/topics.toml");
        assertThat(s.cdnCache()).isEqualTo("/var/cache/cdn");
        assertThat(s.enableDns()).isFalse();
        assertThat(s.vsockListenPort()).isEqualTo(7);
    }

    @Test
    void aSinglePeerMayBeAPlainString() throws Exception {
        assertThat(ConfigFile.load(write("peers = \"tcp://1.2.3.4:9651\"\n")).peers())
                .containsExactly("tcp://1.2.3.4:9651");
    }

    @Test
    void emptyFileMeansNoSettings() throws Exception {
        assertThat(ConfigFile.load(write("# nothing\n"))).isEqualTo(FileSettings.EMPTY);
    }

    @Test
    void unknownKeyIsNamed() throws Exception {
        Path p = write("tcp_listen_port = 9000\ntcp_port = 1\n");
        assertThatThrownBy(() -> ConfigFile.load(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'tcp_port'").hasMessageContaining(p.toString())
                .hasMessageContaining("tcp_listen_port");
    }

    @Test
    void keyFileCannotBeSetInTheFile() throws Exception {
        Path p = write("key_file = \"/tmp/k\"\n");
        assertThatThrownBy(() -> ConfigFile.load(p)).hasMessageContaining("'key_file'").hasMessageContaining("-k");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tcp_listen_port = \"9651\"|tcp_listen_port",
        "tcp_listen_port = 96.51|tcp_listen_port",
        "no_tun = \"yes\"|no_tun",
        "no_tun = 1|no_tun",
        "tun_name = 5|tun_name",
        "peers = 5|peers[0]",
        "peers = {a = 1}|peers[0]",
        "peers = [\"tcp://1.2.3.4:1\", 7]|peers[1]",
        "peer_discovery_interfaces = \"eth0\"|peer_discovery_interfaces",
        "api_addr = [1]|api_addr",
        "update_workers = true|update_workers"})
    void wrongTypeIsAnErrorNamingTheKey(String toml, String key) throws Exception {
        Path p = write(toml + "\n");
        assertThatThrownBy(() -> ConfigFile.load(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'").hasMessageContaining("wrong type");
    }

    @Test
    void invalidTomlIsReported() throws Exception {
        Path p = write("tcp_listen_port = \n");
        assertThatThrownBy(() -> ConfigFile.load(p)).hasMessageContaining("not valid TOML");
    }

    @Test
    void explicitFileMustExist() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> ConfigFile.locate(Optional.of(missing), dirs(dir)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not found").hasMessageContaining(missing.toString());
    }

    @Test
    void missingDefaultFileIsFine() throws Exception {
        assertThat(ConfigFile.locate(Optional.empty(), dirs(dir))).isEmpty();
        assertThat(ConfigFile.load(ConfigFile.locate(Optional.empty(), dirs(dir)))).isEqualTo(FileSettings.EMPTY);
    }

    @Test
    void defaultFileIsUsedWhenItExists() throws Exception {
        Path def = dir.resolve("mycelium/mycelium.toml");
        Files.createDirectories(def.getParent());
        Files.writeString(def, "tcp_listen_port = 1234\n");
        assertThat(ConfigFile.locate(Optional.empty(), dirs(dir))).contains(def);
        assertThat(ConfigFile.load(def).tcpListenPort()).isEqualTo(1234);
    }

    @Test
    void directoryIsNotAConfigFile() {
        assertThatThrownBy(() -> ConfigFile.load(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void knownKeysListMatchesTheRecord() {
        assertThat(FileSettings.KEYS).hasSize(FileSettings.class.getRecordComponents().length);
        List<String> jsonNames = java.util.Arrays.stream(FileSettings.class.getRecordComponents())
                .map(c -> jsonName(c.getName())).toList();
        assertThat(jsonNames).containsExactlyElementsOf(FileSettings.KEYS);
    }

    private static String jsonName(String component) {
        try {
            return FileSettings.class.getDeclaredField(component)
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value();
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    private static PlatformDirs dirs(Path configHome) {
        return new PlatformDirs(Os.LINUX, Map.of("XDG_CONFIG_HOME", configHome.toString()), Optional.of(configHome));
    }
}
