package ai.factory.gateway.usage;

import java.math.BigDecimal;

/** Summed counters of one bucket (or of all of them). Cost stays in nano-dollars until shown. */
public record UsageCounts(long requests, long inputTokens, long outputTokens, long cachedTokens, long costNanos,
        long errors, long cacheHits, long estimated) {

    public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0, 0, 0);

    /** Input plus output: what token limits and budgets count (cached tokens are part of input). */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** USD as an exact decimal string with nine places, e.g. {@code "0.000123000"}: no float rounding. */
    public String costUsd() {
        return BigDecimal.valueOf(costNanos, 9).toPlainString();
    }

    public UsageCounts plus(UsageCounts o) {
        return new UsageCounts(requests + o.requests, inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cachedTokens + o.cachedTokens, costNanos + o.costNanos, errors + o.errors, cacheHits + o.cacheHits,
                estimated + o.estimated);
    }
}
