package dev.mycelium.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.core.peer.ConnectionState;
import dev.mycelium.core.peer.PeerInfo;
import dev.mycelium.core.peer.PeerType;
import dev.mycelium.core.router.RouterSnapshot;
import dev.mycelium.spi.transport.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of Mycelium 0.7.10's HTTP API, as its code writes them (protocol.md 8.1; camelCase; where api.yaml
 * differs, the code wins). Shared by the API resources and the CLI that reads them back.
 */
public final class ApiJson {

    private ApiJson() {
    }

    /** {@code GET /api/v1/admin}. */
    @JsonPropertyOrder({"nodeSubnet", "nodeIp", "nodePubkey", "nodeStartTime"})
    public record Info(String nodeSubnet, String nodeIp, String nodePubkey, long nodeStartTime) {
    }

    /** {@code POST /api/v1/admin/peers} body; a JsonNode so a wrong type is our 400, not a framework 500. */
    public record AddPeer(JsonNode endpoint) {
    }

    /** An endpoint as serde tags it since 0.7.6: {@code {"proto":"tcp","addr":{"socket":"1.2.3.4:9651"}}}. */
    @JsonPropertyOrder({"proto", "addr"})
    public record EndpointJson(String proto, SocketAddr addr) {
        public static EndpointJson of(Endpoint e) {
            return new EndpointJson(e.scheme(), new SocketAddr(Endpoint.socketText(e.address())));
        }
    }

    public record SocketAddr(String socket) {
    }

    /** One entry of {@code GET /api/v1/admin/peers}. */
    @JsonPropertyOrder({"endpoint", "type", "connectionState", "txBytes", "rxBytes", "discovered", "lastConnected"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PeerStats(EndpointJson endpoint, String type, String connectionState, long txBytes, long rxBytes,
            long discovered, Long lastConnected) {

        public static PeerStats of(PeerInfo p) {
            return new PeerStats(EndpointJson.of(p.endpoint()), typeName(p.type()), stateName(p.state()),
                    p.txBytes(), p.rxBytes(), p.discoveredSecondsAgo(), p.lastConnectedSecondsAgo());
        }
    }

    static String typeName(PeerType t) {
        return switch (t) {
            case STATIC -> "static";
            case INBOUND -> "inbound";
            case LINK_LOCAL_DISCOVERY -> "linkLocalDiscovery";
        };
    }

    static String stateName(ConnectionState s) {
        return switch (s) {
            case ALIVE -> "alive";
            case CONNECTING -> "connecting";
            case DEAD -> "dead";
        };
    }

    /** One entry of {@code GET /api/v1/admin/routes/selected|fallback}; metric is a number or "infinite". */
    @JsonPropertyOrder({"subnet", "nextHop", "metric", "seqno"})
    public record Route(String subnet, String nextHop, Object metric, int seqno) {
        public static Route of(RouterSnapshot.Route r) {
            return new Route(r.subnet().toString(), r.nextHop(), r.isInfinite() ? "infinite" : (Object) r.metric(),
                    r.seqno());
        }
    }

    /** One entry of {@code GET /api/v1/admin/routes/queried}: seconds left, as a string (as Mycelium writes it). */
    @JsonPropertyOrder({"subnet", "expiration"})
    public record QueriedSubnet(String subnet, String expiration) {
        public static QueriedSubnet of(RouterSnapshot.QueriedSubnet q) {
            return new QueriedSubnet(q.subnet().toString(), Long.toString(q.secondsLeft()));
        }
    }

    @JsonPropertyOrder({"ip", "packetCount", "byteCount"})
    public record PacketStat(String ip, long packetCount, long byteCount) {
    }

    /** {@code GET /api/v1/admin/stats/packets}. */
    @JsonPropertyOrder({"bySource", "byDestination"})
    public record PacketStatistics(List<PacketStat> bySource, List<PacketStat> byDestination) {
        public static PacketStatistics of(RouterSnapshot.PacketStatistics s) {
            return new PacketStatistics(stats(s.bySource()), stats(s.byDestination()));
        }

        private static List<PacketStat> stats(List<RouterSnapshot.PacketStat> list) {
            return list.stream().map(p -> new PacketStat(p.ip(), p.packetCount(), p.byteCount())).toList();
        }
    }

    /** {@code GET /api/v1/admin/stats/counters} (ours, not Mycelium's): drop and event counters, and table bounds. */
    @JsonPropertyOrder({"router", "dataPlane", "bounds"})
    public record Counters(Map<String, Long> router, Map<String, Long> dataPlane, Map<String, Integer> bounds) {
    }

    /** {@code GET /api/v1/pubkey/{ip}}. */
    public record PublicKeyJson(String publicKey) {
    }
}
