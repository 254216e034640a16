package ai.factory.gateway.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.observe.metrics.Goodput;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SLO-aware admission on the gateway's request path, against a slow emulator with two batch slots
 * and a queue: once the pool is overloaded a free-tier request is shed with 503 {@code slo_shed}
 * and a {@code retry-after}, while an enterprise request is still sent and served within its
 * objective, which the goodput counter records.
 */
class SloAdmissionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            // Each answer holds a batch slot about 1 s (20 tokens x 50 ms); 2 slots, a queue behind them.
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(20).interTokenMillis(50).batchSlots(2)
                    .maxQueue(64).defaultMaxTokens(20))
            .alias("chat-default", "gpu")
            .property("gateway.pools.gpu.slo.batch-slots", 2)
            .property("gateway.pools.gpu.slo.service-time", "1s")
            .property("gateway.pools.gpu.slo.recheck", "100ms")
            .property("gateway.pools.gpu.slo.headroom", 0.5)
            .property("gateway.tiers.enterprise.ttft-objective", "5s")
            .property("gateway.tiers.standard.ttft-objective", "3s")
            .property("gateway.tiers.free.ttft-objective", "2s")
            .tenant("slo-free")
            .tenant("slo-enterprise")
            .build();

    @BeforeAll
    static void tiers() {
        Admin.call(gw.app(), "PUT", "/admin/tenants/slo-free/tier", Bodies.object().put("tier", "free").json());
        Admin.call(gw.app(), "PUT", "/admin/tenants/slo-enterprise/tier", Bodies.object().put("tier", "enterprise").json());
    }

    private static String chat(boolean stream) {
        return Bodies.chat("chat-default").stream(stream).maxTokens(20).user("hello").json();
    }

    private static double count(String name, String tier) {
        Counter counter = gw.app().context().getBean(MeterRegistry.class).find(name).tags("tier", tier, "pool", "gpu").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double shedCount(String tier) {
        Counter counter = gw.app().context().getBean(MeterRegistry.class).find(Goodput.SHED).tags("tier", tier).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int inFlight() {
        return gw.app().context().getBean(RouteTable.class).pools().stream().flatMap(p -> p.endpoints().stream())
                .mapToInt(Endpoint::inFlight).sum();
    }

    @Test
    void under_overload_free_tier_is_shed_with_retry_after_while_enterprise_is_served_within_objective(
            GatewayApp app, @Key("slo-free") String freeKey, @Key("slo-enterprise") String enterpriseKey) throws Exception {
        HttpResponse<String> idle = app.post("/v1/chat/completions", freeKey, chat(false));
        assertEquals(200, idle.statusCode(), "an idle pool admits every tier: " + idle.body());

        // Six enterprise requests fill the two slots and queue four: about three waves (3 s) ahead.
        List<CompletableFuture<HttpResponse<String>>> load = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            load.add(CompletableFuture.supplyAsync(() -> app.post("/v1/chat/completions", enterpriseKey, chat(false))));
        }
        Await.holds(Duration.ofSeconds(5), () -> inFlight() >= 6);
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
