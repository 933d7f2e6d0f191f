package dev.mycelium.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses socket addresses the way Rust's {@code SocketAddr::from_str} accepts them (protocol.md 2.1, 8.3):
 * {@code 1.2.3.4:8989} or {@code [::1]:8989}; literals only, never host names.
 */
public final class SocketAddresses {

    private SocketAddresses() {
    }

    /** @throws IllegalArgumentException with a message naming the text */
    public static InetSocketAddress parse(String text) {
        String bad = "'" + text + "' is not a socket address like 127.0.0.1:8989 or [::1]:8989";
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty socket address");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(bad);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!host.contains(":") || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'
                    || c == '.' || c == '%')) {
                throw new IllegalArgumentException(bad);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon <= 0 || text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException(bad);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (!isDottedQuad(host)) {
                throw new IllegalArgumentException(bad);
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
        if (p < 0 || p > 65535 || port.startsWith("+") || port.startsWith("-")) {
            throw new IllegalArgumentException(bad + " (port out of range)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** Text form as Rust prints a {@code SocketAddr}: {@code 127.0.0.1:8989}, {@code [::1]:8989}. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        int scope = host.indexOf('%');
        String bare = scope >= 0 ? host.substring(0, scope) : host;
        if (address.getAddress() instanceof java.net.Inet6Address) {
            return "[" + dev.mycelium.core.wire.Ipv6Text.format(address.getAddress().getAddress())
                    + (scope >= 0 ? host.substring(scope) : "") + "]:" + address.getPort();
        }
        return bare + ":" + address.getPort();
    }

    private static boolean isDottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }
}
