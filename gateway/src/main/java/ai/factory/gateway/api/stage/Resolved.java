package ai.factory.gateway.api.stage;

import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.routing.alias.ModelAlias;

/**
 * The model alias is known and allowed, and what the call may cost is sized.
 *
 * @param promptTokens the prompt's text, counted
 * @param ceiling what the rate limiter reserves (prompt with parts and schemas, and the output ceiling)
 * @param costEstimate the reservation's price, for the budget
 */
public record Resolved(Parsed parsed, ModelAlias alias, long promptTokens, UsageCeiling ceiling, long costEstimate)
        implements Reached {

    @Override
    public Arrival arrival() {
        return parsed.arrival();
    }

    @Override
    public Caller caller() {
        return parsed.caller();
    }

    @Override
    public ParsedRequest request() {
        return parsed.request();
    }

    @Override
    public Terms terms() {
        return parsed.terms();
    }

    /** From here the admission is asked; whatever fails now was counted by it (or refused by it). */
    @Override
    public boolean admissionTried() {
        return true;
    }
}
