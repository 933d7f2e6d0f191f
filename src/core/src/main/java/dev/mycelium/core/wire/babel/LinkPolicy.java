package dev.mycelium.core.wire.babel;

import dev.mycelium.core.wire.Subnet;
import java.net.Inet4Address;

/**
 * What may go onto a link to a Mycelium 0.7 node (protocol.md 4.7 and hazard 4 of section 9). {@link TlvCodec} can
 * encode more than this (the vectors include IPv4 encodings); everything sent to a peer passes this check first.
 */
public final class LinkPolicy {

    /** Shortest prefix a route request may ask for (4.7). */
    public static final int MIN_ROUTE_REQUEST_PREFIX = 64;

    private LinkPolicy() {
    }

    /** Throws {@link IllegalArgumentException} naming the rule when {@code tlv} must not be sent. */
    public static void requireSendable(ControlTlv tlv) {
        String violation = violation(tlv);
        if (violation != null) {
            throw new IllegalArgumentException("refusing to send " + tlv + ": " + violation);
        }
    }

    /** The rule {@code tlv} breaks, or null when it may be sent. */
    public static String violation(ControlTlv tlv) {
        if (tlv == null) {
            return "no TLV";
        }
        if (tlv instanceof Ihu i) {
            // AE 1 is never emitted by Mycelium; its IPv4 paths are untested and partly panic (4.7).
            return i.address() instanceof Inet4Address ? "IPv4 (AE 1) address in an IHU" : null;
        }
        if (tlv instanceof Update u) {
            return isIpv4(u.subnet()) ? "IPv4 (AE 1) subnet in an Update" : null;
        }
        if (tlv instanceof RouteRequest r) {
            return routeRequestViolation(r);
        }
        if (tlv instanceof SeqnoRequest s) {
            if (s.hopCount() == 0) {
                return "seqno request with hop count 0 is rejected by the receiver";
            }
            return isIpv4(s.prefix()) ? "IPv4 (AE 1) prefix in a seqno request" : null;
        }
        return null;
    }

    private static String routeRequestViolation(RouteRequest r) {
        Subnet prefix = r.prefix();
        if (prefix == null) {
            return null; // wildcard, AE 0
        }
        if (!prefix.isIpv6()) {
            return "IPv4 (AE 1) route request makes a 0.7 node's route-request worker panic";
        }
        if (prefix.prefixLength() < MIN_ROUTE_REQUEST_PREFIX) {
            return "route request for a prefix shorter than /64 gets marked queried on every node";
        }
        if (!inOverlayRange(prefix.address())) {
            return "route request for a prefix outside 400::/7";
        }
        return null;
    }

    /** True when the address lies in {@code 400::/7} (first byte 0x04 or 0x05). */
    static boolean inOverlayRange(byte[] address) {
        return address.length == 16 && (address[0] & 0xFE) == 0x04;
    }

    private static boolean isIpv4(Subnet s) {
        return s != null && !s.isIpv6();
    }
}
