package ai.factory.gateway.observe.metrics;

import ai.factory.routing.pool.Endpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;

/** An endpoint's circuit-breaker state as metrics and the /ops page name it. */
public final class EndpointStates {

    /** The states a dashboard shows; the rarer Resilience4j states fold into these. */
    public static final List<String> CIRCUIT_STATES = List.of("closed", "half_open", "open");

    private EndpointStates() {
    }

    public static String circuit(Endpoint endpoint) {
        return circuit(endpoint.guard().circuitState());
    }

    static String circuit(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> "open";
            case HALF_OPEN -> "half_open";
            default -> "closed";
        };
    }
}
