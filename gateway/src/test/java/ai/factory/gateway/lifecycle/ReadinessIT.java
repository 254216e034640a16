package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readiness needs PostgreSQL, Redis and the loaded catalog; liveness needs none of them. */
class ReadinessIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu=emulator/llama-3.1-8b-instruct")
            .build();

    @Test
    void is_ready_with_database_redis_and_catalog_and_live_without_redis(GatewayApp app) {
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
        Await.holds(Duration.ofSeconds(30), () -> app.get("/health/readiness", null).statusCode() == 200);
        int status = app.get("/health/readiness", null).statusCode();
        assertEquals(200, status, "ready again once Redis is back");
    }

    @Test
    void the_catalog_indicator_is_down_when_the_catalog_cannot_be_loaded(GatewayApp app) {
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
