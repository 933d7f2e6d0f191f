package dev.mycelium.core.router;

/** Babel metric arithmetic on unsigned 16-bit values (protocol.md 5.2). */
public final class Metric {

    public static final int INFINITE = 0xFFFF;
    /** Largest finite metric: sums that reach or pass 0xFFFF are capped here. */
    public static final int MAX_FINITE = 0xFFFE;

    private Metric() {
    }

    public static boolean isInfinite(int metric) {
        return metric == INFINITE;
    }

    /** Infinite if either side is; otherwise the sum capped at {@link #MAX_FINITE}. */
    public static int add(int a, int b) {
        if (a == INFINITE || b == INFINITE) {
            return INFINITE;
        }
        return Math.min(a + b, MAX_FINITE);
    }

    /** Infinite minus anything is infinite; otherwise saturating at 0 (used for hysteresis only). */
    public static int sub(int a, int b) {
        if (a == INFINITE) {
            return INFINITE;
        }
        return Math.max(a - b, 0);
    }

    /** |a - b|. */
    public static int delta(int a, int b) {
        return Math.abs(a - b);
    }
}
