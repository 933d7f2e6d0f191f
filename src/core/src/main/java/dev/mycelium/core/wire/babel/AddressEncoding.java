package dev.mycelium.core.wire.babel;

import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;

/**
 * Babel address encodings (AE) as Mycelium reads them (protocol.md 4): 0 wildcard (no address bytes), 1 IPv4, 2 IPv6,
 * 3 IPv6 link-local (8 bytes on the wire, expands to {@code fe80::/64} followed by those 8 bytes).
 */
final class AddressEncoding {

    static final int WILDCARD = 0;
    static final int IPV4 = 1;
    static final int IPV6 = 2;
    static final int IPV6_LINK_LOCAL = 3;

    /** fe80::/64: the first 8 bytes of an AE 3 address. */
    private static final byte[] LINK_LOCAL_NETWORK = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0};

    private AddressEncoding() {
    }

    /** The AE a sender uses for an address of this many bytes: 1 for IPv4, 2 for IPv6 (AE 3 is decode-only). */
    static int forAddressLength(int length) {
        return length == 4 ? IPV4 : IPV6;
    }

    /**
     * Checks the AE/prefix-length pair of a prefix-carrying TLV (Update, route and seqno request) and returns how many
     * prefix bytes follow on the wire.
     */
    static int prefixBytes(int ae, int plen) throws WireFormatException {
        switch (ae) {
            case WILDCARD:
                requirePlen(plen == 0, ae, plen);
                return 0;
            case IPV4:
                requirePlen(plen <= 32, ae, plen);
                return (plen + 7) / 8;
            case IPV6:
                requirePlen(plen <= 128, ae, plen);
                return (plen + 7) / 8;
            case IPV6_LINK_LOCAL:
                requirePlen(plen == 64, ae, plen);
                return 8;
            default:
                throw badAe(ae);
        }
    }

    /**
     * Reads the prefix bytes announced by {@link #prefixBytes} and builds the subnet without masking host bits
     * (protocol.md 4.3). AE 0 yields {@code ::/0}.
     */
    static Subnet readPrefix(ByteBuf in, int ae, int plen) {
        byte[] address = new byte[ae == IPV4 ? 4 : 16];
        switch (ae) {
            case IPV6_LINK_LOCAL:
                System.arraycopy(LINK_LOCAL_NETWORK, 0, address, 0, 8);
                in.readBytes(address, 8, 8);
                break;
            case IPV4:
            case IPV6:
                in.readBytes(address, 0, (plen + 7) / 8);
                break;
            default:
                break;
        }
        return Subnet.of(address, plen);
    }

    /** Writes the leading ceil(plen/8) bytes of the address as held (Mycelium does not mask them either). */
    static void writePrefix(ByteBuf out, Subnet subnet) {
        out.writeBytes(subnet.address(), 0, subnet.prefixBytes());
    }

    /** Number of address bytes an IHU carries for this AE. */
    static int ihuAddressBytes(int ae) throws WireFormatException {
        switch (ae) {
            case WILDCARD:
                return 0;
            case IPV4:
                return 4;
            case IPV6:
                return 16;
            case IPV6_LINK_LOCAL:
                return 8;
            default:
                throw badAe(ae);
        }
    }

    /** The 4 or 16 address bytes of an IHU address in AE {@code ae} (not 0), read from {@code in}. */
    static byte[] readIhuAddress(ByteBuf in, int ae) {
        byte[] address = new byte[ae == IPV4 ? 4 : 16];
        if (ae == IPV6_LINK_LOCAL) {
            System.arraycopy(LINK_LOCAL_NETWORK, 0, address, 0, 8);
            in.readBytes(address, 8, 8);
        } else {
            in.readBytes(address);
        }
        return address;
    }

    private static void requirePlen(boolean ok, int ae, int plen) throws WireFormatException {
        if (!ok) {
            throw new WireFormatException(Reason.BAD_PREFIX_LENGTH, "prefix length " + plen + " with AE " + ae);
        }
    }

    private static WireFormatException badAe(int ae) {
        return new WireFormatException(Reason.BAD_AE, "unknown address encoding " + ae);
    }
}
