package dev.mycelium.core.wire.babel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.core.wire.Ipv6Text;
import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** Builds TLV records from the field objects of vectors.json (snake_case names as the vectors spell them). */
final class TlvJson {

    private TlvJson() {
    }

    /** The TLV type a vector name is about: hello_, ihu_, update_, route_request_, seqno_request_. */
    static int typeOf(String vectorName) {
        if (vectorName.startsWith("hello_")) {
            return TlvCodec.TYPE_HELLO;
        } else if (vectorName.startsWith("ihu_")) {
            return TlvCodec.TYPE_IHU;
        } else if (vectorName.startsWith("update_")) {
            return TlvCodec.TYPE_UPDATE;
        } else if (vectorName.startsWith("route_request_")) {
            return TlvCodec.TYPE_ROUTE_REQUEST;
        } else if (vectorName.startsWith("seqno_request_")) {
            return TlvCodec.TYPE_SEQNO_REQUEST;
        }
        throw new IllegalArgumentException("no TLV type for vector " + vectorName);
    }

    static ControlTlv tlv(int type, JsonNode n) {
        switch (type) {
            case TlvCodec.TYPE_HELLO:
                return new Hello(n.get("flags").asInt(), n.get("seqno").asInt(), n.get("interval_cs").asInt());
            case TlvCodec.TYPE_IHU:
                return new Ihu(n.get("rx_cost").asInt(), n.get("interval_cs").asInt(), address(n.get("address")));
            case TlvCodec.TYPE_UPDATE:
                return new Update(n.get("flags").asInt(), n.get("interval_cs").asInt(), n.get("seqno").asInt(),
                        n.get("metric").asInt(), subnet(n.get("subnet")), routerId(n.get("router_id")));
            case TlvCodec.TYPE_ROUTE_REQUEST:
                return new RouteRequest(n.get("generation").asInt(), subnet(n.get("prefix")));
            case TlvCodec.TYPE_SEQNO_REQUEST:
                return new SeqnoRequest(n.get("seqno").asInt(), n.get("hop_count").asInt(), subnet(n.get("prefix")),
                        routerId(n.get("router_id")));
            default:
                throw new IllegalArgumentException("type " + type);
        }
    }

    static InetAddress address(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        byte[] bytes = Ipv6Text.parse(n.asText());
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static Subnet subnet(JsonNode n) {
        return n == null || n.isNull() ? null : Subnet.parse(n.asText());
    }

    static RouterId routerId(JsonNode n) {
        return RouterId.of(HexFormat.of().parseHex(n.asText()));
    }
}
