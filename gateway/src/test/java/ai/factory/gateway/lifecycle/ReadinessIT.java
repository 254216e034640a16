package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Readiness needs PostgreSQL, Redis and the loaded catalog; liveness needs none of them. */
class ReadinessIT {

    private static Emulator emulator;
    private static GatewayApp app;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "gpu", 8, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu=emulator/llama-3.1-8b-instruct");
        app = GatewayApp.start(props);
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    @Test
    void is_ready_with_database_redis_and_catalog_and_live_without_redis() throws Exception {
        HttpResponse<String> anonymous = app.get("/health/readiness", null);
        assertEquals(200, anonymous.statusCode(), anonymous.body());
        assertFalse(anonymous.body().contains("\"jdbc\""), "no details without the admin token: " + anonymous.body());
        // The details, which name each check readiness waits for, are the operator's.
        HttpResponse<String> ready = app.get("/health/readiness", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"catalog\"") && ready.body().contains("\"jdbc\"")
                && ready.body().contains("\"redis\""), ready.body());

        TestServers.stopRedis();
        try {
            HttpResponse<String> notReady = app.get("/health/readiness", null);
            assertEquals(503, notReady.statusCode(), notReady.body());
            HttpResponse<String> live = app.get("/health/liveness", null);
            assertEquals(200, live.statusCode(), live.body());
        } finally {
            TestServers.startRedis();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status;
        do {
            Thread.sleep(200);
            status = app.get("/health/readiness", null).statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "ready again once Redis is back");
    }

    @Test
    void the_catalog_indicator_is_down_when_the_catalog_cannot_be_loaded() {
        CatalogHealthIndicator broken = new CatalogHealthIndicator(
                () -> app.context().getBean(ai.factory.products.ProductCatalog.class),
                () -> {
                    throw new IllegalStateException("gateway.models.chat: unknown pool 'gone'");
                });
        assertEquals(io.micronaut.health.HealthStatus.DOWN, broken.check().getStatus());
        // No models configured is a configuration, not a failure: still ready, and the count says so.
        CatalogHealthIndicator empty = new CatalogHealthIndicator(
                () -> app.context().getBean(ai.factory.products.ProductCatalog.class),
                () -> new ai.factory.routing.alias.RouteTable(java.util.List.of(), java.util.List.of()));
        assertEquals(io.micronaut.health.HealthStatus.UP, empty.check().getStatus());
        assertEquals(java.util.Map.of("products", 24, "models", 0), empty.check().getDetails());
    }
}
