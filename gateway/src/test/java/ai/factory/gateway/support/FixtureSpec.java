package ai.factory.gateway.support;

import java.util.List;
import java.util.Map;

/** Everything a {@link GatewayFixture} was declared with; started afresh by {@link RunningFixture}. */
record FixtureSpec(List<PoolSpec> pools, Map<String, String[]> aliases, Map<String, List<String>> tenants,
                   Map<String, Object> properties, Map<String, UrlProperty> urlProperties, Integer redisDatabase,
                   boolean perMethod) {

    /** A property whose value is a started server's base URL plus a suffix, known only once it runs. */
    record UrlProperty(String server, String suffix) {
    }

    String redisUri() {
        return redisDatabase == null ? TestServers.redisUri() : TestServers.redisUri() + "/" + redisDatabase;
    }
}
