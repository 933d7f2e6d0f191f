package dev.mycelium.core.wire;

/**
 * Text forms of IP addresses as Rust reads and prints them: RFC 5952 for IPv6 (longest run of two or more zero
 * groups compressed, the first on a tie, lowercase hex, IPv4-mapped addresses as {@code ::ffff:1.2.3.4}) and the
 * dotted quad for IPv4. Parsing accepts literals only and never resolves names.
 */
public final class Ipv6Text {

    private Ipv6Text() {
    }

    /** Formats 4 or 16 address bytes. */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return dottedQuad(address, 0);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xFF) << 8 | (address[2 * i + 1] & 0xFF);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xFFFF) {
            return "::ffff:" + dottedQuad(address, 12);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestLength < 2) {
            return join(groups, 0, 8);
        }
        return join(groups, 0, bestStart) + "::" + join(groups, bestStart + bestLength, 8);
    }

    /**
     * Parses an IPv4 or IPv6 literal as Rust's {@code IpAddr} parser does (no zone, no names, no octal or short
     * IPv4 forms) into 4 or 16 bytes.
     *
     * @throws IllegalArgumentException when {@code text} is not such a literal
     */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        byte[] result = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        if (result == null) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        return result;
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount = 0;
        if (gap < 0) {
            headCount = groups(text, head, 8, true);
            if (headCount != 8) {
                return null;
            }
        } else {
            // Rust allows no IPv4 part before "::".
            headCount = gap == 0 ? 0 : groups(text.substring(0, gap), head, 7, false);
            String rest = text.substring(gap + 2);
            tailCount = rest.isEmpty() ? 0 : groups(rest, tail, 7 - Math.max(headCount, 0), true);
            // "::" stands for at least one zero group.
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headCount; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tailCount; i++) {
            int g = 8 - tailCount + i;
            out[2 * g] = (byte) (tail[i] >>> 8);
            out[2 * g + 1] = (byte) tail[i];
        }
        return out;
    }

    /**
     * Parses colon-separated hex groups (the last may be a dotted quad worth two groups) into {@code out}; returns
     * the number of groups or -1 when malformed or more than {@code limit}.
     */
    private static int groups(String text, int[] out, int limit, boolean ipv4Allowed) {
        String[] parts = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(p);
                if (!ipv4Allowed || v4 == null || count + 2 > limit) {
                    return -1;
                }
                out[count++] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
                out[count++] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
                return count;
            }
            if (p.isEmpty() || p.length() > 4 || count >= limit) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0 || p.charAt(k) > 'f') {
                    return -1;
                }
                v = v << 4 | d;
            }
            out[count++] = v;
        }
        return count;
    }

    private static String dottedQuad(byte[] a, int offset) {
        return (a[offset] & 0xFF) + "." + (a[offset + 1] & 0xFF) + "." + (a[offset + 2] & 0xFF) + "."
                + (a[offset + 3] & 0xFF);
    }

    private static String join(int[] groups, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
