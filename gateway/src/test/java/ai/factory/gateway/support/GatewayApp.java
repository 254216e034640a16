package ai.factory.gateway.support;

import ai.factory.gateway.admin.KeyService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One running gateway for a test: a real Netty server on a free port, its own database on the
 * shared PostgreSQL, the shared Redis, and whatever pools the test gives it. Tests talk to it
 * over real HTTP.
 */
public final class GatewayApp implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayApp(EmbeddedServer server) {
        this.server = server;
    }

    public static Map<String, Object> baseProperties(String databaseUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", databaseUrl);
        props.put("datasources.default.username", "postgres");
        props.put("datasources.default.password", "");
        props.put("redis.uri", TestServers.redisUri());
        props.put("gateway.admin.token", ADMIN_TOKEN);
        props.put("micronaut.lifecycle.graceful-shutdown.grace-period", "10s");
        // Some tests admit a request and deliberately never settle it (a "dead" instance): don't let
        // each context's close wait the production 30 s for it.
        props.put("gateway.usage.flusher.drain-wait", "2s");
        try {
            props.put("gateway.usage.spool-dir", java.nio.file.Files.createTempDirectory("gateway-spool").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return props;
    }

    /** Adds a pool named {@code name} with the given endpoint URLs and an alias per model name. */
    public static void pool(Map<String, Object> props, String name, int maxConcurrent, String... urls) {
        for (int i = 0; i < urls.length; i++) {
            props.put("gateway.pools." + name + ".endpoints[" + i + "].url", urls[i]);
            props.put("gateway.pools." + name + ".endpoints[" + i + "].max-concurrent", maxConcurrent);
        }
    }

    public static void alias(Map<String, Object> props, String alias, String... poolAndModel) {
        for (int i = 0; i < poolAndModel.length; i++) {
            String[] parts = poolAndModel[i].split("=", 2);
            props.put("gateway.models." + alias + ".targets[" + i + "].pool", parts[0]);
            if (parts.length > 1) {
                props.put("gateway.models." + alias + ".targets[" + i + "].model", parts[1]);
            }
        }
    }

    public static GatewayApp start(Map<String, Object> properties) {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
        return new GatewayApp(server);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    /** Creates a tenant (if new) and an API key for it; returns the key's plaintext. */
    public String newKey(String tenant, List<String> allowedModels) {
        KeyService keys = context().getBean(KeyService.class);
        if (keys.tenants().stream().noneMatch(t -> t.id().equals(tenant))) {
            keys.createTenant(tenant, tenant);
        }
        return keys.issueKey(tenant, "test", allowedModels, null).key();
    }

    public HttpResponse<String> post(String path, String key, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    public HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            builder.header("authorization", "Bearer " + key);
        }
        return send(builder.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the gateway failed: " + request.uri(), e);
        }
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
