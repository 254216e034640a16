package ai.factory.gateway.support;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One gateway for an integration test class, declared in a few lines and started and stopped by
 * JUnit: its own PostgreSQL database, the shared Redis (or a database of its own on it), pools
 * backed by emulators or WireMock servers on free ports, aliases, and tenants with a key each.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final GatewayFixture gw = GatewayFixture.builder()
 *         .emulator("gpu", EmulatorConfig.builder().ttftMillis(20))
 *         .wiremock("wm")
 *         .alias("chat-default", "gpu").alias("scripted", "wm")
 *         .tenant("acme")
 *         .build();
 *
 * &#64;Test
 * void answers(GatewayApp app, &#64;Key("acme") String key, &#64;Pool("wm") WireMockServer wm) { ... }
 * </pre>
 *
 * By default everything starts once before the class and stops after it; {@link Builder#perMethod()}
 * gives each test method a fresh set (and a fresh database).
 */
public final class GatewayFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final FixtureSpec spec;
    private RunningFixture running;

    private GatewayFixture(FixtureSpec spec) {
        this.spec = spec;
    }

    public static Builder builder() {
        return new Builder();
    }

    public GatewayApp app() {
        return running().app();
    }

    /** The first (or only) emulator behind {@code pool}. */
    public Emulator emulator(String pool) {
        return emulators(pool).get(0);
    }

    public List<Emulator> emulators(String pool) {
        List<Emulator> found = running().emulators().get(pool);
        if (found == null) {
            throw new IllegalArgumentException("no emulator pool '" + pool + "'; declared: " + running().emulators().keySet());
        }
        return found;
    }

    public WireMockServer wiremock(String pool) {
        WireMockServer found = running().wiremocks().get(pool);
        if (found == null) {
            throw new IllegalArgumentException("no WireMock pool '" + pool + "'; declared: " + running().wiremocks().keySet());
        }
        return found;
    }

    /** The plaintext API key issued to {@code tenant} at start. */
    public String key(String tenant) {
        String key = running().keys().get(tenant);
        if (key == null) {
            throw new IllegalArgumentException("no tenant '" + tenant + "'; declared: " + running().keys().keySet());
        }
        return key;
    }

    /** The JDBC URL of this gateway's own database. */
    public String jdbcUrl() {
        return running().jdbcUrl();
    }

    /** The Redis URI the gateway uses, with its database number if it has one of its own. */
    public String redisUri() {
        return spec.redisUri();
    }

    /** The properties the gateway was started with: a copy, to start another instance from. */
    public Map<String, Object> properties() {
        return new HashMap<>(running().properties());
    }

    /**
     * A second gateway on the same database, Redis and pools, with {@code overrides} on top;
     * stopped with this fixture.
     */
    public GatewayApp anotherInstance(Map<String, Object> overrides) {
        return running().startAnother(overrides);
    }

    private RunningFixture running() {
        if (running == null) {
            throw new IllegalStateException("the gateway fixture is not running: register it with @RegisterExtension"
                    + " (static for a per-class gateway)");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!spec.perMethod()) {
            running = RunningFixture.start(spec);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (spec.perMethod()) {
            running = RunningFixture.start(spec);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (spec.perMethod()) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!spec.perMethod()) {
            stop();
        }
    }

    private void stop() {
        RunningFixture stopping = running;
        running = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == GatewayApp.class || type == GatewayFixture.class) {
            return true;
        }
        if (parameter.isAnnotated(Pool.class)) {
            return type == Emulator.class || type == WireMockServer.class;
        }
        return parameter.isAnnotated(Key.class) && type == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == GatewayFixture.class) {
            return this;
        }
        if (type == GatewayApp.class) {
            return app();
        }
        Optional<Pool> pool = parameter.findAnnotation(Pool.class);
        if (pool.isPresent()) {
            return type == Emulator.class ? emulator(pool.get().value()) : wiremock(pool.get().value());
        }
        return parameter.findAnnotation(Key.class).map(k -> key(k.value()))
                .orElseThrow(() -> new ParameterResolutionException("cannot resolve " + parameter.getParameter()));
    }

    /** Declares the gateway; nothing starts until JUnit runs the class. */
    public static final class Builder {

        private final List<PoolSpec> pools = new ArrayList<>();
        private final Map<String, String[]> aliases = new LinkedHashMap<>();
        private final Map<String, List<String>> tenants = new LinkedHashMap<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final Map<String, Integer> maxConcurrent = new HashMap<>();
        private final Map<String, FixtureSpec.UrlProperty> urlProperties = new LinkedHashMap<>();
        private Integer redisDatabase;
        private boolean perMethod;

        private Builder() {
        }

        /** A pool of one emulator with the default configuration. */
        public Builder emulator(String pool) {
            return emulators(pool, 1, EmulatorConfig.builder());
        }

        /** A pool of one emulator; the fixture picks its port. */
        public Builder emulator(String pool, EmulatorConfig.Builder config) {
            return emulators(pool, 1, config);
        }

        /** A pool of {@code count} emulators, each with this configuration and a port of its own. */
        public Builder emulators(String pool, int count, EmulatorConfig.Builder config) {
            pools.add(PoolSpec.emulators(pool, count, config));
            return this;
        }

        /** A pool of one WireMock server (on a dynamic port), reset by the test as it needs. */
        public Builder wiremock(String pool) {
            pools.add(PoolSpec.wiremock(pool));
            return this;
        }

        /**
         * A WireMock server that is not a pool (a chat platform's API, a webhook receiver); point
         * the gateway at it with {@link #urlProperty}. The test gets it as {@code @Pool(name)}.
         */
        public Builder wiremockServer(String name) {
            pools.add(PoolSpec.wiremock(name).notAPool());
            return this;
        }

        /**
         * An emulator that is not a pool (the test's configuration names it, say through a
         * placeholder); point the gateway at it with {@link #urlProperty}. Taken as {@code @Pool(name)}.
         */
        public Builder emulatorServer(String name, EmulatorConfig.Builder config) {
            pools.add(PoolSpec.emulators(name, 1, config).notAPool());
            return this;
        }

        /** {@code key} = the base URL of the server (or first emulator of the pool) {@code name}, plus {@code suffix}. */
        public Builder urlProperty(String key, String name, String suffix) {
            urlProperties.put(key, new FixtureSpec.UrlProperty(name, suffix));
            return this;
        }

        /** A pool whose one endpoint is a free port nobody listens on. */
        public Builder unreachable(String pool) {
            pools.add(PoolSpec.urls(pool, "http://127.0.0.1:" + TestServers.freePort()));
            return this;
        }

        /** A pool of endpoints the test runs itself. */
        public Builder pool(String pool, String... urls) {
            pools.add(PoolSpec.urls(pool, urls));
            return this;
        }

        /**
         * A pool whose endpoints are {@code paths} under a server declared before it
         * ({@code base URL + "/" + path}): several scripted backends on one WireMock. With no
         * paths, one endpoint at the server's base URL: a second pool on the same server.
         */
        public Builder poolOn(String pool, String server, String... paths) {
            pools.add(PoolSpec.onServer(pool, server, paths));
            return this;
        }

        /** Each endpoint's concurrency limit in {@code pool} (64 unless set). */
        public Builder maxConcurrent(String pool, int limit) {
            maxConcurrent.put(pool, limit);
            return this;
        }

        /** An alias routing to pools in order; {@code "pool=model"} also rewrites the model. */
        public Builder alias(String alias, String... poolAndModel) {
            aliases.put(alias, poolAndModel);
            return this;
        }

        /** A tenant with one key, allowed {@code models} (all models when none are named). */
        public Builder tenant(String tenant, String... models) {
            tenants.put(tenant, List.of(models));
            return this;
        }

        /** A configuration property, applied last, so it overrides what the fixture derived. */
        public Builder property(String key, Object value) {
            properties.put(key, value);
            return this;
        }

        /**
         * {@code key} = what {@code value} reads off the {@code index}th emulator of {@code pool}
         * once it runs (an address it picked itself, such as its KV events endpoint).
         */
        public Builder emulatorProperty(String key, String pool, int index, Function<Emulator, Object> value) {
            properties.put(key, new EmulatorProperty(pool, index, value));
            return this;
        }

        /** A fresh random AES-256 key for sealed credentials (chat bindings, upstream MCP headers). */
        public Builder channelKey() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return property("gateway.chat.channel-key", Base64.getEncoder().encodeToString(key));
        }

        public Builder properties(Map<String, ?> more) {
            properties.putAll(more);
            return this;
        }

        /** Every setting of a YAML file on the test class path, as if the gateway read it at start. */
        public Builder configFile(String resource) {
            return properties(ConfigFile.read(resource));
        }

        /** A Redis database of the test's own (see the brief's list of taken numbers). */
        public Builder redisDatabase(int database) {
            redisDatabase = database;
            return this;
        }

        /** A fresh gateway, database and backends for every test method. */
        public Builder perMethod() {
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
}
