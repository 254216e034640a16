package ai.factory.gateway.api.stage;

import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.ratelimit.Reservation;

/**
 * A request that failed before admission, admitted afterwards with no tokens so that it still
 * takes its place in the tenant's request rate (see {@link Fail}).
 */
public record Refused(Reached before, Reservation reservation) implements Reached {

    @Override
    public Arrival arrival() {
        return before.arrival();
    }

    @Override
    public Caller caller() {
        return before.caller();
    }

    @Override
    public ParsedRequest request() {
        return before.request();
    }

    @Override
    public Terms terms() {
        return before.terms();
    }

    @Override
    public boolean admissionTried() {
        return true;
    }
}
