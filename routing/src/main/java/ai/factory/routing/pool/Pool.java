package ai.factory.routing.pool;

import ai.factory.routing.balancing.Balancer;
import java.util.List;
import java.util.Objects;

/** A named group of interchangeable model servers that one balancer spreads requests across. */
public final class Pool {

    private final String name;
    private final Protocol protocol;
    private final List<Endpoint> endpoints;
    private final Balancer balancer;
    private final String apiKey;

    /** @param apiKey the pool's own credential for its servers (null when they need none) */
    public Pool(String name, Protocol protocol, List<Endpoint> endpoints, Balancer balancer, String apiKey) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("pool '" + name + "' has no endpoints");
        }
        this.name = Objects.requireNonNull(name);
        this.protocol = Objects.requireNonNull(protocol);
        this.endpoints = List.copyOf(endpoints);
        this.balancer = Objects.requireNonNull(balancer);
        this.apiKey = apiKey;
    }

    public Pool(String name, Protocol protocol, List<Endpoint> endpoints, Balancer balancer) {
        this(name, protocol, endpoints, balancer, null);
    }

    /** Picks an endpoint and takes one of its slots, or returns null when every one is full. */
    public Endpoint acquire() {
        return balancer.acquire(endpoints);
    }

    public String name() {
        return name;
    }

    public Protocol protocol() {
        return protocol;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The credential the gateway presents to this pool's servers; never a tenant's key. */
    public String apiKey() {
        return apiKey;
    }

    public String balancerName() {
        return balancer.name();
    }
}
