package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;

/**
 * What the router may put on a link (protocol.md 4.7 and 9.4), checked before every send: AE 0 or 2 only, IPv6 only,
 * no route request outside {@code 400::/7} or shorter than /64, seqno requests with hop count at least 1, IHUs without
 * an address and with a non-zero interval, unicast Hellos. A violation is a router bug.
 */
public final class EmissionRules {

    private EmissionRules() {
    }

    /** Null when {@code tlv} may be sent, else why not. */
    public static String violation(ControlTlv tlv) {
        if (tlv instanceof Hello h) {
            if (h.flags() != Hello.UNICAST) {
                return "Hello flags must be 0x8000";
            }
            return u16(h.seqno(), "Hello seqno") != null ? u16(h.seqno(), "Hello seqno")
                    : u16(h.intervalCs(), "Hello interval");
        }
        if (tlv instanceof Ihu i) {
            if (i.address() != null) {
                return "IHU must carry AE 0 (no address)";
            }
            if (i.intervalCs() <= 0 || i.intervalCs() > 0xFFFF) {
                return "IHU interval must be 1..65535";
            }
            return u16(i.rxCost(), "IHU rx cost");
        }
        if (tlv instanceof Update u) {
            if (u.routerId() == null) {
                return "Update without router id";
            }
            String s = routable(u.subnet(), "Update");
            if (s != null) {
                return s;
            }
            if (u.flags() != 0) {
                return "Update flags must be 0";
            }
            String m = u16(u.metric(), "Update metric");
            if (m == null) {
                m = u16(u.seqno(), "Update seqno");
            }
            return m == null ? u16(u.intervalCs(), "Update interval") : m;
        }
        if (tlv instanceof RouteRequest r) {
            if (r.generation() < 0 || r.generation() >= ProtocolConstants.MAX_RR_GENERATION) {
                return "route request generation must be 0..15";
            }
            return r.isWildcard() ? null : routable(r.prefix(), "RouteRequest");
        }
        if (tlv instanceof SeqnoRequest q) {
            if (q.hopCount() < 1 || q.hopCount() > 255) {
                return "seqno request hop count must be 1..255";
            }
            if (q.routerId() == null) {
                return "seqno request without router id";
            }
            String s = routable(q.prefix(), "SeqnoRequest");
            return s != null ? s : u16(q.seqno(), "seqno request seqno");
        }
        return "unknown TLV " + tlv;
    }

    /** IPv6, inside 400::/7, at least a /64: the only prefixes the router ever names on the wire. */
    static boolean isRoutable(Subnet s) {
        return s != null && s.isIpv6() && s.prefixLength() >= ProtocolConstants.NODE_SUBNET_PREFIX_LENGTH
                && OverlayAddresses.GLOBAL_SUBNET.contains(s);
    }

    private static String routable(Subnet s, String what) {
        return isRoutable(s) ? null : what + " prefix must be IPv6 inside 400::/7 and at least /64: " + s;
    }

    private static String u16(int v, String what) {
        return v < 0 || v > 0xFFFF ? what + " out of u16 range: " + v : null;
    }
}
