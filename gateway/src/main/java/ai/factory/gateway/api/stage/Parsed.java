package ai.factory.gateway.api.stage;

import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;

/** The body is read (or was built by the gateway, for a product), with the product's terms. */
public record Parsed(Authenticated authenticated, ParsedRequest request, Terms terms) implements Reached {

    @Override
    public Arrival arrival() {
        return authenticated.arrival();
    }

    @Override
    public Caller caller() {
        return authenticated.caller();
    }
}
