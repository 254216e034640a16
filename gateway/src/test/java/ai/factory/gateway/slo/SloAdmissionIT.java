package ai.factory.gateway.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.observe.metrics.Goodput;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SLO-aware admission on the gateway's request path, against a slow emulator with two batch slots
 * and a queue: once the pool is overloaded a free-tier request is shed with 503 {@code slo_shed}
 * and a {@code retry-after}, while an enterprise request is still sent and served within its
 * objective, which the goodput counter records.
 */
class SloAdmissionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;
    private static GatewayApp app;
    private static String freeKey;
    private static String enterpriseKey;

    @BeforeAll
    static void start() {
        // Each answer holds a batch slot about 1 s (20 tokens x 50 ms); 2 slots, a queue behind them.
        emulator = Emulator.start(EmulatorConfig.builder().port(0).ttftMillis(20).interTokenMillis(50).batchSlots(2)
                .maxQueue(64).defaultMaxTokens(20).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        props.put("gateway.pools.gpu.slo.batch-slots", 2);
        props.put("gateway.pools.gpu.slo.service-time", "1s");
        props.put("gateway.pools.gpu.slo.recheck", "100ms");
        props.put("gateway.pools.gpu.slo.headroom", 0.5);
        props.put("gateway.tiers.enterprise.ttft-objective", "5s");
        props.put("gateway.tiers.standard.ttft-objective", "3s");
        props.put("gateway.tiers.free.ttft-objective", "2s");
        app = GatewayApp.start(props);
        freeKey = app.newKey("slo-free", List.of());
        enterpriseKey = app.newKey("slo-enterprise", List.of());
        Admin.call(app, "PUT", "/admin/tenants/slo-free/tier", "{\"tier\":\"free\"}");
        Admin.call(app, "PUT", "/admin/tenants/slo-enterprise/tier", "{\"tier\":\"enterprise\"}");
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"chat-default\",\"stream\":" + stream
                + ",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    private static double count(String name, String tier) {
        Counter counter = app.context().getBean(MeterRegistry.class).find(name).tags("tier", tier, "pool", "gpu").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double shedCount(String tier) {
        Counter counter = app.context().getBean(MeterRegistry.class).find(Goodput.SHED).tags("tier", tier).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int inFlight() {
        return app.context().getBean(RouteTable.class).pools().stream().flatMap(p -> p.endpoints().stream())
                .mapToInt(Endpoint::inFlight).sum();
    }

    @Test
    void under_overload_free_tier_is_shed_with_retry_after_while_enterprise_is_served_within_objective() throws Exception {
        HttpResponse<String> idle = app.post("/v1/chat/completions", freeKey, chat(false));
        assertEquals(200, idle.statusCode(), "an idle pool admits every tier: " + idle.body());

        // Six enterprise requests fill the two slots and queue four: about three waves (3 s) ahead.
        List<CompletableFuture<HttpResponse<String>>> load = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            load.add(CompletableFuture.supplyAsync(() -> app.post("/v1/chat/completions", enterpriseKey, chat(false))));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inFlight() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(6, inFlight(), "the load is in flight");

        double goodBefore = count(Goodput.WITHIN, "enterprise");
        assertEquals(0, shedCount("free"), "nothing shed while the pool had room");
        CompletableFuture<HttpResponse<String>> enterprise = CompletableFuture.supplyAsync(
                () -> app.post("/v1/chat/completions", enterpriseKey, chat(true)));
        HttpResponse<String> shed = app.post("/v1/chat/completions", freeKey, chat(false));
        assertEquals(503, shed.statusCode(), shed.body());
        JsonNode error = JSON.readTree(shed.body()).get("error");
        assertEquals("slo_shed", error.get("code").asText());
        assertEquals("server_error", error.get("type").asText());
        int retryAfter = Integer.parseInt(shed.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1, "retry-after in seconds: " + retryAfter);
        assertEquals(1, shedCount("free"));
        assertEquals(0, shedCount("enterprise"));

        HttpResponse<String> served = enterprise.get();
        assertEquals(200, served.statusCode(), served.body());
        assertTrue(served.body().endsWith("data: [DONE]\n\n"), served.body());
        for (CompletableFuture<HttpResponse<String>> f : load) {
            assertEquals(200, f.get().statusCode());
        }
        assertTrue(count(Goodput.WITHIN, "enterprise") >= goodBefore + 1,
                "the enterprise answer within its 5 s objective counts as goodput");
        assertTrue(count(Goodput.SERVED, "enterprise") >= 7);
        assertEquals(1, count(Goodput.SERVED, "free"), "only the free request on the idle pool was served");
    }
}
