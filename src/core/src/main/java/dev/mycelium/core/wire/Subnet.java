package dev.mycelium.core.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IP prefix as carried in Babel TLVs: address bytes (4 for IPv4, 16 for IPv6) and a prefix length. Host bits
 * are kept as received (protocol.md 4.3: the decoder does not mask them); {@link #network()} clears them.
 */
public final class Subnet {

    private final byte[] address;
    private final int prefixLength;

    private Subnet(byte[] address, int prefixLength) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        this.address = address;
        this.prefixLength = prefixLength;
    }

    public static Subnet of(byte[] address, int prefixLength) {
        return new Subnet(address.clone(), prefixLength);
    }

    public static Subnet of(InetAddress address, int prefixLength) {
        return new Subnet(address.getAddress(), prefixLength);
    }

    /**
     * Parses {@code "548:c783:d7ce:74a3::/64"} or {@code "10.0.0.0/8"}: an IP literal (never a name, see
     * {@link Ipv6Text#parse}) and a decimal prefix length within the address size.
     */
    public static Subnet parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a CIDR: '" + cidr + "'");
        }
        String length = cidr.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a CIDR (bad prefix length): '" + cidr + "'");
        }
        byte[] address;
        try {
            address = Ipv6Text.parse(cidr.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CIDR: '" + cidr + "': " + e.getMessage());
        }
        return new Subnet(address, Integer.parseInt(length));
    }

    public boolean isIpv6() {
        return address.length == 16;
    }

    /** The address bytes as held (host bits not cleared); a copy. */
    public byte[] address() {
        return address.clone();
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Number of leading address bytes carried on the wire: ceil(plen / 8). */
    public int prefixBytes() {
        return (prefixLength + 7) / 8;
    }

    /** This prefix with host bits cleared. */
    public Subnet network() {
        byte[] net = address.clone();
        for (int bit = prefixLength; bit < net.length * 8; bit++) {
            net[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Subnet(net, prefixLength);
    }

    /** True when {@code ip} (4 or 16 bytes) lies inside this prefix. */
    public boolean contains(byte[] ip) {
        if (ip.length != address.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != address[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip[full] & mask) == (address[full] & mask);
    }

    /** True when {@code other} lies entirely inside this prefix. */
    public boolean contains(Subnet other) {
        return other.prefixLength >= prefixLength && contains(other.address);
    }

    public InetAddress inetAddress() {
        try {
            // Inet6Address keeps an IPv4-mapped address as IPv6 (InetAddress.getByAddress would turn it into IPv4).
            return address.length == 16 ? Inet6Address.getByAddress(null, address, -1)
                    : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text form, e.g. {@code 548:c783:d7ce:74a3::/64}, with the address as held. */
    @Override
    public String toString() {
        return Ipv6Text.format(address) + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s && s.prefixLength == prefixLength && Arrays.equals(s.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    /** Hex of the address bytes, for logs and tests. */
    public String hex() {
        return HexFormat.of().formatHex(address);
    }

    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    static boolean isV6(InetAddress a) {
        return a instanceof Inet6Address;
    }
}
