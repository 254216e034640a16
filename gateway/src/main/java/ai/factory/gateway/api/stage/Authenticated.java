package ai.factory.gateway.api.stage;

import ai.factory.gateway.auth.Caller;

/** The key is known: from here on, every ending of the request has a usage event. */
public record Authenticated(Arrival arrival, Caller caller) implements Reached {
}
