package ai.factory.gateway.config;

import ai.factory.gateway.policy.TierConfig;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.backend.provider.AnthropicTransport;
import ai.factory.routing.fallback.Router;
import ai.factory.routing.health.ServerProbes;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.tenant.TenantRule;
import ai.factory.routing.tenant.TenantRules;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the framework-free routing core from {@code gateway.pools}, {@code gateway.models} and
 * {@code gateway.tenant-routing}.
 */
@Factory
public class RoutingFactory {

    /** LangChain4j's own bound on one provider call; pools may set a tighter call-timeout. */
    private static final Duration PROVIDER_CALL_LIMIT = Duration.ofMinutes(10);

    /** The probe timer and its HTTP client; closed with the application. */
    @Singleton
    @Bean(preDestroy = "close")
    ServerProbes serverProbes() {
        return new ServerProbes();
    }

    @Singleton
    RouteTable routeTable(List<PoolConfig> poolConfigs, List<ModelConfig> modelConfigs, ServerProbes probes,
            KvEventFeeds kvEvents) {
        Map<String, Pool> pools = new HashMap<>();
        for (PoolConfig config : poolConfigs) {
            pools.put(config.name(), PoolBuilder.build(config, probes, kvEvents));
        }
        List<ModelAlias> aliases = new ArrayList<>();
        for (ModelConfig config : modelConfigs) {
            String where = "gateway.models." + config.alias();
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < config.targets().size(); i++) {
                ModelConfig.TargetEntry entry = config.targets().get(i);
                if (entry.pool() == null || entry.pool().isBlank()) {
                    throw new ConfigurationException(where + ".targets[" + i + "].pool: required");
                }
                Pool pool = pools.get(entry.pool());
                if (pool == null) {
                    throw new ConfigurationException(where + ": target pool '" + entry.pool()
                            + "' is not defined under gateway.pools");
                }
                int window = entry.contextWindow() == null ? 0 : entry.contextWindow();
                targets.add(new Target(pool, entry.model() == null ? config.alias() : entry.model(), window));
            }
            if (targets.isEmpty()) {
                throw new ConfigurationException(where + ": no targets");
            }
            aliases.add(new ModelAlias(config.alias(), targets));
        }
        aliases.sort((a, b) -> a.name().compareTo(b.name()));
        return new RouteTable(aliases, pools.values());
    }

    @Singleton
    TenantRules tenantRules(List<TenantRoutingConfig> configs, List<PoolConfig> poolConfigs) {
        Set<String> known = new HashSet<>();
        poolConfigs.forEach(p -> known.add(p.name()));
        Map<String, TenantRule> rules = new HashMap<>();
        for (TenantRoutingConfig config : configs) {
            String where = "gateway.tenant-routing." + config.tenantId();
            for (String pool : config.allowedPools()) {
                if (!known.contains(pool)) {
                    throw new ConfigurationException(where + ".allowed-pools: pool '" + pool
                            + "' is not defined under gateway.pools");
                }
            }
            rules.put(config.tenantId(), new TenantRule(new HashSet<>(config.allowedPools()),
                    config.dataResidency() == TenantRoutingConfig.DataResidency.ON_PREM_ONLY));
        }
        return new TenantRules(rules);
    }

    /** {@code gateway.backend.transport}: netty (on the server's event loops) or jdk; see {@link BackendTransports}. */
    @Singleton
    BackendTransport backendTransport(GatewayConfig config, OpenTelemetry openTelemetry,
            NettyHttpServerConfiguration server, EventLoopGroupRegistry loops, EventLoopGroupFactory loopFactory) {
        GatewayConfig.Backend backend = config.backend();
        return BackendTransports.create(backend.transport(), config.connectTimeout(), backend.idleTimeout(), backend.keepAlive(),
                server.getWorker() == null ? null : server.getWorker().getName(), loops, loopFactory, openTelemetry);
    }

    /**
     * OpenAI-compatible pools over HTTP; {@code protocol: anthropic} pools through LangChain4j;
     * SLO-aware admission on the pools with an {@code slo} block.
     */
    @Singleton
    Router router(BackendTransport transport, TenantRules tenantRules, List<PoolConfig> poolConfigs,
            List<TierConfig> tiers) {
        return new Router(Map.of(Protocol.OPENAI, transport, Protocol.ANTHROPIC, new AnthropicTransport(PROVIDER_CALL_LIMIT)),
                tenantRules, SloGates.build(poolConfigs, tiers));
    }
}
