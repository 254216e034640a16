package ai.factory.gateway.config;

import ai.factory.routing.balancing.Balancer;
import ai.factory.routing.balancing.Balancers;
import ai.factory.routing.health.GuardSettings;
import ai.factory.routing.health.ServerProbes;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.QueueSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns one {@code gateway.pools.<name>} block into a {@link Pool} and starts its probes. */
final class PoolBuilder {

    private PoolBuilder() {
    }

    static Pool build(PoolConfig config, ServerProbes probes) {
        return build(config, probes, null);
    }

    /** @param kvEvents the KV-event subscriptions, for kv-prefix pools; null when there are none */
    static Pool build(PoolConfig config, ServerProbes probes, KvEventFeeds kvEvents) {
        String where = "gateway.pools." + config.name();
        GuardSettings guard = guard(config);
        List<Endpoint> endpoints = endpoints(config, config.endpoints(), guard);
        Balancer balancer;
        String balancerName = config.balancer().configName();
        try {
            balancer = kvEvents != null && config.balancer() == BalancerName.KV_PREFIX
                    ? kvEvents.balancer(config.name(), config.kvEvents(), config.endpoints(), endpoints,
                            config.metrics().staleAfter(), where)
                    : Balancers.named(balancerName, config.metrics().staleAfter(), config.prefixIndexBlocks());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ".balancer: " + e.getMessage());
        }
        Pool pool;
        try {
            pool = new Pool(config.name(), config.protocol(), endpoints, balancer, config.apiKey(), settings(config));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": " + e.getMessage());
        }
        PoolConfig.HealthCheck health = config.healthCheck();
        if (health.interval() != null) {
            probes.watchHealth(pool, health.interval(), health.timeout());
        }
        // SLO admission predicts the wait from the servers' queue and KV gauges: it needs them scraped too.
        Duration scrapeEvery = config.metrics().interval();
        if (Balancers.needsServerMetrics(balancerName) || scrapeEvery != null || config.slo().enabled()) {
            Duration every = scrapeEvery != null ? scrapeEvery : Duration.ofMillis(200);
            probes.scrapeMetrics(pool, every, every.multipliedBy(4));
        }
        return pool;
    }

    /** The endpoint list alone, also for a reload that swaps it into a running pool. */
    static List<Endpoint> endpoints(PoolConfig config, List<PoolConfig.EndpointEntry> entries, GuardSettings guard) {
        String where = "gateway.pools." + config.name() + ".endpoints";
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PoolConfig.EndpointEntry entry = entries.get(i);
            if (entry.url() == null) {
                throw new ConfigurationException(where + "[" + i + "].url: required");
            }
            int weight = entry.weight() != null ? entry.weight() : 1;
            int maxConcurrent = entry.maxConcurrent() != null ? entry.maxConcurrent() : config.defaultMaxConcurrent();
            endpoints.add(new Endpoint(config.name(), entry.url(), weight, maxConcurrent, guard));
        }
        if (endpoints.isEmpty()) {
            throw new ConfigurationException(where + ": no endpoints");
        }
        return endpoints;
    }

    /** The routing core's defaults, overridden by what the pool sets. */
    static GuardSettings guard(PoolConfig config) {
        GuardSettings d = GuardSettings.defaults();
        PoolConfig.CircuitBreaker cb = config.circuitBreaker();
        PoolConfig.OutlierEjection oe = config.outlierEjection();
        Integer unhealthyAfter = config.healthCheck().unhealthyAfter();
        return new GuardSettings(
                or(cb.failureRate(), d.breakerFailureRate()),
                or(cb.window(), d.breakerWindow()),
                or(cb.minimumCalls(), d.breakerMinimumCalls()),
                or(cb.openFor(), d.breakerOpenFor()),
                or(cb.halfOpenCalls(), d.breakerHalfOpenCalls()),
                or(oe.consecutiveFailures(), d.ejectAfterFailures()),
                or(oe.ejectFor(), d.ejectFor()),
                d.maxCoolDown(),
                or(unhealthyAfter, d.unhealthyAfter()),
                d.clock());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static PoolSettings settings(PoolConfig config) {
        QueueSettings queue = new QueueSettings(config.queue().capacity(), config.queue().timeout());
        return new PoolSettings(config.location(), config.firstByteTimeout(), config.callTimeout(),
                config.maxAttempts(), queue);
    }
}
