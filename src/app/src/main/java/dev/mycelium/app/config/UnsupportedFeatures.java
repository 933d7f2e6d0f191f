package dev.mycelium.app.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of Mycelium settings this node accepts on the command line or in the config file but cannot honour
 * yet. Asking for one of them is an error ("not supported yet"), never silently ignored. When a feature lands, delete
 * its entry here (and its test case in {@code UnsupportedFeaturesTest}).
 */
public final class UnsupportedFeatures {

    /**
     * A node setting that is not implemented.
     *
     * @param flag      long command-line flag
     * @param configKey config file key
     * @param what      the feature, as the error message names it
     */
    public record Feature(String flag, String configKey, String what) {
    }

    private static final String PRIVATE_NETWORKS = "private networks (mycelium-private)";

    public static final List<Feature> SETTINGS = List.of(
            new Feature("--enable-dns", "enable_dns", "the DNS forwarder"),
            new Feature("--cdn-cache", "cdn_cache", "the CDN gateway"),
            new Feature("--vsock-listen-port", "vsock_listen_port", "the vsock transport"),
            new Feature("--firewall-mark", "firewall_mark", "socket firewall marks (SO_MARK)"),
            new Feature("--metrics-api-address", "metrics_api_address", "the Prometheus metrics endpoint"),
            new Feature("--topic-config", "topic_config", "message topic configuration"),
            new Feature("--jsonrpc-addr", "jsonrpc_addr", "the JSON-RPC API"),
            new Feature("--quic-listen-port", "quic_listen_port", "the QUIC transport"),
            new Feature("--network-name", "network_name", PRIVATE_NETWORKS),
            new Feature("--network-key-file", "network_key_file", PRIVATE_NETWORKS));

    /** Peer endpoint schemes Mycelium knows that we refuse (protocol.md 2.1). */
    public static final Map<String, String> PEER_SCHEMES = Map.of(
            "tls", PRIVATE_NETWORKS,
            "vsock", "the vsock transport");

    /**
     * Peer schemes we accept and skip at start with a warning, because refusing them would refuse the stock peer
     * lists, which mix tcp:// and quic:// endpoints. QUIC has no transport yet (design.md: the QUIC issue).
     */
    public static final Map<String, String> SKIPPED_PEER_SCHEMES = Map.of("quic", "the QUIC transport");

    /** Schemes a peer endpoint may have at all. */
    public static final List<String> KNOWN_PEER_SCHEMES = List.of("tcp", "quic", "tls", "vsock");

    private UnsupportedFeatures() {
    }

    public static Optional<Feature> byFlag(String flag) {
        return SETTINGS.stream().filter(f -> f.flag().equals(flag)).findFirst();
    }

    public static Optional<Feature> byConfigKey(String key) {
        return SETTINGS.stream().filter(f -> f.configKey().equals(key)).findFirst();
    }

    /** One paragraph for {@code --help}. */
    public static String helpText() {
        StringBuilder b = new StringBuilder("Not supported yet, refused with an error: ");
        for (Feature f : SETTINGS) {
            b.append(f.flag()).append(", ");
        }
        for (String scheme : PEER_SCHEMES.keySet().stream().sorted().toList()) {
            b.append(scheme).append(":// peers, ");
        }
        b.setLength(b.length() - 2);
        b.append(". Skipped with a warning: ");
        b.append(String.join(", ", SKIPPED_PEER_SCHEMES.keySet().stream().sorted().map(s -> s + ":// peers").toList()));
        return b.append('.').toString();
    }

    static String message(Feature f) {
        return f.what() + " is not supported yet";
    }
}
