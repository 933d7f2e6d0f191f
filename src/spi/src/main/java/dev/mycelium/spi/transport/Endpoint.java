package dev.mycelium.spi.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * A peer endpoint {@code <scheme>://<ip>:<port>} (protocol.md 2.1). Only literal addresses are accepted, never
 * host names: IPv4 {@code 1.2.3.4:9651} or bracketed IPv6 {@code [2001:db8::1]:9651}, optionally with a numeric or
 * named scope for link-local addresses.
 */
public record Endpoint(String scheme, InetSocketAddress address) {

    public Endpoint {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("endpoint address must be a literal IP: " + address);
        }
    }

    /** Parses an endpoint string; throws {@link IllegalArgumentException} with a clear message when malformed. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty endpoint");
        }
        int sep = text.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("endpoint '" + text + "' must look like tcp://1.2.3.4:9651");
        }
        String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("invalid scheme in endpoint '" + text + "'");
        }
        return new Endpoint(scheme, parseSocketAddress(text.substring(sep + 3), text));
    }

    private static InetSocketAddress parseSocketAddress(String rest, String original) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("endpoint '" + original + "' needs [ipv6]:port");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("endpoint '" + original + "': brackets are for IPv6 only");
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("endpoint '" + original + "' needs ip:port (IPv6 in brackets)");
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (!isDottedQuad(host)) {
                throw new IllegalArgumentException("endpoint '" + original + "': '" + host + "' is not an IP literal");
            }
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + original + "': bad port '" + port + "'");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("endpoint '" + original + "': port out of range");
        }
        return new InetSocketAddress(literal(host, original), portNumber);
    }

    private static boolean isDottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress literal(String host, String original) {
        String bare = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        if (!bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new IllegalArgumentException("endpoint '" + original + "': '" + host + "' is not an IP literal");
        }
        try {
            // Only literals reach here, so no name lookup happens.
            return InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("endpoint '" + original + "': invalid address '" + host + "'");
        }
    }

    /** The canonical text form, e.g. {@code tcp://[2001:db8::1]:9651}. */
    @Override
    public String toString() {
        return scheme + "://" + socketText(address);
    }

    /** Rust's {@code SocketAddr} text form: {@code 1.2.3.4:9651} or {@code [::1]:9651}. */
    public static String socketText(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip.getHostAddress();
        if (ip instanceof java.net.Inet6Address) {
            int pct = host.indexOf('%');
            String base = pct < 0 ? host : host.substring(0, pct);
            String scope = pct < 0 ? "" : host.substring(pct);
            return "[" + compressIpv6(base) + scope + "]:" + a.getPort();
        }
        return host + ":" + a.getPort();
    }

    /**
     * RFC 5952 text of an IPv6 address given in Java's uncompressed form ({@code Inet6Address.getHostAddress()}: eight
     * hex groups, optionally {@code %scope}), printed as Rust prints it: longest run of two or more zero groups as
     * {@code ::} (the first on a tie), and IPv4-mapped addresses as {@code ::ffff:1.2.3.4}. A scope suffix is kept.
     */
    public static String compressIpv6(String full) {
        int pct = full.indexOf('%');
        String scope = pct < 0 ? "" : full.substring(pct);
        String[] groups = (pct < 0 ? full : full.substring(0, pct)).split(":", -1);
        if (groups.length != 8) {
            throw new IllegalArgumentException("not an uncompressed IPv6 address: '" + full + "'");
        }
        int[] values = new int[8];
        for (int i = 0; i < 8; i++) {
            try {
                values[i] = Integer.parseInt(groups[i], 16);
            } catch (NumberFormatException e) {
                values[i] = -1;
            }
            if (groups[i].isEmpty() || groups[i].length() > 4 || values[i] < 0) {
                throw new IllegalArgumentException("not an uncompressed IPv6 address: '" + full + "'");
            }
        }
        if (values[0] == 0 && values[1] == 0 && values[2] == 0 && values[3] == 0 && values[4] == 0
                && values[5] == 0xffff) {
            return "::ffff:" + (values[6] >> 8) + "." + (values[6] & 0xff) + "." + (values[7] >> 8) + "."
                    + (values[7] & 0xff) + scope;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (values[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && values[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (bestLen >= 2 && i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(values[i]));
            if (i < groups.length - 1) {
                sb.append(':');
            }
        }
        return sb.append(scope).toString();
    }
}
