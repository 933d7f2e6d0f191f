package dev.mycelium.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.app.config.UnsupportedFeatures;
import dev.mycelium.core.crypto.PlatformDirs;
import dev.mycelium.core.node.NodeOptions;
import dev.mycelium.spi.transport.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command line over config file over defaults (protocol.md 8.3, 8.4): a flag given explicitly wins, whatever its value.
 */
class ConfigMergeTest {

    @TempDir
    Path dir;

    /** One sample use per unsupported feature: command-line arguments and the config file line. */
    private static final Map<String, List<String>> UNSUPPORTED_CASES = Map.of(
            "--enable-dns", List.of("--enable-dns", "enable_dns = true"),
            "--cdn-cache", List.of("--cdn-cache=/tmp/cdn", "cdn_cache = \"/tmp/cdn\""),
            "--vsock-listen-port", List.of("--vsock-listen-port=5", "vsock_listen_port = 5"),
            "--firewall-mark", List.of("--firewall-mark=1", "firewall_mark = 1"),
            "--metrics-api-address", List.of("--metrics-api-address=127.0.0.1:9100",
                    "metrics_api_address = \"127.0.0.1:9100\""),
            "--topic-config", List.of("--topic-config=/tmp/t.toml", "topic_config = \"/tmp/t.toml\""),
            "--jsonrpc-addr", List.of("--jsonrpc-addr=127.0.0.1:8990", "jsonrpc_addr = \"127.0.0.1:8990\""),
            "--quic-listen-port", List.of("--quic-listen-port=9651", "quic_listen_port = 9651"),
            "--network-name", List.of("--network-name=net", "network_name = \"net\""),
            "--network-key-file", List.of("--network-key-file=/tmp/k", "network_key_file = \"/tmp/k\""));

    private MyceliumCommand parse(String... args) {
        MyceliumCommand cmd = new MyceliumCommand();
        cmd.platformDirs = new PlatformDirs(PlatformDirs.Os.LINUX, Map.of(), Optional.of(dir)); // no default file
        MyceliumCommand.newCommandLine(cmd, null).parseArgs(args);
        return cmd;
    }

    private NodeOptions resolve(String... args) {
        return parse(args).resolveNodeOptions();
    }

    private String config(String toml) throws Exception {
        return Files.writeString(dir.resolve("mycelium.toml"), toml).toString();
    }

    private static String[] args(String config, String... more) {
        List<String> all = new ArrayList<>(List.of("-c", config));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void defaultsWithoutFileOrFlags() {
        NodeOptions o = resolve();
        assertThat(o).isEqualTo(NodeOptions.builder(dir.resolve(".local/share/mycelium/priv_key.bin")).build());
    }

    @Test
    void fileValueIsUsedWhenTheFlagIsAbsent() throws Exception {
        String c = config("tcp_listen_port = 9000\nno_tun = true\npeers = [\"tcp://1.2.3.4:9651\"]\n"
                + "api_addr = \"127.0.0.1:9999\"\ntun_name = \"myc7\"\nupdate_workers = 3\n");
        NodeOptions o = resolve(args(c));
        assertThat(o.tcpListenPort()).isEqualTo(9000);
        assertThat(o.noTun()).isTrue();
        assertThat(o.peers()).containsExactly(Endpoint.parse("tcp://1.2.3.4:9651"));
        assertThat(o.apiAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 9999));
        assertThat(o.tunName()).isEqualTo("myc7");
        assertThat(o.updateWorkers()).isEqualTo(3);
        assertThat(o.quicListenPort()).as("untouched keys keep their default").isEqualTo(9651);
    }

    @Test
    void commandLineOverridesTheFile() throws Exception {
        String c = config("tcp_listen_port = 9000\npeers = [\"tcp://1.2.3.4:9651\", \"tcp://5.6.7.8:9651\"]\n"
                + "api_addr = \"127.0.0.1:9999\"\ntun_name = \"myc7\"\n");
        NodeOptions o = resolve(args(c, "-t", "9100", "--peers", "tcp://[2001:db8::1]:9651", "--api-addr",
                "[::1]:7000", "--tun-name", "other"));
        assertThat(o.tcpListenPort()).isEqualTo(9100);
        assertThat(o.peers()).containsExactly(Endpoint.parse("tcp://[2001:db8::1]:9651"));
        assertThat(o.apiAddress()).isEqualTo(new InetSocketAddress("::1", 7000));
        assertThat(o.tunName()).isEqualTo("other");
    }

    /** Where Mycelium's merge would keep the file's 9000, an explicit flag equal to the default still wins here. */
    @Test
    void explicitDefaultValueWins() throws Exception {
        String c = config("tcp_listen_port = 9000\napi_addr = \"127.0.0.1:9999\"\nupdate_workers = 3\n");
        NodeOptions o = resolve(args(c, "--tcp-listen-port", "9651", "--api-addr", "127.0.0.1:8989",
                "--update-workers", "1"));
        assertThat(o.tcpListenPort()).isEqualTo(9651);
        assertThat(o.apiAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8989));
        assertThat(o.updateWorkers()).isEqualTo(1);
    }

    @Test
    void booleanFlagsCanSwitchOffWhatTheFileSwitchesOn() throws Exception {
        String c = config("no_tun = true\ndisable_quic = true\ndisable_peer_discovery = true\n");
        NodeOptions fromFile = resolve(args(c));
        assertThat(fromFile.noTun() && fromFile.disableQuic() && fromFile.disablePeerDiscovery()).isTrue();
        NodeOptions overridden = resolve(args(c, "--no-tun=false", "--disable-quic=false",
                "--disable-peer-discovery=false"));
        assertThat(overridden.noTun() || overridden.disableQuic() || overridden.disablePeerDiscovery()).isFalse();
        assertThat(resolve("--no-tun").noTun()).isTrue();
        assertThat(resolve("--no-tun", "true").noTun()).isTrue();
    }

    @Test
    void discoveryInterfacesFromEitherSide() throws Exception {
        String c = config("peer_discovery_interfaces = [\"eth0\"]\n");
        assertThat(resolve(args(c)).peerDiscoveryInterfaces()).containsExactly("eth0");
        assertThat(resolve(args(c, "--peer-discovery-interface", "wlan0", "--peer-discovery-interface", "eth9"))
                .peerDiscoveryInterfaces()).containsExactly("wlan0", "eth9");
    }

    @Test
    void subcommandsTalkToTheApiAddressOfTheFileUnlessTheFlagIsGiven() throws Exception {
        String c = config("api_addr = \"127.0.0.1:9999\"\n");
        assertThat(parse(args(c, "inspect")).apiAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 9999));
        assertThat(parse(args(c, "--api-addr", "127.0.0.1:8989", "inspect")).apiAddress())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 8989));
        assertThat(parse("inspect").apiAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8989));
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        String missing = dir.resolve("absent.toml").toString();
        assertThatThrownBy(() -> resolve("-c", missing)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("not found").hasMessageContaining(missing)
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(2));
    }

    @Test
    void badKeyAndBadTypeInTheFileAreErrors() throws Exception {
        String bad = config("tcp_listen_port = 9000\nfoo = 1\n");
        assertThatThrownBy(() -> resolve(args(bad))).hasMessageContaining("unknown key 'foo'");
        String badType = config("tcp_listen_port = \"9000\"\n");
        assertThatThrownBy(() -> resolve(args(badType))).hasMessageContaining("'tcp_listen_port'")
                .hasMessageContaining("wrong type");
    }

    @Test
    void outOfRangeFileValuesNameTheirKey() throws Exception {
        assertThatThrownBy(() -> resolve(args(config("tcp_listen_port = 70000\n"))))
                .hasMessageContaining("'tcp_listen_port' = 70000");
        assertThatThrownBy(() -> resolve(args(config("update_workers = 0\n"))))
                .hasMessageContaining("'update_workers'");
        assertThatThrownBy(() -> resolve(args(config("api_addr = \"localhost:1\"\n"))))
                .hasMessageContaining("'api_addr'");
        assertThatThrownBy(() -> resolve("--update-workers", "255")).hasMessageContaining("--update-workers");
    }

    @Test
    void peersAreCheckedWhereverTheyComeFrom() throws Exception {
        assertThat(resolve("--peers", "quic://1.2.3.4:9651", "tcp://1.2.3.4:9651").peers()).hasSize(2);
        assertThatThrownBy(() -> resolve("--peers", "tls://1.2.3.4:9651")).hasMessageContaining("private networks")
                .hasMessageContaining("not supported yet");
        assertThatThrownBy(() -> resolve("--peers", "vsock://3:5000")).hasMessageContaining("vsock")
                .hasMessageContaining("not supported yet");
        assertThatThrownBy(() -> resolve("--peers", "udp://1.2.3.4:9651")).hasMessageContaining("unknown scheme 'udp'");
        assertThatThrownBy(() -> resolve("--peers", "tcp://example.org:9651")).hasMessageContaining("invalid peer");
        assertThatThrownBy(() -> resolve(args(config("peers = [\"tcp://1.2.3.4:9651\", \"1.2.3.4\"]\n"))))
                .hasMessageContaining("peers[1]");
    }

    static Stream<Arguments> unsupported() {
        return UnsupportedFeatures.SETTINGS.stream().map(f -> Arguments.of(f.flag(), f.configKey()));
    }

    @ParameterizedTest(name = "{0} on the command line")
    @MethodSource("unsupported")
    void unsupportedFlagIsRefused(String flag, String key) {
        assertThatThrownBy(() -> resolve(UNSUPPORTED_CASES.get(flag).get(0))).isInstanceOf(CliFailure.class)
                .hasMessageContaining(flag).hasMessageContaining("not supported yet")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(2));
    }

    @ParameterizedTest(name = "{1} in the config file")
    @MethodSource("unsupported")
    void unsupportedConfigKeyIsRefused(String flag, String key) throws Exception {
        String c = config(UNSUPPORTED_CASES.get(flag).get(1) + "\n");
        assertThatThrownBy(() -> resolve(args(c))).isInstanceOf(CliFailure.class)
                .hasMessageContaining("'" + key + "'").hasMessageContaining("not supported yet");
    }

    @Test
    void everyUnsupportedFeatureHasATestCase() {
        assertThat(UNSUPPORTED_CASES.keySet())
                .containsExactlyInAnyOrderElementsOf(UnsupportedFeatures.SETTINGS.stream().map(f -> f.flag()).toList());
    }

    @Test
    void switchedOffUnsupportedBooleansAreFine() throws Exception {
        assertThat(resolve(args(config("enable_dns = false\n"))).enableDns()).isFalse();
        assertThat(resolve("--enable-dns=false").enableDns()).isFalse();
    }
}
