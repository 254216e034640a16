package ai.factory.gateway.responses;

import ai.factory.gateway.config.PoolConfig;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.pool.Protocol;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which aliases get {@code /v1/responses} as is: those whose every target is an OpenAI-protocol
 * pool set {@code responses: passthrough}. One body goes down the whole fallback chain, so a
 * chain mixing both kinds of pool is translated (every OpenAI server speaks chat completions).
 */
@Singleton
public class ResponsesRoutes {

    private final RouteTable routes;
    private final Set<String> passthroughPools;

    public ResponsesRoutes(RouteTable routes, List<PoolConfig> pools) {
        this.routes = routes;
        this.passthroughPools = pools.stream().filter(PoolConfig::responsesPassthrough).map(PoolConfig::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether requests for {@code alias} go to the pools' own {@code /v1/responses}; false for an unknown alias. */
    public boolean passthrough(String alias) {
        if (passthroughPools.isEmpty()) {
            return false;
        }
        ModelAlias found = routes.alias(alias).orElse(null);
        if (found == null || found.targets().isEmpty()) {
            return false;
        }
        for (Target target : found.targets()) {
            if (target.pool().protocol() != Protocol.OPENAI || !passthroughPools.contains(target.pool().name())) {
                return false;
            }
        }
        return true;
    }
}
