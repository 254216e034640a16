package ai.factory.gateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ai.factory.emulator.Emulator;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The servers of one {@link GatewayFixture} run: backends first (their URLs go into the
 * configuration), then the gateway, then the tenants' keys. Closing stops them in reverse and
 * keeps going past a failure, so one broken server does not leak the rest.
 */
final class RunningFixture implements AutoCloseable {

    private final Map<String, List<Emulator>> emulators = new LinkedHashMap<>();
    private final Map<String, WireMockServer> wiremocks = new LinkedHashMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<GatewayApp> others = new ArrayList<>();
    private String jdbcUrl;
    private Map<String, Object> properties;
    private GatewayApp app;

    private RunningFixture() {
    }

    static RunningFixture start(FixtureSpec spec) {
        RunningFixture run = new RunningFixture();
        try {
            run.jdbcUrl = TestServers.newDatabaseUrl();
            Map<String, Object> props = GatewayApp.baseProperties(run.jdbcUrl);
            props.put("redis.uri", spec.redisUri());
            for (PoolSpec pool : spec.pools()) {
                String[] urls = run.startBackends(pool);
                if (pool.pool()) {
                    GatewayApp.pool(props, pool.name(), pool.maxConcurrent(), urls);
                }
            }
            spec.urlProperties().forEach((key, url) -> props.put(key, run.baseUrl(url.server()) + url.suffix()));
            spec.aliases().forEach((alias, targets) -> GatewayApp.alias(props, alias, targets));
            spec.properties().forEach((key, value) -> props.put(key,
                    value instanceof EmulatorProperty derived ? derived.resolve(run.emulators) : value));
            run.properties = Collections.unmodifiableMap(new HashMap<>(props));
            run.app = GatewayApp.start(props);
            spec.tenants().forEach((tenant, models) -> run.keys.put(tenant, run.app.newKey(tenant, models)));
            return run;
        } catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }

    private String[] startBackends(PoolSpec pool) {
        return switch (pool.kind()) {
            case EMULATOR -> {
                List<Emulator> started = new ArrayList<>();
                emulators.put(pool.name(), started);
                for (int i = 0; i < pool.count(); i++) {
                    started.add(Emulator.start(pool.emulator().port(0).build()));
                }
                yield started.stream().map(Emulator::baseUrl).toArray(String[]::new);
            }
            case WIREMOCK -> {
                WireMockServer server = new WireMockServer(options().dynamicPort());
                wiremocks.put(pool.name(), server);
                server.start();
                yield new String[] {server.baseUrl()};
            }
            case URLS -> pool.urls().toArray(String[]::new);
            case ON_SERVER -> pool.urls().isEmpty() ? new String[] {baseUrl(pool.server())}
                    : pool.urls().stream().map(path -> baseUrl(pool.server()) + "/" + path).toArray(String[]::new);
        };
    }

    private String baseUrl(String server) {
        if (wiremocks.containsKey(server)) {
            return wiremocks.get(server).baseUrl();
        }
        if (emulators.containsKey(server)) {
            return emulators.get(server).get(0).baseUrl();
        }
        throw new IllegalArgumentException("no server '" + server + "' declared; declared: " + wiremocks.keySet()
                + " " + emulators.keySet());
    }

    GatewayApp startAnother(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(properties);
        props.putAll(overrides);
        GatewayApp other = GatewayApp.start(props);
        others.add(other);
        return other;
    }

    GatewayApp app() {
        return app;
    }

    Map<String, List<Emulator>> emulators() {
        return emulators;
    }

    Map<String, WireMockServer> wiremocks() {
        return wiremocks;
    }

    Map<String, String> keys() {
        return keys;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Map<String, Object> properties() {
        return properties;
    }

    @Override
    public void close() {
        List<Runnable> stops = new ArrayList<>();
        others.forEach(o -> stops.add(o::close));
        if (app != null) {
            stops.add(app::close);
        }
        emulators.values().forEach(list -> list.forEach(e -> stops.add(e::close)));
        wiremocks.values().forEach(w -> stops.add(w::stop));
        RuntimeException first = null;
        for (Runnable stop : stops) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
