package ai.factory.gateway.api.stage;

import ai.factory.routing.alias.Adapter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a product adds to a call; an OpenAI API call has {@link #API}.
 *
 * @param product the product id, or null
 * @param cacheTtl the product's cache policy at this request's temperature (empty: never cache), or
 *        null for the gateway's default
 * @param maxOutputTokens the answer's token ceiling, for the reservation, or null (the body's)
 * @param storable whether a complete (non-streamed) answer may enter the cache
 * @param adapter the LoRA adapter the product is served as, or null
 */
public record Terms(String product, Optional<Duration> cacheTtl, Integer maxOutputTokens, Predicate<byte[]> storable,
        Adapter adapter) {

    public static final Terms API = new Terms(null, null, null, answer -> true, null);
}
