package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.routing.fallback.RoutedReply;
import io.opentelemetry.context.Context;

/**
 * How far a request got along the path. Each stage's record holds the one before it and answers
 * for everything known so far; what a stage has not reached yet reads as null (or as no cache).
 * Settlement and the failure path read the furthest record, whatever stage it is.
 */
public sealed interface Reached permits Arrival, Authenticated, Parsed, Resolved, Admitted, Routed, Refused {

    /** No cache at all: the outcome a request has before (or without) a cache decision. */
    CacheDecision NO_CACHE = CacheDecision.decide(false, null, false, null, null, null, () -> null);

    Arrival arrival();

    default Caller caller() {
        return null;
    }

    default ParsedRequest request() {
        return null;
    }

    default Terms terms() {
        return Terms.API;
    }

    default CacheDecision cache() {
        return NO_CACHE;
    }

    default Reservation reservation() {
        return null;
    }

    default UsageMeter meter() {
        return null;
    }

    default RoutedReply reply() {
        return null;
    }

    /** RateLimiter was asked (whatever it answered): a failure after it must not be counted again. */
    default boolean admissionTried() {
        return false;
    }

    default String requestId() {
        return arrival().requestId();
    }

    default Context trace() {
        return arrival().trace();
    }
}
