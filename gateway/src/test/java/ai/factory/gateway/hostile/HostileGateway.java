package ai.factory.gateway.hostile;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.hostile.HostileRequest.Tenant;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway the hostile suite attacks: real Netty on a free port, the suite's own Redis, a
 * database of the given PostgreSQL, a fast GPU emulator, a slow one (for streams a client
 * leaves), one that answers 503 to everything and a pool nobody listens on.
 */
final class HostileGateway implements AutoCloseable {

    /** Limits no traffic of the suite reaches: only hostility may refuse a request. */
    static final String GENEROUS = "{\"rpm\":1000000,\"tpm\":1000000000000,\"concurrency\":100000,"
            + "\"daily_tokens\":10000000000000,\"daily_cost_usd\":1000000}";

    final Emulator fast;
    final Emulator slow;
    final Emulator overloaded;
    final GatewayApp app;
    final Map<Tenant, String> keys = new EnumMap<>(Tenant.class);

    HostileGateway(String redisUri, String jdbcUrl, Map<String, Object> extra) {
        fast = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        slow = Emulator.start(EmulatorConfig.builder().port(0).ttftMillis(5).interTokenMillis(15).build());
        overloaded = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).errorRate(1.0).errorStatus(503).build());
        Map<String, Object> props = UsageFixtures.appProperties(0);
        props.put("redis.uri", redisUri);
        props.put("datasources.default.url", jdbcUrl);
        props.put("datasources.default.connection-timeout", 1000);
        GatewayApp.pool(props, "gpu", 512, fast.baseUrl());
        GatewayApp.pool(props, "slow", 512, slow.baseUrl());
        GatewayApp.pool(props, "overloaded", 512, overloaded.baseUrl());
        GatewayApp.pool(props, "dead", 512, "http://127.0.0.1:" + TestServers.freePort());
        GatewayApp.alias(props, "chat-default", "gpu");
        GatewayApp.alias(props, "chat-large", "gpu");
        GatewayApp.alias(props, "embed-default", "gpu");
        GatewayApp.alias(props, "chat-slow", "slow");
        GatewayApp.alias(props, "chat-narrow", "overloaded");
        GatewayApp.alias(props, "chat-broken", "dead");
        props.putAll(extra);
        app = GatewayApp.start(props);
    }

    void tenants(Tenant... tenants) {
        for (Tenant t : tenants) {
            keys.put(t, app.newKey(t.id, List.of()));
            Admin.policy(app, t.id, GENEROUS);
        }
    }

    int port() {
        return app.uri("/").getPort();
    }

    /** The Prometheus exposition, read from the registry itself (so it works wherever the endpoint is served). */
    String scrape() {
        return app.context().getBean(PrometheusMeterRegistry.class).scrape();
    }

    static long series(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }

    /** Series per metric, histogram buckets left out (they multiply every label set by a fixed factor). */
    static Map<String, Long> seriesByMetric(String scrape) {
        Map<String, Long> out = new java.util.TreeMap<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("[{ ]", 2)[0])
                .filter(name -> !name.endsWith("_bucket")).forEach(name -> out.merge(name, 1L, Long::sum));
        return out;
    }

    /** The metrics that grew most between two scrapes, for the report. */
    static String growth(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .map(e -> e.getKey() + " +" + e.getValue()).toList().toString();
    }

    @Override
    public void close() {
        app.close();
        fast.close();
        slow.close();
        overloaded.close();
    }
}
