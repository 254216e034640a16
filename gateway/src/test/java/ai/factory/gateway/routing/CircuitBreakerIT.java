package ai.factory.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-endpoint circuit breakers and active health checks, seen from outside: which endpoint gets
 * requests. Waits are polls with generous deadlines, never fixed sleeps.
 */
class CircuitBreakerIT {

    private static final String OK = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}";

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremockServer("backend")
            .poolOn("opens", "backend", "opens-a", "opens-b").properties(breaker("opens", "60s"))
            .poolOn("heals", "backend", "heals-a", "heals-b").properties(breaker("heals", "1s"))
            .poolOn("checked", "backend", "checked-a", "checked-b")
            .property("gateway.pools.checked.balancer", "round-robin")
            .property("gateway.pools.checked.health-check.interval", "100ms")
            .property("gateway.pools.checked.health-check.unhealthy-after", 2)
            .alias("opens-model", "opens")
            .alias("heals-model", "heals")
            .alias("checked-model", "checked")
            .tenant("acme")
            .build();

    /** Trips after 4 calls at 50 % failures; outlier ejection out of the way so only the breaker acts. */
    private static Map<String, Object> breaker(String name, String openFor) {
        String pool = "gateway.pools." + name;
        return Map.of(pool + ".balancer", "round-robin",
                pool + ".circuit-breaker.window", 4,
                pool + ".circuit-breaker.minimum-calls", 4,
                pool + ".circuit-breaker.failure-rate", 50,
                pool + ".circuit-breaker.open-for", openFor,
                pool + ".circuit-breaker.half-open-calls", 1,
                pool + ".outlier-ejection.consecutive-failures", 1000);
    }

    private static Endpoint endpoint(String model, int index) {
        return gw.app().context().getBean(RouteTable.class).alias(model).orElseThrow().targets().get(0).pool()
                .endpoints().get(index);
    }

    private static void stubChat(String path, int status, String body) {
        gw.wiremock("backend").stubFor(post(urlPathEqualTo("/" + path + "/v1/chat/completions")).willReturn(aResponse()
                .withStatus(status).withHeader("content-type", "application/json").withBody(body)));
    }

    private static int calls(String path) {
        return gw.wiremock("backend").countRequestsMatching(postRequestedFor(urlPathEqualTo("/" + path + "/v1/chat/completions"))
                .build()).getCount();
    }

    private static HttpResponse<String> chat(String model) {
        return gw.app().post("/v1/chat/completions", gw.key("acme"), Bodies.chat(model).user("hi").json());
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(Duration.ofSeconds(30), condition, what);
    }

    @Test
    void a_failing_endpoints_circuit_opens_and_it_gets_no_more_requests() {
        stubChat("opens-a", 500, "CUDA error");
        stubChat("opens-b", 200, OK);
        Endpoint failing = endpoint("opens-model", 0);
        for (int i = 0; i < 20 && failing.guard().circuitState() != CircuitBreaker.State.OPEN; i++) {
            assertEquals(200, chat("opens-model").statusCode(), "the other endpoint answers every request");
        }
        assertEquals(CircuitBreaker.State.OPEN, failing.guard().circuitState());
        int before = calls("opens-a");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = chat("opens-model");
            assertEquals(200, response.statusCode());
            assertEquals("0", response.headers().firstValue("x-gateway-fallbacks").orElseThrow(),
                    "an open circuit is skipped, not tried and failed");
        }
        assertEquals(before, calls("opens-a"));
    }

    @Test
    void an_open_circuit_lets_a_probe_through_after_its_wait_and_closes_when_the_endpoint_recovers() throws Exception {
        stubChat("heals-a", 503, "restarting");
        stubChat("heals-b", 200, OK);
        Endpoint failing = endpoint("heals-model", 0);
        for (int i = 0; i < 20 && failing.guard().circuitState() != CircuitBreaker.State.OPEN; i++) {
            chat("heals-model");
        }
        assertEquals(CircuitBreaker.State.OPEN, failing.guard().circuitState());
        stubChat("heals-a", 200, OK);
        await(() -> {
            chat("heals-model");
            return failing.guard().circuitState() == CircuitBreaker.State.CLOSED;
        }, "the probe succeeded and the circuit closed");
        int before = calls("heals-a");
        for (int i = 0; i < 4; i++) {
            chat("heals-model");
        }
        assertTrue(calls("heals-a") > before, "the recovered endpoint takes requests again");
    }

    @Test
    void an_endpoint_failing_its_health_checks_gets_no_requests_until_it_passes_again() throws Exception {
        WireMockServer backend = gw.wiremock("backend");
        backend.stubFor(get(urlPathEqualTo("/checked-a/health")).willReturn(aResponse().withStatus(503)));
        backend.stubFor(get(urlPathEqualTo("/checked-b/health")).willReturn(aResponse().withStatus(200)));
        stubChat("checked-a", 200, OK);
        stubChat("checked-b", 200, OK);
        Endpoint sick = endpoint("checked-model", 0);
        Endpoint well = endpoint("checked-model", 1);
        await(() -> !sick.guard().routable() && well.guard().routable(),
                "the failing checks took one endpoint out and the passing ones kept the other in");
        for (int i = 0; i < 6; i++) {
            assertEquals(200, chat("checked-model").statusCode());
        }
        assertEquals(0, calls("checked-a"));
        backend.stubFor(get(urlPathEqualTo("/checked-a/health")).willReturn(aResponse().withStatus(200)));
        await(() -> sick.guard().routable(), "a passing check brought it back");
        for (int i = 0; i < 4; i++) {
            chat("checked-model");
        }
        assertFalse(calls("checked-a") == 0, "back in rotation");
    }
}
