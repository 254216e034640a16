package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Queue- and KV-aware, after llm-d's queue and KV-cache scorers: each endpoint's own gauges
 * (scraped from {@code /metrics} by {@link ai.factory.routing.health.MetricsScraper}) are turned
 * into scores in 0..1, summed, and the highest total wins:
 * <ul>
 *   <li>queue: fewer waiting sequences than the others scores higher (min-max normalised);</li>
 *   <li>KV: {@code 1 - kv_cache_usage}, since a full KV cache means preemption and recompute;</li>
 *   <li>local: the gateway's own in-flight count, also min-max normalised, which sees the requests
 *       sent since the last scrape that the gauges do not show yet.</li>
 * </ul>
 * An endpoint whose last scrape is older than {@code staleAfter} (or that was never scraped)
 * counts as saturated: it is chosen only when every endpoint is, and then by in-flight count.
 */
public final class QueueKvAware implements Balancer {

    private final Duration staleAfter;
    private final LongSupplier nanoClock;
    private final AtomicInteger rotation = new AtomicInteger();

    public QueueKvAware(Duration staleAfter, LongSupplier nanoClock) {
        this.staleAfter = staleAfter;
        this.nanoClock = nanoClock;
    }

    public QueueKvAware(Duration staleAfter) {
        this(staleAfter, System::nanoTime);
    }

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        return Slots.acquire(endpoints, this::pick);
    }

    private Endpoint pick(List<Endpoint> endpoints) {
        long now = nanoClock.getAsLong();
        List<Endpoint> fresh = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            ServerLoad load = e.serverLoad();
            if (e.hasCapacity() && load != null && now - load.scrapedAtNanos() <= staleAfter.toNanos()) {
                fresh.add(e);
            }
        }
        if (fresh.isEmpty()) {
            return endpoints.isEmpty() ? null : Slots.leastLoaded(endpoints, rotation.getAndIncrement());
        }
        double minQ = Double.MAX_VALUE;
        double maxQ = 0;
        double minL = Double.MAX_VALUE;
        double maxL = 0;
        for (Endpoint e : fresh) {
            double q = e.serverLoad().waiting();
            double l = Slots.load(e);
            minQ = Math.min(minQ, q);
            maxQ = Math.max(maxQ, q);
            minL = Math.min(minL, l);
            maxL = Math.max(maxL, l);
        }
        int n = fresh.size();
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        Endpoint best = null;
        double bestScore = -1;
        for (int i = 0; i < n; i++) {
            Endpoint e = fresh.get((start + i) % n);
            ServerLoad load = e.serverLoad();
            double score = inverse(load.waiting(), minQ, maxQ)
                    + (1.0 - Math.min(1.0, Math.max(0.0, load.kvUsage())))
                    + inverse(Slots.load(e), minL, maxL);
            if (score > bestScore) {
                bestScore = score;
                best = e;
            }
        }
        return best;
    }

    /** 1 for the lowest value, 0 for the highest, 1 for all when they are equal. */
    private static double inverse(double value, double min, double max) {
        return max == min ? 1.0 : (max - value) / (max - min);
    }

    @Override
    public String name() {
        return "queue-kv";
    }
}
