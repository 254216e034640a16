package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.ratelimit.Reservation;

/**
 * RateLimiter let it through: the reservation is held by the reservation, and the meter counts the
 * answer. A cache hit arrives here with {@link #cachedAnswer()} and goes no further than the relay.
 */
public record Admitted(Resolved resolved, Reservation reservation, CacheDecision cache, UsageMeter meter) implements Reached {

    @Override
    public Arrival arrival() {
        return resolved.arrival();
    }

    @Override
    public Caller caller() {
        return resolved.caller();
    }

    @Override
    public ParsedRequest request() {
        return resolved.request();
    }

    @Override
    public Terms terms() {
        return resolved.terms();
    }

    @Override
    public boolean admissionTried() {
        return true;
    }

    /** The stored answer when admission found one in the cache, else null. */
    public String cachedAnswer() {
        return reservation.cached();
    }
}
