package ai.factory.gateway.policy;

/**
 * What the ledger says a tenant has already used in the current UTC day and month, read when
 * its policy is loaded. The rate limiter writes it into a budget counter only when that counter does
 * not exist in Redis (Redis lost its data, or failed over to an empty replica), so a Redis loss
 * does not hand every tenant a fresh budget. The periods are part of the seed: a seed read
 * yesterday is never applied to today's counter.
 */
public record LedgerSeed(String day, String month, long dayTokens, long monthTokens, long dayCostNanos,
                         long monthCostNanos) {

    public static final LedgerSeed NONE = new LedgerSeed("", "", 0, 0, 0, 0);
}
