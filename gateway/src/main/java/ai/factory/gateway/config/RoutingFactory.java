package ai.factory.gateway.config;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.backend.JdkHttpTransport;
import ai.factory.routing.balancing.WeightedLeastOutstanding;
import ai.factory.routing.fallback.Router;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the framework-free routing core from {@code gateway.pools} and {@code gateway.models}. */
@Factory
public class RoutingFactory {

    @Singleton
    RouteTable routeTable(List<PoolConfig> poolConfigs, List<ModelConfig> modelConfigs) {
        Map<String, Pool> pools = new HashMap<>();
        for (PoolConfig config : poolConfigs) {
            pools.put(config.getName(), pool(config));
        }
        List<ModelAlias> aliases = new ArrayList<>();
        for (ModelConfig config : modelConfigs) {
            List<Target> targets = new ArrayList<>();
            for (Map<String, Object> entry : config.getTargets()) {
                String poolName = string(entry, "pool", "gateway.models." + config.getAlias());
                Pool pool = pools.get(poolName);
                if (pool == null) {
                    throw new ConfigurationException("gateway.models." + config.getAlias()
                            + ": target pool '" + poolName + "' is not defined under gateway.pools");
                }
                Object served = entry.get("model");
                targets.add(new Target(pool, served == null ? config.getAlias() : served.toString()));
            }
            if (targets.isEmpty()) {
                throw new ConfigurationException("gateway.models." + config.getAlias() + ": no targets");
            }
            aliases.add(new ModelAlias(config.getAlias(), targets));
        }
        aliases.sort((a, b) -> a.name().compareTo(b.name()));
        return new RouteTable(aliases, pools.values());
    }

    @Singleton
    BackendTransport backendTransport(GatewayConfig config, OpenTelemetry openTelemetry) {
        return new JdkHttpTransport(config.getConnectTimeout(), openTelemetry);
    }

    @Singleton
    Router router(BackendTransport transport) {
        return new Router(transport);
    }

    private static Pool pool(PoolConfig config) {
        String where = "gateway.pools." + config.getName();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map<String, Object> entry : config.getEndpoints()) {
            URI url = URI.create(string(entry, "url", where));
            int weight = integer(entry, "weight", 1, where);
            int maxConcurrent = integer(entry, "max-concurrent", config.getDefaultMaxConcurrent(), where);
            endpoints.add(new Endpoint(config.getName(), url, weight, maxConcurrent));
        }
        if (endpoints.isEmpty()) {
            throw new ConfigurationException(where + ": no endpoints");
        }
        return new Pool(config.getName(), Protocol.parse(config.getProtocol()), endpoints, new WeightedLeastOutstanding(),
                config.getApiKey());
    }

    private static String string(Map<String, Object> entry, String key, String where) {
        Object value = entry.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigurationException(where + ": '" + key + "' is required in " + entry);
        }
        return value.toString();
    }

    private static int integer(Map<String, Object> entry, String key, int fallback, String where) {
        Object value = entry.containsKey(key) ? entry.get(key) : entry.get(camel(key));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(where + ": '" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    private static String camel(String kebab) {
        int dash = kebab.indexOf('-');
        return dash < 0 ? kebab : kebab.substring(0, dash) + Character.toUpperCase(kebab.charAt(dash + 1))
                + kebab.substring(dash + 2);
    }
}
