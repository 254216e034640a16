package ai.factory.gateway.support;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Declares a {@link GatewayFixture}: its backends (emulators, WireMock servers, plain URLs) and the
 * pools over them, aliases, tenants with a key each, configuration properties, a Redis database of
 * its own. Nothing starts until JUnit runs the class ({@link RunningFixture} does).
 */
public final class FixtureBuilder {

    private final List<PoolSpec> pools = new ArrayList<>();
    private final Map<String, String[]> aliases = new LinkedHashMap<>();
    private final Map<String, List<String>> tenants = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, Integer> maxConcurrent = new HashMap<>();
    private final Map<String, FixtureSpec.UrlProperty> urlProperties = new LinkedHashMap<>();
    private Integer redisDatabase;
    private boolean perMethod;

    FixtureBuilder() {
    }

    /** A pool of one emulator with the default configuration. */
    public FixtureBuilder emulator(String pool) {
        return emulators(pool, 1, EmulatorConfig.builder());
    }

    /** A pool of one emulator; the fixture picks its port. */
    public FixtureBuilder emulator(String pool, EmulatorConfig.Builder config) {
        return emulators(pool, 1, config);
    }

    /** A pool of {@code count} emulators, each with this configuration and a port of its own. */
    public FixtureBuilder emulators(String pool, int count, EmulatorConfig.Builder config) {
        pools.add(PoolSpec.emulators(pool, count, config));
        return this;
    }

    /** A pool of one WireMock server (on a dynamic port), reset by the test as it needs. */
    public FixtureBuilder wiremock(String pool) {
        pools.add(PoolSpec.wiremock(pool));
        return this;
    }

    /**
     * A WireMock server that is not a pool (a chat platform's API, a webhook receiver); point
     * the gateway at it with {@link #urlProperty}. The test gets it as {@code @Pool(name)}.
     */
    public FixtureBuilder wiremockServer(String name) {
        pools.add(PoolSpec.wiremock(name).notAPool());
        return this;
    }

    /**
     * An emulator that is not a pool (the test's configuration names it, say through a
     * placeholder); point the gateway at it with {@link #urlProperty}. Taken as {@code @Pool(name)}.
     */
    public FixtureBuilder emulatorServer(String name, EmulatorConfig.Builder config) {
        pools.add(PoolSpec.emulators(name, 1, config).notAPool());
        return this;
    }

    /** {@code key} = the base URL of the server (or first emulator of the pool) {@code name}, plus {@code suffix}. */
    public FixtureBuilder urlProperty(String key, String name, String suffix) {
        urlProperties.put(key, new FixtureSpec.UrlProperty(name, suffix));
        return this;
    }

    /** A pool whose one endpoint is a free port nobody listens on. */
    public FixtureBuilder unreachable(String pool) {
        pools.add(PoolSpec.urls(pool, "http://127.0.0.1:" + TestServers.freePort()));
        return this;
    }

    /** A pool of endpoints the test runs itself. */
    public FixtureBuilder pool(String pool, String... urls) {
        pools.add(PoolSpec.urls(pool, urls));
        return this;
    }

    /**
     * A pool whose endpoints are {@code paths} under a server declared before it
     * ({@code base URL + "/" + path}): several scripted backends on one WireMock. With no
     * paths, one endpoint at the server's base URL: a second pool on the same server.
     */
    public FixtureBuilder poolOn(String pool, String server, String... paths) {
        pools.add(PoolSpec.onServer(pool, server, paths));
        return this;
    }

    /** Each endpoint's concurrency limit in {@code pool} (64 unless set). */
    public FixtureBuilder maxConcurrent(String pool, int limit) {
        maxConcurrent.put(pool, limit);
        return this;
    }

    /** An alias routing to pools in order; {@code "pool=model"} also rewrites the model. */
    public FixtureBuilder alias(String alias, String... poolAndModel) {
        aliases.put(alias, poolAndModel);
        return this;
    }

    /** A tenant with one key, allowed {@code models} (all models when none are named). */
    public FixtureBuilder tenant(String tenant, String... models) {
        tenants.put(tenant, List.of(models));
        return this;
    }

    /** A configuration property, applied last, so it overrides what the fixture derived. */
    public FixtureBuilder property(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    /**
     * {@code key} = what {@code value} reads off the {@code index}th emulator of {@code pool}
     * once it runs (an address it picked itself, such as its KV events endpoint).
     */
    public FixtureBuilder emulatorProperty(String key, String pool, int index, Function<Emulator, Object> value) {
        properties.put(key, new EmulatorProperty(pool, index, value));
        return this;
    }

    /** A fresh random AES-256 key for sealed credentials (chat bindings, upstream MCP headers). */
    public FixtureBuilder channelKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return property("gateway.chat.channel-key", Base64.getEncoder().encodeToString(key));
    }

    public FixtureBuilder properties(Map<String, ?> more) {
        properties.putAll(more);
        return this;
    }

    /** Every setting of a YAML file on the test class path, as if the gateway read it at start. */
    public FixtureBuilder configFile(String resource) {
        return properties(ConfigFile.read(resource));
    }

    /** A Redis database of the test's own (see the brief's list of taken numbers). */
    public FixtureBuilder redisDatabase(int database) {
        redisDatabase = database;
        return this;
    }

    /** A fresh gateway, database and backends for every test method. */
    public FixtureBuilder perMethod() {
        perMethod = true;
        return this;
    }

    public GatewayFixture build() {
        List<PoolSpec> sized = pools.stream()
                .map(p -> p.withMaxConcurrent(maxConcurrent.getOrDefault(p.name(), PoolSpec.DEFAULT_MAX_CONCURRENT)))
                .toList();
        return new GatewayFixture(new FixtureSpec(sized, Map.copyOf(aliases), Map.copyOf(tenants),
                Collections.unmodifiableMap(new LinkedHashMap<>(properties)), Map.copyOf(urlProperties), redisDatabase, perMethod));
    }
}
