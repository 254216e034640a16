package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.TestServers;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production artifact (target/gateway-production.jar, built in the package phase) as the image runs it:
 * small, without the local run's servers, refusing to start without PostgreSQL and Redis, and
 * serving a model against external ones.
 */
class ProductionArtifactIT {

    static final long MAX_BYTES = 47L * 1024 * 1024;

    @Test
    void is_at_most_47_mb_and_carries_no_embedded_server_or_emulator() throws IOException {
        long bytes = Files.size(GatewayProcess.PRODUCTION_JAR);
        assertTrue(bytes <= MAX_BYTES, "production artifact is " + bytes + " bytes");
        assertTrue(Files.size(Path.of("target", "gateway.jar")) > bytes, "the local run carries more");
        List<String> names;
        try (ZipFile jar = new ZipFile(GatewayProcess.PRODUCTION_JAR.toFile())) {
            names = jar.stream().map(ZipEntry::getName).toList();
        }
        List<String> local = names.stream().filter(n -> n.startsWith("io/zonky/") || n.startsWith("redis/embedded/")
                || n.startsWith("ai/factory/emulator/") || n.endsWith(".txz") || n.startsWith("redis-server")).toList();
        assertEquals(List.of(), local);
        assertTrue(names.contains("ai/factory/gateway/Application.class"));
        assertTrue(names.contains("io/lettuce/core/RedisClient.class"));
    }

    @Test
    void each_jar_carries_an_index_naming_exactly_its_service_entries() throws IOException {
        for (Path jar : List.of(GatewayProcess.PRODUCTION_JAR, Path.of("target", "gateway.jar"))) {
            Map<String, List<String>> expected = new TreeMap<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                    String[] parts = entry.getName().split("/");
                    if (parts.length == 4 && entry.getName().startsWith("META-INF/micronaut/")) {
                        expected.computeIfAbsent(parts[2], s -> new ArrayList<>()).add(parts[3]);
                    } else if (parts.length == 3 && entry.getName().startsWith("META-INF/services/")) {
                        for (String line : new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            String type = line.replaceAll("#.*", "").strip();
                            if (!type.isEmpty()) {
                                expected.computeIfAbsent(parts[2], s -> new ArrayList<>()).add(type);
                            }
                        }
                    }
                }
            }
            expected.replaceAll((service, classes) -> classes.stream().distinct().sorted().toList());
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
                Map<String, List<String>> index = ServiceIndex.read(loader).orElseThrow(() -> new AssertionError("no index in " + jar));
                assertEquals(expected, index, jar.toString());
            }
            assertTrue(expected.get("io.micronaut.inject.BeanDefinitionReference").size() > 500, "bean definitions in " + jar);
        }
    }

    @Test
    void refuses_to_start_without_postgres_and_redis_and_names_what_to_set() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayProcess.PRODUCTION_JAR, null, null, Map.of())) {
            assertTrue(gateway.process.waitFor(60, TimeUnit.SECONDS), "still running without a database");
            assertEquals(2, gateway.process.exitValue(), gateway.logText());
            String log = gateway.logText();
            assertTrue(log.contains("DATASOURCES_DEFAULT_URL") && log.contains("REDIS_URI"), log);
        }
    }

    @Test
    void migrates_in_its_own_run_then_serves_a_chat_completion_with_migrations_off_the_start() throws Exception {
        String database = TestServers.newDatabaseUrl();
        try (Emulator emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build())) {
            Path pools = GatewayProcess.poolsFile(emulator.baseUrl(), Map.of());
            ProcessBuilder migrate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", GatewayProcess.PRODUCTION_JAR.toAbsolutePath().toString(), "migrate").redirectErrorStream(true);
            migrate.environment().put("DATASOURCES_DEFAULT_URL", database);
            migrate.environment().put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            Process migration = migrate.start();
            String migrationOutput = new String(migration.getInputStream().readAllBytes());
            assertEquals(0, migration.waitFor(), migrationOutput);
            assertTrue(migrationOutput.contains("migrations applied"), migrationOutput);

            try (GatewayProcess gateway = GatewayProcess.start(GatewayProcess.PRODUCTION_JAR, database, pools,
                    Map.of("GATEWAY_MIGRATE_ON_START", "false"))) {
                gateway.awaitOk("/health/readiness", Duration.ofSeconds(90));
                assertEquals(200, gateway.get("/health/liveness").statusCode());
                String key = gateway.newKey("acme");
                HttpResponse<String> chat = gateway.post("/v1/chat/completions", key,
                        "{\"model\":\"chat-default\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertEquals(200, chat.statusCode(), chat.body());
                assertTrue(!gateway.logText().contains("Running migrations"), "migrated at start despite the flag");
                assertEquals(143, gateway.terminate(Duration.ofSeconds(60)), gateway.logText());
            }
        }
    }

    /**
     * The image's JVM settings (src/image/jvm.options) with the cold-start JIT an operator may
     * choose through JDK_JAVA_OPTIONS (README, Deploy): both take effect, and the gateway serves.
     */
    @Test
    void serves_with_the_images_jvm_options_and_the_cold_start_jit_from_the_environment() throws Exception {
        String database = TestServers.newDatabaseUrl();
        try (Emulator emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build())) {
            Path pools = GatewayProcess.poolsFile(emulator.baseUrl(), Map.of());
            String options = "@" + Path.of("src", "image", "jvm.options").toAbsolutePath();
            try (GatewayProcess gateway = GatewayProcess.start(GatewayProcess.PRODUCTION_JAR, database, pools,
                    Map.of("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1"), options, "-XX:+PrintFlagsFinal")) {
                gateway.awaitOk("/health/readiness", Duration.ofSeconds(90));
                String key = gateway.newKey("acme");
                HttpResponse<String> chat = gateway.post("/v1/chat/completions", key,
                        "{\"model\":\"chat-default\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertEquals(200, chat.statusCode(), chat.body());
                String log = gateway.logText();
                assertTrue(log.contains("Picked up JDK_JAVA_OPTIONS: -XX:TieredStopAtLevel=1"), log);
                for (String flag : List.of("TieredStopAtLevel += 1 ", "UseParallelGC += true ", "MaxHeapSize += 536870912 ",
                        "MaxNewSize += 268435456 ", "MetaspaceSize += 134217728 ", "ReservedCodeCacheSize += 251658240 ")) {
                    assertTrue(java.util.regex.Pattern.compile(flag).matcher(log).find(), flag + " not in effect");
                }
                assertEquals(143, gateway.terminate(Duration.ofSeconds(60)), gateway.logText());
            }
        }
    }
}
