package dev.mycelium.core.wire;

import dev.mycelium.core.wire.babel.ControlTlv;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import dev.mycelium.core.wire.babel.RouteRequest;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for wire values. */
public final class WireArbitraries {

    private WireArbitraries() {
    }

    public static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    public static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    public static Arbitrary<byte[]> bytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    public static Arbitrary<byte[]> address16() {
        return bytes(16);
    }

    public static Arbitrary<RouterId> routerIds() {
        return bytes(RouterId.SIZE).map(RouterId::of);
    }

    /**
     * A subnet as a decoder produces it: only the leading ceil(plen/8) bytes may be non-zero (the decoder fills the
     * rest with zeros and does not mask host bits, protocol.md 4.3).
     */
    public static Arbitrary<Subnet> wireSubnets(int addressLength) {
        return Combinators.combine(bytes(addressLength), Arbitraries.integers().between(0, addressLength * 8))
                .as((address, plen) -> {
                    byte[] a = address.clone();
                    for (int i = (plen + 7) / 8; i < a.length; i++) {
                        a[i] = 0;
                    }
                    return Subnet.of(a, plen);
                });
    }

    public static Arbitrary<Subnet> wireSubnets() {
        return Arbitraries.oneOf(wireSubnets(16), wireSubnets(4));
    }

    /** IPv6 /64../128 inside 400::/7: what a 0.7 node may be asked about (4.7). */
    public static Arbitrary<Subnet> overlaySubnets() {
        return Combinators.combine(bytes(16), Arbitraries.integers().between(64, 128), Arbitraries.of(4, 5))
                .as((address, plen, first) -> {
                    byte[] a = address.clone();
                    a[0] = (byte) (int) first;
                    for (int i = (plen + 7) / 8; i < a.length; i++) {
                        a[i] = 0;
                    }
                    return Subnet.of(a, plen);
                });
    }

    public static Arbitrary<InetAddress> inetAddresses() {
        Arbitrary<InetAddress> v4 = bytes(4).map(b -> {
            try {
                return Inet4Address.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        Arbitrary<InetAddress> v6 = bytes(16).map(b -> {
            try {
                return Inet6Address.getByAddress(null, b, -1);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        return Arbitraries.oneOf(v4, v6);
    }

    /** Hellos as a decoder returns them: flags already masked to the unicast bit. */
    public static Arbitrary<Hello> hellos() {
        return Combinators.combine(Arbitraries.of(0, Hello.UNICAST), u16(), u16()).as(Hello::new);
    }

    public static Arbitrary<Ihu> ihus() {
        return Combinators.combine(u16(), u16(), inetAddresses().injectNull(0.3)).as(Ihu::new);
    }

    /** Updates as a decoder returns them: flags masked to 0xC0. */
    public static Arbitrary<Update> updates() {
        return Combinators.combine(Arbitraries.of(0, 0x40, 0x80, 0xC0), u16(), u16(), u16(), wireSubnets(),
                routerIds()).as(Update::new);
    }

    public static Arbitrary<RouteRequest> routeRequests() {
        return Combinators.combine(u8(), wireSubnets().injectNull(0.2)).as(RouteRequest::new);
    }

    public static Arbitrary<SeqnoRequest> seqnoRequests() {
        return Combinators.combine(u16(), Arbitraries.integers().between(1, 0xFF), wireSubnets(), routerIds())
                .as(SeqnoRequest::new);
    }

    /** Any TLV the body codec round-trips. */
    public static Arbitrary<ControlTlv> tlvs() {
        return Arbitraries.oneOf(hellos(), ihus(), updates(), routeRequests(), seqnoRequests());
    }

    /** TLVs {@link dev.mycelium.core.wire.babel.LinkPolicy} lets onto a link. */
    public static Arbitrary<ControlTlv> sendableTlvs() {
        Arbitrary<Ihu> ihu = Combinators.combine(u16(), u16(),
                bytes(16).map(WireArbitraries::inet6).injectNull(0.3)).as(Ihu::new);
        Arbitrary<Update> update = Combinators.combine(Arbitraries.of(0, 0x40, 0x80, 0xC0), u16(), u16(), u16(),
                wireSubnets(16), routerIds()).as(Update::new);
        Arbitrary<RouteRequest> rr = Combinators.combine(u8(), overlaySubnets().injectNull(0.2))
                .as(RouteRequest::new);
        Arbitrary<SeqnoRequest> sr = Combinators.combine(u16(), Arbitraries.integers().between(1, 0xFF),
                wireSubnets(16), routerIds()).as(SeqnoRequest::new);
        return Arbitraries.oneOf(hellos(), ihu, update, rr, sr);
    }

    private static InetAddress inet6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
