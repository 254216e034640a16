package ai.factory.gateway.config;

import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Protocol;
import java.net.URI;
import java.util.List;

/** Pool configurations as Micronaut binds them when only the given parts are set. */
final class TestPools {

    private TestPools() {
    }

    static final PoolConfig.Slo NO_SLO = new PoolConfig.Slo(null, null, null, null);

    static PoolConfig pool(String name, PoolConfig.Slo slo) {
        return pool(name, PoolConfig.ResponsesMode.TRANSLATE, slo);
    }

    static PoolConfig pool(String name, PoolConfig.ResponsesMode responses, PoolConfig.Slo slo) {
        return new PoolConfig(name, Protocol.OPENAI, null, 64,
                List.of(new PoolConfig.EndpointEntry(URI.create("http://localhost:1"), null, null, null)),
                BalancerName.LEAST_OUTSTANDING, Location.ON_PREM, responses, null, null, 3, 100_000,
                null, null, null, null, null, slo, null);
    }
}
