package ai.factory.gateway.ratelimit;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fail-open stand-in while Redis is unreachable: the same buckets kept in this instance's
 * memory, each limit divided by the number of instances expected to share the load, so the
 * fleet as a whole stays near the real limit. Budgets are not enforced here (a day's spend
 * cannot be known locally); the ledger still records every token.
 */
public final class LocalLimiter {

    private final int instances;
    private final ConcurrentHashMap<String, double[]> levels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> leases = new ConcurrentHashMap<>();

    public LocalLimiter(int expectedInstances) {
        this.instances = Math.max(1, expectedInstances);
    }

    /** @return the index of the check that refused the request, or -1 when it was admitted */
    public synchronized int admit(List<Bucket> buckets, long nowMillis) {
        for (int i = 0; i < buckets.size(); i++) {
            Bucket c = buckets.get(i);
            long limit = share(c.limit());
            if (c.kind().refills()) {
                if (level(c, limit, nowMillis) < c.cost()) {
                    return i;
                }
            } else if (c.kind() == BucketKind.CONCURRENCY && leases.getOrDefault(c.key(), 0) >= limit) {
                return i;
            }
        }
        for (Bucket c : buckets) {
            long limit = share(c.limit());
            if (c.kind().refills()) {
                double[] b = levels.get(c.key());
                b[0] = level(c, limit, nowMillis) - c.cost();
                b[1] = nowMillis;
            } else if (c.kind() == BucketKind.CONCURRENCY) {
                leases.merge(c.key(), 1, Integer::sum);
            }
        }
        return -1;
    }

    /** Returns unused tokens and frees the concurrency slot of a locally admitted request. */
    public synchronized void settle(List<Bucket> buckets, long[] deltas, long nowMillis) {
        for (int i = 0; i < buckets.size(); i++) {
            Bucket c = buckets.get(i);
            if (c.kind() == BucketKind.TOKENS) {
                long limit = share(c.limit());
                double[] b = levels.get(c.key());
                if (b != null) {
                    b[0] = Math.min(limit, level(c, limit, nowMillis) + deltas[i]);
                    b[1] = nowMillis;
                }
            } else if (c.kind() == BucketKind.CONCURRENCY) {
                leases.computeIfPresent(c.key(), (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    private double level(Bucket c, long limit, long now) {
        double[] b = levels.computeIfAbsent(c.key(), k -> new double[] {limit, now});
        return Math.min(limit, b[0] + (now - b[1]) * (double) limit / c.window());
    }

    private long share(long limit) {
        return Math.max(1, limit / instances);
    }
}
