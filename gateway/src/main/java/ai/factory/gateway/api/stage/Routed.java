package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.routing.fallback.RoutedReply;

/** A backend answered (its status may still be an error): the answer's head is here, its body still to come. */
public record Routed(Admitted admitted, RoutedReply reply) implements Reached {

    @Override
    public Arrival arrival() {
        return admitted.arrival();
    }

    @Override
    public Caller caller() {
        return admitted.caller();
    }

    @Override
    public ParsedRequest request() {
        return admitted.request();
    }

    @Override
    public Terms terms() {
        return admitted.terms();
    }

    @Override
    public CacheDecision cache() {
        return admitted.cache();
    }

    @Override
    public Reservation reservation() {
        return admitted.reservation();
    }

    @Override
    public UsageMeter meter() {
        return admitted.meter();
    }

    @Override
    public boolean admissionTried() {
        return true;
    }
}
