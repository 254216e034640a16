package ai.factory.gateway.lifecycle;

import ai.factory.gateway.support.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a second JVM, started from a built artifact as a deployment starts it: external
 * PostgreSQL and Redis by environment, pools from a configuration file. Its output goes to a log
 * file the test can read.
 */
final class GatewayProcess implements AutoCloseable {

    static final Path PRODUCTION_JAR = Path.of("target", "gateway-production.jar");
    static final String ADMIN_TOKEN = "process-admin-token";

    final Process process;
    final int port;
    final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A pools file with one pool over the given emulator and the alias chat-default. */
    static Path poolsFile(String emulatorUrl, Map<String, String> extra) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                gateway:
                  pools:
                    gpu:
                      endpoints:
                        - url: %s
                          max-concurrent: 64
                  models:
                    chat-default:
                      targets:
                        - pool: gpu
                          model: emulator/llama-3.1-8b-instruct
                """.formatted(emulatorUrl));
        Path spool = Files.createTempDirectory("gw-process-spool");
        yaml.append("  usage:\n    spool-dir: ").append(spool).append('\n');
        extra.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Path file = Files.createTempFile("gw-process", ".yml");
        Files.writeString(file, yaml.toString());
        return file;
    }

    static GatewayProcess start(Path jar, String databaseUrl, Path pools, Map<String, String> env, String... jvmArgs)
            throws IOException {
        int port = TestServers.freePort();
        Path log = Files.createTempFile("gw-process", ".log");
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("DATASOURCES_") || k.startsWith("REDIS_")
                || k.startsWith("GATEWAY_") || k.startsWith("MICRONAUT_"));
        if (databaseUrl != null) {
            environment.put("DATASOURCES_DEFAULT_URL", databaseUrl);
            environment.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            environment.put("DATASOURCES_DEFAULT_PASSWORD", "");
            environment.put("REDIS_URI", TestServers.redisUri());
        }
        if (pools != null) {
            environment.put("MICRONAUT_CONFIG_FILES", pools.toString());
        }
        environment.put("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.put("GATEWAY_PORT", Integer.toString(port));
        environment.put("GATEWAY_DATA_DIR", Files.createTempDirectory("gw-process-data").toString());
        environment.putAll(env);
        return new GatewayProcess(builder.start(), port, log);
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until GET path answers 200; fails with the process's log otherwise. */
    void awaitOk(String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (get(path).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(path + " not 200 within " + timeout + ":\n" + logText());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    HttpResponse<String> post(String path, String bearer, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + bearer).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A tenant and a key made through the admin API; returns the key. */
    String newKey(String tenant) {
        post("/admin/tenants", ADMIN_TOKEN, "{\"id\":\"" + tenant + "\",\"name\":\"" + tenant + "\"}");
        String body = post("/admin/tenants/" + tenant + "/keys", ADMIN_TOKEN, "{\"name\":\"k\"}").body();
        return body.replaceAll("(?s).*\"key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as a container runtime stops it; waits for the exit. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("no exit within " + timeout + " of SIGTERM:\n" + logText());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
