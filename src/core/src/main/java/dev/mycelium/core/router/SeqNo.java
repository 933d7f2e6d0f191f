package dev.mycelium.core.router;

/**
 * 16-bit sequence numbers with RFC 8966 modular order (protocol.md 5.3). Values exactly 32768 apart are neither
 * smaller nor larger than each other, a quirk kept on purpose.
 */
public final class SeqNo {

    private SeqNo() {
    }

    /** a &lt; b iff a != b and (b - a) mod 2^16 &lt; 32768. */
    public static boolean lt(int a, int b) {
        return a != b && ((b - a) & 0xFFFF) < 0x8000;
    }

    /** a &gt; b iff a != b and (b - a) mod 2^16 &gt; 32768. */
    public static boolean gt(int a, int b) {
        return a != b && ((b - a) & 0xFFFF) > 0x8000;
    }

    /** a + n, wrapping. */
    public static int add(int a, int n) {
        return (a + n) & 0xFFFF;
    }
}
