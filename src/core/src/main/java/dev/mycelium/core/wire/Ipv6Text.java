package dev.mycelium.core.wire;

import dev.mycelium.spi.transport.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text forms of IP addresses as Rust prints them (RFC 5952 for IPv6, dotted quad for IPv4). */
public final class Ipv6Text {

    private Ipv6Text() {
    }

    /** Formats 4 or 16 address bytes. */
    public static String format(byte[] address) {
        try {
            InetAddress ip = InetAddress.getByAddress(address);
            return address.length == 16 ? Endpoint.compressIpv6(ip.getHostAddress()) : ip.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes", e);
        }
    }
}
