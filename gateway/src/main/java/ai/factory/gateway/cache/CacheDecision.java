package ai.factory.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a request may use the response cache, and for how long an answer is kept. A sampled
 * answer (temperature above 0, or absent, which means OpenAI's default of 1) is not cached
 * unless the product says so: replaying one sample as if it were the only one changes meaning.
 * Embeddings are deterministic and always cacheable. {@code cache-control: no-cache} skips the
 * lookup but stores the fresh answer; {@code no-store} skips both.
 *
 * @param key the cache key when the answer may be looked up or stored, else null
 */
public record CacheDecision(String outcome, String key, Duration ttl, boolean lookup) {

    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String BYPASS = "bypass";

    private static final CacheDecision BYPASS_ALL = new CacheDecision(BYPASS, null, Duration.ZERO, false);

    public boolean store() {
        return key != null;
    }

    public CacheDecision hit() {
        return new CacheDecision(HIT, key, ttl, lookup);
    }

    /**
     * @param productTtl the product's cache policy at this request's temperature: null when this
     *     is not a product call (the gateway's rule applies), empty when the product forbids it
     */
    public static CacheDecision decide(boolean enabled, String cacheControl, boolean embeddings, JsonNode body,
            Optional<Duration> productTtl, Duration defaultTtl, Supplier<String> key) {
        String control = cacheControl == null ? "" : cacheControl.toLowerCase(Locale.ROOT);
        if (!enabled || control.contains("no-store")) {
            return BYPASS_ALL;
        }
        Duration ttl;
        if (productTtl != null) {
            if (productTtl.isEmpty()) {
                return BYPASS_ALL;
            }
            ttl = productTtl.get();
        } else {
            JsonNode temperature = body.get("temperature");
            boolean greedy = temperature != null && temperature.isNumber() && temperature.asDouble() == 0.0;
            if (!embeddings && !greedy) {
                return BYPASS_ALL;
            }
            ttl = defaultTtl;
        }
        boolean lookup = !control.contains("no-cache");
        return new CacheDecision(lookup ? MISS : BYPASS, key.get(), ttl, lookup);
    }
}
