package ai.factory.gateway.local;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The embedded defaults of the local run: real PostgreSQL and Redis servers unpacked from Maven
 * packages (data under {@code ./data/}, reused on the next start) and two emulated GPU servers.
 * Each part starts only when its production setting is absent, so setting
 * {@code DATASOURCES_DEFAULT_URL} and {@code REDIS_URI} turns this into a plain production start.
 * The ports come from {@link LocalPorts}.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final LocalPorts ports;
    private boolean local;

    private LocalStack(LocalPorts ports) {
        this.ports = ports;
    }

    /** Starts whatever the environment does not provide; {@link #properties()} points the app at it. */
    public static LocalStack startMissing(Map<String, String> env, Path dataDir) throws IOException {
        boolean postgresMissing = !configured(env, "DATASOURCES_DEFAULT_URL", "datasources.default.url");
        // REDIS_URIS (comma-separated nodes) is a Redis Cluster: nothing embedded either.
        boolean redisMissing = !configured(env, "REDIS_URI", "redis.uri") && !configured(env, "REDIS_URIS", "redis.uris");
        if ((postgresMissing || redisMissing) && !embeddedServersPackaged()) {
            throw new IllegalStateException("This is the production artifact, without embedded servers: set "
                    + (postgresMissing ? "DATASOURCES_DEFAULT_URL " : "") + (redisMissing ? "REDIS_URI " : "")
                    + "(the local run with embedded PostgreSQL, Redis and emulator is gateway/target/gateway.jar)");
        }
        LocalStack stack = new LocalStack(LocalPorts.from(env, System.getProperties()));
        // Always: a second instance on the first one's servers (local environment, nothing
        // embedded) builds its emulator pool from the same ports.
        stack.properties.putAll(stack.ports.emulatorProperties());
        try {
            if (postgresMissing) {
                stack.startPostgres(dataDir.resolve("postgres"));
            }
            if (redisMissing) {
                stack.startRedis(dataDir.resolve("redis"));
            }
            if (stack.local) {
                stack.startEmulators();
                stack.properties.put("gateway.local.data-dir", dataDir.toAbsolutePath().toString());
                if (!configured(env, "GATEWAY_ADMIN_TOKEN", "gateway.admin.token")) {
                    stack.properties.put("gateway.admin.token",
                            LocalSecrets.readOrCreate(dataDir.resolve("admin-token"), "gw-admin-"));
                }
            }
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** The production artifact leaves the embedded servers and the emulator out (see gateway/pom.xml). */
    static boolean embeddedServersPackaged() {
        ClassLoader loader = LocalStack.class.getClassLoader();
        return loader.getResource("io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class") != null
                && loader.getResource("redis/embedded/RedisServer.class") != null
                && loader.getResource("ai/factory/emulator/Emulator.class") != null;
    }

    /** True when anything was started: the app then runs with the {@code local} environment. */
    public boolean isLocal() {
        return local;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    private void startPostgres(Path dir) throws IOException {
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(ports.postgres())
                .start();
        started.add(postgres);
        local = true;
        properties.put("datasources.default.url", "jdbc:postgresql://localhost:" + ports.postgres() + "/postgres");
        properties.put("datasources.default.username", "postgres");
        properties.put("datasources.default.password", "");
        LOG.info("embedded PostgreSQL on port {} with data in {}", ports.postgres(), dir);
    }

    private void startRedis(Path dir) throws IOException {
        Files.createDirectories(dir);
        RedisServer redis = RedisServer.newRedisServer()
                .port(ports.redis())
                .bind("127.0.0.1")
                .setting("dir " + dir.toAbsolutePath())
                .setting("appendonly yes")
                .build();
        redis.start();
        started.add(redis::stop);
        local = true;
        properties.put("redis.uri", "redis://127.0.0.1:" + ports.redis());
        LOG.info("embedded Redis on port {} with data in {}", ports.redis(), dir);
    }

    private void startEmulators() {
        for (int port : ports.emulators()) {
            Emulator emulator = Emulator.start(EmulatorConfig.profile("default").toBuilder().port(port).build());
            started.add(emulator);
            LOG.info("emulated GPU server at {}", emulator.baseUrl());
        }
    }

    private static boolean configured(Map<String, String> env, String variable, String property) {
        String value = env.get(variable);
        return (value != null && !value.isBlank()) || System.getProperty(property) != null;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("could not stop an embedded server cleanly", e);
            }
        }
        started.clear();
    }
}
