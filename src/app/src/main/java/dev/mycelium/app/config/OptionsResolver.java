package dev.mycelium.app.config;

import dev.mycelium.app.config.UnsupportedFeatures.Feature;
import dev.mycelium.core.node.NodeOptions;
import dev.mycelium.core.node.NodeOptions.Defaults;
import dev.mycelium.spi.transport.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Merges the command line over the config file into {@link NodeOptions} (protocol.md 8.3, 8.4).
 *
 * <p>Rule: a flag given explicitly on the command line wins, whatever its value; otherwise the file's value; otherwise
 * the default. Mycelium's own merge instead keeps the file's value when the flag equals the built-in default (so
 * {@code --tcp-listen-port 9651} cannot override {@code tcp_listen_port = 9000}) and ORs booleans (a file's
 * {@code true} cannot be switched off); we do not reproduce that quirk.
 */
public final class OptionsResolver {

    private final NodeFlags cli;
    private final Predicate<String> given;
    private final FileSettings file;
    private final String fileName;

    /**
     * @param cli      the parsed flags
     * @param given    whether a flag (by its long name, e.g. {@code --tcp-listen-port}) was on the command line
     * @param file     the config file's settings ({@link FileSettings#EMPTY} without a file)
     * @param fileName the config file, for messages
     */
    public OptionsResolver(NodeFlags cli, Predicate<String> given, FileSettings file, Optional<Path> fileName) {
        this.cli = cli;
        this.given = given;
        this.file = file;
        this.fileName = fileName.map(Path::toString).orElse("(none)");
    }

    /** The merged options; refuses anything malformed or not supported yet. */
    public NodeOptions resolve(Path keyFile) throws ConfigException {
        refuseUnsupported();
        return NodeOptions.builder(keyFile)
                .peers(peers())
                .tcpListenPort(port("--tcp-listen-port", cli.tcpListenPort, "tcp_listen_port", file.tcpListenPort(),
                        Defaults.TCP_LISTEN_PORT))
                .disableQuic(flag("--disable-quic", cli.disableQuic, file.disableQuic()))
                .quicListenPort(port("--quic-listen-port", cli.quicListenPort, "quic_listen_port",
                        file.quicListenPort(), Defaults.QUIC_LISTEN_PORT))
                .peerDiscoveryPort(port("--peer-discovery-port", cli.peerDiscoveryPort, "peer_discovery_port",
                        file.peerDiscoveryPort(), Defaults.PEER_DISCOVERY_PORT))
                .disablePeerDiscovery(flag("--disable-peer-discovery", cli.disablePeerDiscovery,
                        file.disablePeerDiscovery()))
                .peerDiscoveryInterfaces(interfaces())
                .apiAddress(address("--api-addr", cli.apiAddr, "api_addr", file.apiAddr(), Defaults.API_ADDRESS))
                .jsonRpcAddress(address("--jsonrpc-addr", cli.jsonrpcAddr, "jsonrpc_addr", file.jsonrpcAddr(),
                        Defaults.JSON_RPC_ADDRESS))
                .noTun(flag("--no-tun", cli.noTun, file.noTun()))
                .tunName(tunName())
                .metricsApiAddress(Optional.ofNullable(address("--metrics-api-address", cli.metricsApiAddress,
                        "metrics_api_address", file.metricsApiAddress(), null)))
                .firewallMark(u32("--firewall-mark", cli.firewallMark, "firewall_mark", file.firewallMark()))
                .updateWorkers(updateWorkers())
                .topicConfig(path("--topic-config", cli.topicConfig, file.topicConfig()))
                .cdnCache(path("--cdn-cache", cli.cdnCache, file.cdnCache()))
                .enableDns(flag("--enable-dns", cli.enableDns, file.enableDns()))
                .vsockListenPort(u32("--vsock-listen-port", cli.vsockListenPort, "vsock_listen_port",
                        file.vsockListenPort()))
                .build();
    }

    /**
     * The HTTP API address a subcommand talks to: {@code --api-addr} when given, else the file's {@code api_addr},
     * else the default (Mycelium's subcommands read only the flag).
     */
    public InetSocketAddress apiAddress() throws ConfigException {
        return address("--api-addr", cli.apiAddr, "api_addr", file.apiAddr(), Defaults.API_ADDRESS);
    }

    private void refuseUnsupported() throws ConfigException {
        for (Feature f : UnsupportedFeatures.SETTINGS) {
            if (given.test(f.flag()) && cliRequests(f.flag())) {
                throw new ConfigException(f.flag() + ": " + UnsupportedFeatures.message(f));
            }
            if (fileRequests(f.configKey())) {
                throw new ConfigException("config file " + fileName + ": '" + f.configKey() + "': "
                        + UnsupportedFeatures.message(f));
            }
        }
    }

    /** A boolean flag asks for its feature only when true; any other flag by being there. */
    private boolean cliRequests(String flag) {
        return !"--enable-dns".equals(flag) || cli.enableDns;
    }

    private boolean fileRequests(String key) {
        return switch (key) {
            case "enable_dns" -> Boolean.TRUE.equals(file.enableDns());
            case "cdn_cache" -> file.cdnCache() != null;
            case "vsock_listen_port" -> file.vsockListenPort() != null;
            case "firewall_mark" -> file.firewallMark() != null;
            case "metrics_api_address" -> file.metricsApiAddress() != null;
            case "topic_config" -> file.topicConfig() != null;
            case "jsonrpc_addr" -> file.jsonrpcAddr() != null;
            case "quic_listen_port" -> file.quicListenPort() != null;
            case "network_name" -> file.networkName() != null;
            case "network_key_file" -> file.networkKeyFile() != null;
            default -> throw new IllegalStateException("no config key check for unsupported '" + key + "'");
        };
    }

    private List<Endpoint> peers() throws ConfigException {
        boolean fromCli = given.test("--peers");
        List<String> texts = fromCli ? cli.peers : file.peers() != null ? file.peers() : List.of();
        List<Endpoint> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String where = fromCli ? "--peers" : "config file " + fileName + ": peers[" + i + "]";
            out.add(endpoint(where, texts.get(i)));
        }
        return out;
    }

    static Endpoint endpoint(String where, String text) throws ConfigException {
        int sep = text.indexOf("://");
        String scheme = sep > 0 ? text.substring(0, sep).toLowerCase(Locale.ROOT) : "";
        if (sep > 0 && !UnsupportedFeatures.KNOWN_PEER_SCHEMES.contains(scheme)) {
            throw new ConfigException(where + ": peer '" + text + "' has unknown scheme '" + scheme + "' (known: "
                    + String.join(", ", UnsupportedFeatures.KNOWN_PEER_SCHEMES) + ")");
        }
        String unsupported = UnsupportedFeatures.PEER_SCHEMES.get(scheme);
        if (unsupported != null) {
            throw new ConfigException(where + ": peer '" + text + "': " + unsupported + " is not supported yet");
        }
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": invalid peer: " + e.getMessage());
        }
    }

    private List<String> interfaces() throws ConfigException {
        List<String> names = given.test("--peer-discovery-interface") ? cli.peerDiscoveryInterfaces
                : file.peerDiscoveryInterfaces() != null ? file.peerDiscoveryInterfaces() : List.of();
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new ConfigException("peer discovery interface names must not be empty");
            }
        }
        return names;
    }

    private boolean flag(String flag, boolean cliValue, Boolean fileValue) {
        if (given.test(flag)) {
            return cliValue;
        }
        return fileValue != null ? fileValue : false;
    }

    private int port(String flag, int cliValue, String key, Long fileValue, int fallback) throws ConfigException {
        if (given.test(flag)) {
            return cliValue;
        }
        if (fileValue == null) {
            return fallback;
        }
        if (fileValue < 0 || fileValue > 65535) {
            throw new ConfigException("config file " + fileName + ": '" + key + "' = " + fileValue
                    + " is not a port number (0..65535)");
        }
        return fileValue.intValue();
    }

    private InetSocketAddress address(String flag, InetSocketAddress cliValue, String key, String fileValue,
            InetSocketAddress fallback) throws ConfigException {
        if (given.test(flag)) {
            return cliValue;
        }
        if (fileValue == null) {
            return fallback;
        }
        try {
            return SocketAddresses.parse(fileValue);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config file " + fileName + ": '" + key + "': " + e.getMessage());
        }
    }

    private OptionalLong u32(String flag, Long cliValue, String key, Long fileValue) throws ConfigException {
        if (given.test(flag)) {
            return cliValue == null ? OptionalLong.empty() : OptionalLong.of(cliValue);
        }
        if (fileValue == null) {
            return OptionalLong.empty();
        }
        if (fileValue < 0 || fileValue > Defaults.MAX_U32) {
            throw new ConfigException("config file " + fileName + ": '" + key + "' = " + fileValue
                    + " is not an unsigned 32-bit integer");
        }
        return OptionalLong.of(fileValue);
    }

    private Optional<Path> path(String flag, Path cliValue, String fileValue) {
        if (given.test(flag)) {
            return Optional.ofNullable(cliValue);
        }
        return Optional.ofNullable(fileValue).map(Path::of);
    }

    private String tunName() throws ConfigException {
        String name = given.test("--tun-name") ? cli.tunName : file.tunName() != null ? file.tunName() : Defaults.TUN_NAME;
        if (name == null || name.isEmpty()) {
            throw new ConfigException("the TUN interface name must not be empty");
        }
        return name;
    }

    private int updateWorkers() throws ConfigException {
        long n = given.test("--update-workers") ? cli.updateWorkers
                : file.updateWorkers() != null ? file.updateWorkers() : Defaults.UPDATE_WORKERS;
        if (n < 1 || n > Defaults.MAX_UPDATE_WORKERS) {
            String where = given.test("--update-workers") ? "--update-workers"
                    : "config file " + fileName + ": 'update_workers'";
            throw new ConfigException(where + " = " + n + " is out of range (1.." + Defaults.MAX_UPDATE_WORKERS + ")");
        }
        return (int) n;
    }
}
