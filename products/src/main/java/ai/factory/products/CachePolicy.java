package ai.factory.products;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether and for how long an answer may be served from the response cache.
 *
 * @param cacheable         whether answers may be cached at all (a chat turn usually may not)
 * @param ttlSeconds        how long a cached answer stays valid
 * @param cacheWhenSampling whether an answer produced with temperature &gt; 0 may still be cached.
 *                          Caching a sampled answer returns the same "random" answer to everyone
 *                          asking the same thing; fine for extraction, wrong for marketing variants.
 */
public record CachePolicy(boolean cacheable, long ttlSeconds, boolean cacheWhenSampling) {

    /** The time to live for an answer produced at {@code temperature}, or empty when it must not be cached. */
    public Optional<Duration> ttlFor(double temperature) {
        if (!cacheable || ttlSeconds <= 0 || (temperature > 0 && !cacheWhenSampling)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(ttlSeconds));
    }
}
