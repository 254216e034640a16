package ai.factory.gateway.config;

import static ai.factory.gateway.config.ConfigValues.decimal;
import static ai.factory.gateway.config.ConfigValues.duration;
import static ai.factory.gateway.config.ConfigValues.integer;
import static ai.factory.gateway.config.ConfigValues.raw;
import static ai.factory.gateway.config.ConfigValues.string;

import ai.factory.routing.balancing.Balancer;
import ai.factory.routing.balancing.Balancers;
import ai.factory.routing.health.GuardSettings;
import ai.factory.routing.health.ServerProbes;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.pool.QueueSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns one {@code gateway.pools.<name>} block into a {@link Pool} and starts its probes. */
final class PoolBuilder {

    private PoolBuilder() {
    }

    static Pool build(PoolConfig config, ServerProbes probes) {
        return build(config, probes, null);
    }

    /** @param kvEvents the KV-event subscriptions, for kv-prefix pools; null when there are none */
    static Pool build(PoolConfig config, ServerProbes probes, KvEventFeeds kvEvents) {
        String where = "gateway.pools." + config.getName();
        GuardSettings guard = guard(config, where);
        List<Endpoint> endpoints = endpoints(config.getName(), config.getEndpoints(), config.getDefaultMaxConcurrent(),
                guard, where);
        Balancer balancer;
        Duration staleAfter = duration(config.getMetrics(), "stale-after", Duration.ofSeconds(1), where + ".metrics");
        try {
            balancer = kvEvents != null && config.getBalancer().trim().equalsIgnoreCase("kv-prefix")
                    ? kvEvents.balancer(config.getName(), config.getKvEvents(), config.getEndpoints(), endpoints,
                            staleAfter, where)
                    : Balancers.named(config.getBalancer(), staleAfter, config.getPrefixIndexBlocks());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ".balancer: " + e.getMessage());
        }
        Pool pool;
        try {
            pool = new Pool(config.getName(), Protocol.parse(config.getProtocol()), endpoints, balancer,
                    config.getApiKey(), settings(config, where));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": " + e.getMessage());
        }
        Duration healthEvery = duration(config.getHealthCheck(), "interval", null, where + ".health-check");
        if (healthEvery != null) {
            probes.watchHealth(pool, healthEvery,
                    duration(config.getHealthCheck(), "timeout", Duration.ofSeconds(2), where + ".health-check"));
        }
        // SLO admission predicts the wait from the servers' queue and KV gauges: it needs them scraped too.
        if (Balancers.needsServerMetrics(config.getBalancer()) || raw(config.getMetrics(), "interval") != null
                || !config.getSlo().isEmpty()) {
            Duration every = duration(config.getMetrics(), "interval", Duration.ofMillis(200), where + ".metrics");
            probes.scrapeMetrics(pool, every, every.multipliedBy(4));
        }
        return pool;
    }

    /** The endpoint list alone, for a reload that swaps it into a running pool. */
    static List<Endpoint> endpoints(String pool, List<Map<String, Object>> entries, int defaultMaxConcurrent,
            GuardSettings guard, String where) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            URI url = URI.create(string(entry, "url", where));
            int weight = integer(entry, "weight", 1, where);
            int maxConcurrent = integer(entry, "max-concurrent", defaultMaxConcurrent, where);
            endpoints.add(new Endpoint(pool, url, weight, maxConcurrent, guard));
        }
        if (endpoints.isEmpty()) {
            throw new ConfigurationException(where + ": no endpoints");
        }
        return endpoints;
    }

    static GuardSettings guard(PoolConfig config, String where) {
        GuardSettings d = GuardSettings.defaults();
        Map<String, Object> cb = config.getCircuitBreaker();
        Map<String, Object> oe = config.getOutlierEjection();
        Map<String, Object> hc = config.getHealthCheck();
        String cbWhere = where + ".circuit-breaker";
        return new GuardSettings(
                decimal(cb, "failure-rate", d.breakerFailureRate(), cbWhere),
                integer(cb, "window", d.breakerWindow(), cbWhere),
                integer(cb, "minimum-calls", d.breakerMinimumCalls(), cbWhere),
                duration(cb, "open-for", d.breakerOpenFor(), cbWhere),
                integer(cb, "half-open-calls", d.breakerHalfOpenCalls(), cbWhere),
                integer(oe, "consecutive-failures", d.ejectAfterFailures(), where + ".outlier-ejection"),
                duration(oe, "eject-for", d.ejectFor(), where + ".outlier-ejection"),
                d.maxCoolDown(),
                integer(hc, "unhealthy-after", d.unhealthyAfter(), where + ".health-check"),
                d.clock());
    }

    private static PoolSettings settings(PoolConfig config, String where) {
        Location location;
        try {
            location = Location.parse(config.getLocation());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ".location: " + e.getMessage());
        }
        QueueSettings queue = new QueueSettings(integer(config.getQueue(), "capacity", 0, where + ".queue"),
                duration(config.getQueue(), "timeout", Duration.ofSeconds(2), where + ".queue"));
        return new PoolSettings(location, config.getFirstByteTimeout(), config.getCallTimeout(),
                config.getMaxAttempts(), queue);
    }
}
