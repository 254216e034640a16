package ai.factory.gateway.support;

import ai.factory.emulator.Emulator;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * By default everything starts once before the class and stops after it; {@link FixtureBuilder#perMethod()}
 * gives each test method a fresh set (and a fresh database).
 */
public final class GatewayFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final FixtureSpec spec;
    private RunningFixture running;

    GatewayFixture(FixtureSpec spec) {
        this.spec = spec;
    }

    public static FixtureBuilder builder() {
        return new FixtureBuilder();
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
}
