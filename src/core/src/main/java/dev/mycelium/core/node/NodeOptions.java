package dev.mycelium.core.node;

import dev.mycelium.spi.transport.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The resolved settings a node starts with (command line merged over the config file, protocol.md 8.3, 8.4).
 * Immutable; build one with {@link #builder(Path)}, whose starting values are Mycelium's defaults.
 *
 * @param keyFile                 the key file (created at start when missing)
 * @param peers                   static peers, in the order given
 * @param tcpListenPort           TCP listener port
 * @param disableQuic             no QUIC listener and no QUIC peers
 * @param quicListenPort          UDP port of the QUIC listener
 * @param peerDiscoveryPort       UDP port of link-local discovery
 * @param disablePeerDiscovery    no link-local discovery
 * @param peerDiscoveryInterfaces interfaces discovery is limited to; empty = all (ignored when disabled)
 * @param apiAddress              HTTP API listen address
 * @param jsonRpcAddress          JSON-RPC listen address
 * @param noTun                   run without a TUN device (messages only)
 * @param tunName                 TUN device name
 * @param metricsApiAddress       Prometheus {@code /metrics} listen address; metrics only collected when set
 * @param firewallMark            SO_MARK for the node's sockets (Linux), a u32
 * @param updateWorkers           Mycelium's update worker count, 1..254
 * @param topicConfig             message topic ACL file (protocol.md 7.6)
 * @param cdnCache                CDN cache directory (enables the CDN gateway)
 * @param enableDns               DNS forwarder on UDP port 53
 * @param vsockListenPort         vsock listener port (Linux), a u32
 */
public record NodeOptions(
        Path keyFile,
        List<Endpoint> peers,
        int tcpListenPort,
        boolean disableQuic,
        int quicListenPort,
        int peerDiscoveryPort,
        boolean disablePeerDiscovery,
        List<String> peerDiscoveryInterfaces,
        InetSocketAddress apiAddress,
        InetSocketAddress jsonRpcAddress,
        boolean noTun,
        String tunName,
        Optional<InetSocketAddress> metricsApiAddress,
        OptionalLong firewallMark,
        int updateWorkers,
        Optional<Path> topicConfig,
        Optional<Path> cdnCache,
        boolean enableDns,
        OptionalLong vsockListenPort) {

    /** Mycelium 0.7.10's built-in defaults ({@code myceliumd-common}, protocol.md 2.2, 8.3). */
    public static final class Defaults {
        public static final int TCP_LISTEN_PORT = 9651;
        public static final int QUIC_LISTEN_PORT = 9651;
        public static final int PEER_DISCOVERY_PORT = 9650;
        public static final InetSocketAddress API_ADDRESS = loopback(8989);
        public static final InetSocketAddress JSON_RPC_ADDRESS = loopback(8990);
        /** {@code mycelium} everywhere but macOS, where TUN devices must be called {@code utunN}. */
        public static final String TUN_NAME = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")
                ? "utun0" : "mycelium";
        public static final int UPDATE_WORKERS = 1;
        public static final int MAX_UPDATE_WORKERS = 254;
        public static final long MAX_U32 = 0xFFFF_FFFFL;

        private Defaults() {
        }

        private static InetSocketAddress loopback(int port) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public NodeOptions {
        Objects.requireNonNull(keyFile, "keyFile");
        peers = List.copyOf(peers);
        peerDiscoveryInterfaces = List.copyOf(peerDiscoveryInterfaces);
        Objects.requireNonNull(apiAddress, "apiAddress");
        Objects.requireNonNull(jsonRpcAddress, "jsonRpcAddress");
        Objects.requireNonNull(tunName, "tunName");
        Objects.requireNonNull(metricsApiAddress, "metricsApiAddress");
        Objects.requireNonNull(firewallMark, "firewallMark");
        Objects.requireNonNull(topicConfig, "topicConfig");
        Objects.requireNonNull(cdnCache, "cdnCache");
        Objects.requireNonNull(vsockListenPort, "vsockListenPort");
        checkPort("tcpListenPort", tcpListenPort);
        checkPort("quicListenPort", quicListenPort);
        checkPort("peerDiscoveryPort", peerDiscoveryPort);
        if (updateWorkers < 1 || updateWorkers > Defaults.MAX_UPDATE_WORKERS) {
            throw new IllegalArgumentException("updateWorkers must be 1.." + Defaults.MAX_UPDATE_WORKERS + ", got "
                    + updateWorkers);
        }
        checkU32("firewallMark", firewallMark);
        checkU32("vsockListenPort", vsockListenPort);
        if (tunName.isEmpty()) {
            throw new IllegalArgumentException("tunName must not be empty");
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
        }
    }

    private static void checkU32(String name, OptionalLong value) {
        if (value.isPresent() && (value.getAsLong() < 0 || value.getAsLong() > Defaults.MAX_U32)) {
            throw new IllegalArgumentException(name + " must be a u32, got " + value.getAsLong());
        }
    }

    /** Whether link-local discovery runs (Mycelium's {@code PeerDiscoveryMode} != Disabled). */
    public boolean peerDiscoveryEnabled() {
        return !disablePeerDiscovery;
    }

    /** A builder starting from Mycelium's defaults. */
    public static Builder builder(Path keyFile) {
        return new Builder(keyFile);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder(keyFile);
        b.peers = peers;
        b.tcpListenPort = tcpListenPort;
        b.disableQuic = disableQuic;
        b.quicListenPort = quicListenPort;
        b.peerDiscoveryPort = peerDiscoveryPort;
        b.disablePeerDiscovery = disablePeerDiscovery;
        b.peerDiscoveryInterfaces = peerDiscoveryInterfaces;
        b.apiAddress = apiAddress;
        b.jsonRpcAddress = jsonRpcAddress;
        b.noTun = noTun;
        b.tunName = tunName;
        b.metricsApiAddress = metricsApiAddress;
        b.firewallMark = firewallMark;
        b.updateWorkers = updateWorkers;
        b.topicConfig = topicConfig;
        b.cdnCache = cdnCache;
        b.enableDns = enableDns;
        b.vsockListenPort = vsockListenPort;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Path keyFile;
        private List<Endpoint> peers = List.of();
        private int tcpListenPort = Defaults.TCP_LISTEN_PORT;
        private boolean disableQuic;
        private int quicListenPort = Defaults.QUIC_LISTEN_PORT;
        private int peerDiscoveryPort = Defaults.PEER_DISCOVERY_PORT;
        private boolean disablePeerDiscovery;
        private List<String> peerDiscoveryInterfaces = List.of();
        private InetSocketAddress apiAddress = Defaults.API_ADDRESS;
        private InetSocketAddress jsonRpcAddress = Defaults.JSON_RPC_ADDRESS;
        private boolean noTun;
        private String tunName = Defaults.TUN_NAME;
        private Optional<InetSocketAddress> metricsApiAddress = Optional.empty();
        private OptionalLong firewallMark = OptionalLong.empty();
        private int updateWorkers = Defaults.UPDATE_WORKERS;
        private Optional<Path> topicConfig = Optional.empty();
        private Optional<Path> cdnCache = Optional.empty();
        private boolean enableDns;
        private OptionalLong vsockListenPort = OptionalLong.empty();

        private Builder(Path keyFile) {
            this.keyFile = keyFile;
        }

        public Builder keyFile(Path v) {
            keyFile = v;
            return this;
        }

        public Builder peers(List<Endpoint> v) {
            peers = v;
            return this;
        }

        public Builder tcpListenPort(int v) {
            tcpListenPort = v;
            return this;
        }

        public Builder disableQuic(boolean v) {
            disableQuic = v;
            return this;
        }

        public Builder quicListenPort(int v) {
            quicListenPort = v;
            return this;
        }

        public Builder peerDiscoveryPort(int v) {
            peerDiscoveryPort = v;
            return this;
        }

        public Builder disablePeerDiscovery(boolean v) {
            disablePeerDiscovery = v;
            return this;
        }

        public Builder peerDiscoveryInterfaces(List<String> v) {
            peerDiscoveryInterfaces = v;
            return this;
        }

        public Builder apiAddress(InetSocketAddress v) {
            apiAddress = v;
            return this;
        }

        public Builder jsonRpcAddress(InetSocketAddress v) {
            jsonRpcAddress = v;
            return this;
        }

        public Builder noTun(boolean v) {
            noTun = v;
            return this;
        }

        public Builder tunName(String v) {
            tunName = v;
            return this;
        }

        public Builder metricsApiAddress(Optional<InetSocketAddress> v) {
            metricsApiAddress = v;
            return this;
        }

        public Builder firewallMark(OptionalLong v) {
            firewallMark = v;
            return this;
        }

        public Builder updateWorkers(int v) {
            updateWorkers = v;
            return this;
        }

        public Builder topicConfig(Optional<Path> v) {
            topicConfig = v;
            return this;
        }

        public Builder cdnCache(Optional<Path> v) {
            cdnCache = v;
            return this;
        }

        public Builder enableDns(boolean v) {
            enableDns = v;
            return this;
        }

        public Builder vsockListenPort(OptionalLong v) {
            vsockListenPort = v;
            return this;
        }

        public NodeOptions build() {
            return new NodeOptions(keyFile, peers, tcpListenPort, disableQuic, quicListenPort, peerDiscoveryPort,
                    disablePeerDiscovery, peerDiscoveryInterfaces, apiAddress, jsonRpcAddress, noTun, tunName,
                    metricsApiAddress, firewallMark, updateWorkers, topicConfig, cdnCache, enableDns, vsockListenPort);
        }
    }
}
