package ai.factory.gateway.ratelimit;

import java.util.List;

/**
 * What settling a request changes in each bucket, from what admission reserved and what was
 * used. Pure arithmetic over bounded values: every delta is in [-MAX, MAX] whatever the usage.
 */
public final class SettleDeltas {

    private SettleDeltas() {
    }

    /**
     * @param hit the answer came from the cache: nothing was reserved beyond the request itself
     * @return per check: tokens to give back to a token bucket (reserved - used) or to add to a
     *     budget counter (used - reserved); 0 for request and lease buckets
     */
    public static long[] of(List<Bucket> buckets, boolean hit, long usedTokens, long usedCostNanos) {
        long[] deltas = new long[buckets.size()];
        if (hit) {
            return deltas;
        }
        for (int i = 0; i < buckets.size(); i++) {
            Bucket c = buckets.get(i);
            long used = c.kind().cost() ? usedCostNanos : usedTokens;
            if (c.kind() == BucketKind.TOKENS) {
                deltas[i] = Bounded.difference(c.cost(), used);
            } else if (c.kind().budget()) {
                deltas[i] = Bounded.difference(used, c.cost());
            }
        }
        return deltas;
    }

    /** Everything reserved given back: settling as if nothing was used. */
    public static long[] refund(List<Bucket> buckets) {
        return of(buckets, false, 0, 0);
    }
}
