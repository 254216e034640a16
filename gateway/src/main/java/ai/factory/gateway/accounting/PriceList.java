package ai.factory.gateway.accounting;

import ai.factory.gateway.ratelimit.Bounded;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns tokens into nano-dollars with the prices configured now. Cost is computed when a usage
 * event is made, so changing a price later never rewrites what was already billed.
 */
@Singleton
public class PriceList {

    /** Nano-dollars per token for one model: USD per million tokens × 1000. */
    public record Rate(long inputNanos, long outputNanos, long cachedNanos) {
        public long cost(long input, long output, long cached) {
            // Saturating: a backend reporting absurd usage must not wrap a bill into a credit.
            long uncached = Math.max(0, input - Math.max(0, cached));
            return Bounded.add(Bounded.add(Bounded.multiply(uncached, inputNanos),
                    Bounded.multiply(cached, cachedNanos)), Bounded.multiply(output, outputNanos));
        }
    }

    private static final Rate FREE = new Rate(0, 0, 0);
    private final Map<String, Rate> rates = new HashMap<>();

    public PriceList(List<Prices> prices) {
        for (Prices p : prices) {
            rates.put(p.model(), new Rate(nanos(p.input()), nanos(p.output()), nanos(p.cached())));
        }
    }

    public Rate rate(String model) {
        Rate rate = model == null ? null : rates.get(model);
        return rate != null ? rate : rates.getOrDefault("default", FREE);
    }

    private static long nanos(double usdPerMillion) {
        return Math.round(usdPerMillion * 1000.0);
    }
}
