package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prefix-cache-aware and load-aware, after SGLang's cache-aware router and llm-d's prefix scorer:
 * a request goes where the longest leading part of its prompt is believed to be cached, because
 * that server skips the prefill of those tokens. Load keeps it honest:
 * <ul>
 *   <li>the cache choice is taken only when it would not leave the pool imbalanced, that is when
 *       its load exceeds the least loaded endpoint's by at most {@code maxImbalance} requests (per
 *       unit of weight); otherwise the least loaded endpoint wins and, being indexed from then
 *       on, becomes a second home for that prefix;</li>
 *   <li>a prompt whose best match covers less than {@code minMatchRatio} of it has nothing worth
 *       chasing: the least loaded endpoint wins (ties to the one with the emptiest cache).</li>
 * </ul>
 * With no shared prefixes at all it therefore behaves as least-outstanding.
 */
public final class PrefixAware implements Balancer {

    private final PrefixIndex index;
    private final double maxImbalance;
    private final double minMatchRatio;
    private final AtomicInteger rotation = new AtomicInteger();

    /**
     * @param indexBlocks blocks remembered per endpoint; about the server's KV capacity in blocks
     * @param maxImbalance extra in-flight requests the cache choice may carry over the least loaded
     * @param minMatchRatio share of the prompt's blocks a match must cover to count
     */
    public PrefixAware(int indexBlocks, double maxImbalance, double minMatchRatio) {
        this.index = new PrefixIndex(indexBlocks);
        this.maxImbalance = maxImbalance;
        this.minMatchRatio = minMatchRatio;
    }

    public PrefixAware() {
        this(100_000, 4, 0.1);
    }

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        long[] blocks = hints.prefixBlocks();
        Endpoint chosen = Slots.acquire(endpoints, list -> pick(list, blocks));
        if (chosen != null && blocks.length > 0) {
            index.routed(chosen, blocks);
        }
        return chosen;
    }

    private Endpoint pick(List<Endpoint> endpoints, long[] blocks) {
        int n = endpoints.size();
        if (n == 0) {
            return null;
        }
        int start = rotation.getAndIncrement();
        Endpoint leastLoaded = null;
        Endpoint bestMatch = null;
        int bestMatched = 0;
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get(Math.floorMod(start + i, n));
            if (!candidate.hasCapacity()) {
                continue;
            }
            if (leastLoaded == null || lighter(candidate, leastLoaded)) {
                leastLoaded = candidate;
            }
            int matched = blocks.length == 0 ? 0 : index.matched(candidate, blocks);
            if (matched > bestMatched || (matched == bestMatched && matched > 0
                    && Slots.load(candidate) < Slots.load(bestMatch))) {
                bestMatched = matched;
                bestMatch = candidate;
            }
        }
        if (bestMatch == null || bestMatched < minMatchRatio * blocks.length) {
            return leastLoaded;
        }
        boolean balanced = Slots.load(bestMatch) - Slots.load(leastLoaded) <= maxImbalance;
        return balanced ? bestMatch : leastLoaded;
    }

    /** Less loaded; on equal load, the one believed to hold less, so new prefixes spread out. */
    private boolean lighter(Endpoint a, Endpoint b) {
        double la = Slots.load(a);
        double lb = Slots.load(b);
        return la < lb || (la == lb && index.size(a) < index.size(b));
    }

    @Override
    public String name() {
        return "prefix-aware";
    }
}
