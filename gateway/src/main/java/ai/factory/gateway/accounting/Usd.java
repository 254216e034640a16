package ai.factory.gateway.accounting;

/**
 * People write budgets and prices in USD; the gateway counts whole nano-dollars (10^-9 USD) so
 * sums stay exact. The one place the two meet.
 */
public final class Usd {

    private static final double NANOS_PER_USD = 1_000_000_000d;

    private Usd() {
    }

    /** Rounded to the nearest nano-dollar; null stays null (no budget). */
    public static Long toNanos(Double usd) {
        return usd == null ? null : Math.round(usd * NANOS_PER_USD);
    }

    public static double fromNanos(long nanos) {
        return nanos / NANOS_PER_USD;
    }

    /** Null stays null (no budget). */
    public static Double fromNanos(Long nanos) {
        return nanos == null ? null : nanos / NANOS_PER_USD;
    }
}
