package dev.mycelium.app.config;

import dev.mycelium.core.node.NodeOptions.Defaults;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The node flags of Mycelium 0.7.10 (protocol.md 8.3), as a picocli mixin of the top command. Values here are what
 * the command line says (or the defaults); {@link OptionsResolver} merges them over the config file, taking a flag
 * only where it was given explicitly.
 *
 * <p>Boolean flags take an optional value ({@code --no-tun=false}) so that the command line can switch off what the
 * config file switches on.
 */
public class NodeFlags {

    @Option(names = "--peers", arity = "1..*", paramLabel = "ENDPOINT", showDefaultValue = Visibility.NEVER,
            description = "Peers to connect to, e.g. tcp://1.2.3.4:9651 or tcp://[2001:db8::1]:9651 (one or more).")
    public List<String> peers = new ArrayList<>();

    @Option(names = {"-t", "--tcp-listen-port"}, paramLabel = "PORT", converter = PortConverter.class,
            defaultValue = "" + Defaults.TCP_LISTEN_PORT, description = "Port to listen on for TCP connections.")
    public int tcpListenPort;

    @Option(names = "--disable-quic", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            paramLabel = "BOOL", description = "Disable the QUIC transport (listener and peers).")
    public boolean disableQuic;

    @Option(names = {"-q", "--quic-listen-port"}, paramLabel = "PORT", converter = PortConverter.class,
            defaultValue = "" + Defaults.QUIC_LISTEN_PORT, description = "UDP port to listen on for QUIC connections.")
    public int quicListenPort;

    @Option(names = "--peer-discovery-port", paramLabel = "PORT", converter = PortConverter.class,
            defaultValue = "" + Defaults.PEER_DISCOVERY_PORT,
            description = "UDP port for link-local peer discovery.")
    public int peerDiscoveryPort;

    @Option(names = "--disable-peer-discovery", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            paramLabel = "BOOL", description = "Disable link-local peer discovery.")
    public boolean disablePeerDiscovery;

    @Option(names = "--peer-discovery-interface", paramLabel = "NAME", showDefaultValue = Visibility.NEVER,
            description = "Limit peer discovery to this interface (repeatable; default: all interfaces).")
    public List<String> peerDiscoveryInterfaces = new ArrayList<>();

    @Option(names = "--api-addr", paramLabel = "ADDR", converter = SocketAddressConverter.class,
            defaultValue = "127.0.0.1:8989", description = "Address of the HTTP API server.")
    public InetSocketAddress apiAddr;

    @Option(names = "--jsonrpc-addr", paramLabel = "ADDR", converter = SocketAddressConverter.class,
            defaultValue = "127.0.0.1:8990", description = "Address of the JSON-RPC API server.")
    public InetSocketAddress jsonrpcAddr;

    @Option(names = "--no-tun", arity = "0..1", fallbackValue = "true", defaultValue = "false", paramLabel = "BOOL",
            description = "Run without a TUN interface: the node peers, routes and relays others' packets,"
                    + " but has no local L3 traffic.")
    public boolean noTun;

    @Option(names = "--tun-name", paramLabel = "NAME",
            description = "Name of the TUN interface (default: mycelium; utun0 on macOS).")
    public String tunName;

    @Option(names = "--metrics-api-address", paramLabel = "ADDR", converter = SocketAddressConverter.class,
            description = "Serve Prometheus metrics on http://ADDR/metrics.")
    public InetSocketAddress metricsApiAddress;

    @Option(names = "--firewall-mark", paramLabel = "MARK", converter = U32Converter.class,
            description = "Firewall mark (SO_MARK) for the node's sockets (Linux).")
    public Long firewallMark;

    @Option(names = "--update-workers", paramLabel = "N", defaultValue = "" + Defaults.UPDATE_WORKERS,
            description = "Update worker count (1.." + Defaults.MAX_UPDATE_WORKERS + ").")
    public int updateWorkers;

    @Option(names = "--topic-config", paramLabel = "FILE", description = "Message topic configuration (TOML).")
    public Path topicConfig;

    @Option(names = "--cdn-cache", paramLabel = "DIR", description = "Cache directory of the CDN gateway.")
    public Path cdnCache;

    @Option(names = "--vsock-listen-port", paramLabel = "PORT", converter = U32Converter.class,
            description = "Port to listen on for vsock connections (Linux).")
    public Long vsockListenPort;

    @Option(names = "--enable-dns", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            paramLabel = "BOOL", description = "Enable the DNS forwarder on UDP port 53.")
    public boolean enableDns;

    /** mycelium-private only: accepted so that we can say it is not supported rather than "unknown option". */
    @Option(names = "--network-name", hidden = true)
    public String networkName;

    @Option(names = "--network-key-file", hidden = true)
    public Path networkKeyFile;

    /** A u16 port. */
    public static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int p = Integer.parseInt(value);
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not a port number (0..65535)");
        }
    }

    /** A u32. */
    public static final class U32Converter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long v = Long.parseLong(value);
                if (v >= 0 && v <= Defaults.MAX_U32) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not an unsigned 32-bit integer");
        }
    }

    /** {@code ip:port} or {@code [ipv6]:port}. */
    public static final class SocketAddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return SocketAddresses.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
