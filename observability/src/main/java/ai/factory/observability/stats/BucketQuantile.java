package ai.factory.observability.stats;

/**
 * A quantile estimated from a cumulative histogram, the way Prometheus' {@code histogram_quantile}
 * does it: find the bucket the rank falls in, interpolate linearly inside it. The /ops page shows
 * the same p50/p99 a Grafana panel would, from the same buckets.
 */
public final class BucketQuantile {

    private BucketQuantile() {
    }

    /**
     * @param q the quantile, 0..1
     * @param upperBounds the buckets' upper bounds, ascending
     * @param cumulativeCounts how many observations were at most each bound
     * @param total how many observations there were in all (those above the last bound included)
     * @return the estimate, NaN when there were no observations; the last bound when the rank
     *     lies beyond it (an estimate cannot be better than the buckets)
     */
    public static double of(double q, double[] upperBounds, double[] cumulativeCounts, double total) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be within 0..1: " + q);
        }
        if (upperBounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException("bounds and counts differ in length");
        }
        if (total <= 0 || upperBounds.length == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double below = 0;
        for (int i = 0; i < upperBounds.length; i++) {
            double count = cumulativeCounts[i];
            if (count >= rank && count > below) {
                return lowerBound + (upperBounds[i] - lowerBound) * (rank - below) / (count - below);
            }
            lowerBound = upperBounds[i];
            below = count;
        }
        return upperBounds[upperBounds.length - 1];
    }
}
