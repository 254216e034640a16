package ai.factory.gateway.ratelimit;

/**
 * Saturating arithmetic for every number that reaches a limiter counter. Redis scripts compute in
 * doubles, exact only below 2^53; keeping every token count, cost and limit at or below
 * {@link #MAX} (2^50, about 10^15: a quadrillion tokens, or a million dollars in nano-dollars)
 * keeps sums of a few of them exact too, and no request can push a counter out of range.
 */
public final class Bounded {

    /** The largest value any count, cost, limit or delta may take; admit.lua and settle.lua clamp to the same. */
    public static final long MAX = 1L << 50;

    private Bounded() {
    }

    /** {@code value} clamped to [0, MAX]. */
    public static long clamp(long value) {
        return value < 0 ? 0 : Math.min(value, MAX);
    }

    /** {@code a + b} of two non-negative values, saturating at MAX. */
    public static long add(long a, long b) {
        return clamp(clamp(a) + clamp(b));
    }

    /** {@code a * b} of two non-negative values, saturating at MAX. */
    public static long multiply(long a, long b) {
        long x = clamp(a);
        long y = clamp(b);
        if (x == 0 || y == 0) {
            return 0;
        }
        return x > MAX / y ? MAX : clamp(x * y);
    }

    /** {@code a - b} of two values in [0, MAX]: in [-MAX, MAX], never overflowing. */
    public static long difference(long a, long b) {
        return clamp(a) - clamp(b);
    }
}
