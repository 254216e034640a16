package ai.factory.gateway.policy;

/**
 * The limits of one scope (tenant, key or product). Null means "not limited here" in a tier,
 * and "inherit" in an override. Costs are nano-dollars, like every cost in the gateway.
 */
public record Limits(
        Long rpm,
        Long tpm,
        Long concurrency,
        Long dailyTokens,
        Long monthlyTokens,
        Long dailyCostNanos,
        Long monthlyCostNanos) {

    public static final Limits NONE = new Limits(null, null, null, null, null, null, null);

    /** These limits with every non-null field of {@code override} taking precedence. */
    public Limits overriddenBy(Limits override) {
        if (override == null) {
            return this;
        }
        return new Limits(
                pick(override.rpm, rpm),
                pick(override.tpm, tpm),
                pick(override.concurrency, concurrency),
                pick(override.dailyTokens, dailyTokens),
                pick(override.monthlyTokens, monthlyTokens),
                pick(override.dailyCostNanos, dailyCostNanos),
                pick(override.monthlyCostNanos, monthlyCostNanos));
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    private static Long pick(Long preferred, Long fallback) {
        return preferred != null ? preferred : fallback;
    }
}
