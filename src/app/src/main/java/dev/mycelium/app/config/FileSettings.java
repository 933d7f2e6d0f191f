package dev.mycelium.app.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The keys of Mycelium's TOML config file (protocol.md 8.4, {@code MyceliumConfig} in {@code myceliumd-common}),
 * as read: null = key absent. Values are validated when merged ({@link OptionsResolver}).
 */
public record FileSettings(
        @JsonProperty("peers") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> peers,
        @JsonProperty("tcp_listen_port") Long tcpListenPort,
        @JsonProperty("disable_quic") Boolean disableQuic,
        @JsonProperty("quic_listen_port") Long quicListenPort,
        @JsonProperty("no_tun") Boolean noTun,
        @JsonProperty("tun_name") String tunName,
        @JsonProperty("disable_peer_discovery") Boolean disablePeerDiscovery,
        @JsonProperty("peer_discovery_port") Long peerDiscoveryPort,
        @JsonProperty("peer_discovery_interfaces") List<String> peerDiscoveryInterfaces,
        @JsonProperty("api_addr") String apiAddr,
        @JsonProperty("jsonrpc_addr") String jsonrpcAddr,
        @JsonProperty("metrics_api_address") String metricsApiAddress,
        @JsonProperty("firewall_mark") Long firewallMark,
        @JsonProperty("update_workers") Long updateWorkers,
        @JsonProperty("topic_config") String topicConfig,
        @JsonProperty("cdn_cache") String cdnCache,
        @JsonProperty("enable_dns") Boolean enableDns,
        @JsonProperty("vsock_listen_port") Long vsockListenPort,
        // mycelium-private only; read so that we can say they are not supported rather than "unknown key"
        @JsonProperty("network_name") String networkName,
        @JsonProperty("network_key_file") String networkKeyFile) {

    /** A file without any key (also what "no config file" means). */
    public static final FileSettings EMPTY = new FileSettings(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);

    /** The keys a config file may hold, in Mycelium's order. */
    public static final List<String> KEYS = List.of("peers", "tcp_listen_port", "disable_quic", "quic_listen_port",
            "no_tun", "tun_name", "disable_peer_discovery", "peer_discovery_port", "peer_discovery_interfaces",
            "api_addr", "jsonrpc_addr", "metrics_api_address", "firewall_mark", "update_workers", "topic_config",
            "cdn_cache", "enable_dns", "vsock_listen_port", "network_name", "network_key_file");
}
