package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.*;

import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.ServerLoad;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pool load as gauges, read straight from the routing core when Prometheus scrapes: each
 * endpoint's in-flight requests and cap, the queue its server reports, and its circuit breaker's
 * state. Endpoints can be swapped by a configuration reload, so the set is re-read on a schedule:
 * new endpoints get gauges, removed ones lose theirs.
 */
@Context
public class EndpointGauges {

    private final RouteTable routes;
    private final MeterRegistry registry;
    private final Map<Endpoint, List<Meter>> registered = new IdentityHashMap<>();

    public EndpointGauges(RouteTable routes, MeterRegistry registry) {
        this.routes = routes;
        this.registry = registry;
        refresh();
    }

    @Scheduled(fixedDelay = "${gateway.observability.endpoint-refresh:30s}")
    synchronized void refresh() {
        Set<Endpoint> current = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Pool pool : routes.pools()) {
            current.addAll(pool.endpoints());
        }
        for (Endpoint endpoint : current) {
            registered.computeIfAbsent(endpoint, this::register);
        }
        for (Endpoint gone : new HashSet<>(registered.keySet())) {
            if (!current.contains(gone)) {
                registered.remove(gone).forEach(registry::remove);
            }
        }
    }

    private List<Meter> register(Endpoint endpoint) {
        String pool = endpoint.pool();
        String url = endpoint.baseUrl().toString();
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder(ENDPOINT_IN_FLIGHT, endpoint, Endpoint::inFlight)
                .description("Requests on the endpoint now").tags(TAG_POOL, pool, TAG_ENDPOINT, url).register(registry));
        meters.add(Gauge.builder(ENDPOINT_MAX_CONCURRENT, endpoint, Endpoint::maxConcurrent)
                .description("The endpoint's concurrency cap").tags(TAG_POOL, pool, TAG_ENDPOINT, url).register(registry));
        meters.add(Gauge.builder(ENDPOINT_SERVER_WAITING, endpoint, EndpointGauges::waiting)
                .description("Requests the model server reports queued (NaN until scraped)")
                .tags(TAG_POOL, pool, TAG_ENDPOINT, url).register(registry));
        for (String state : EndpointStates.CIRCUIT_STATES) {
            meters.add(Gauge.builder(ENDPOINT_CIRCUIT_STATE, endpoint, e -> state.equals(EndpointStates.circuit(e)) ? 1 : 0)
                    .description("1 for the circuit breaker's current state")
                    .tags(TAG_POOL, pool, TAG_ENDPOINT, url, TAG_STATE, state).register(registry));
        }
        return meters;
    }

    private static double waiting(Endpoint endpoint) {
        ServerLoad load = endpoint.serverLoad();
        return load == null ? Double.NaN : load.waiting();
    }

}
