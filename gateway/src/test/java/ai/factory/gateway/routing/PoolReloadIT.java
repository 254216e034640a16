package ai.factory.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A configuration refresh swaps a pool's endpoints without dropping the requests in flight. */
class PoolReloadIT {

    private static final String CHAT = Bodies.chat("reload-model").user("hi").json();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremockServer("backend")
            .poolOn("reload", "backend", "old")
            .alias("reload-model", "reload")
            .tenant("acme")
            .build();

    private static int calls(String path) {
        return gw.wiremock("backend").countRequestsMatching(postRequestedFor(urlPathEqualTo("/" + path + "/v1/chat/completions"))
                .build()).getCount();
    }

    @Test
    void a_refresh_replaces_the_endpoints_and_the_request_in_flight_on_the_removed_one_completes(
            GatewayApp app, @Key("acme") String key) throws Exception {
        WireMockServer backend = gw.wiremock("backend");
        backend.stubFor(post(urlPathEqualTo("/old/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"from\":\"old\"}").withFixedDelay(3000)));
        backend.stubFor(post(urlPathEqualTo("/new/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"from\":\"new\"}")));
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
                () -> app.post("/v1/chat/completions", key, CHAT));
        Await.until(Duration.ofSeconds(10), () -> calls("old") > 0, "the first call to reach the old endpoint");

        app.context().getEnvironment().addPropertySource(PropertySource.of("reload-test",
                Map.of("gateway.pools.reload.endpoints[0].url", backend.baseUrl() + "/new"), 10_000));
        app.context().getEnvironment().refresh();
        app.context().publishEvent(new RefreshEvent());

        Pool pool = app.context().getBean(RouteTable.class).alias("reload-model").orElseThrow().targets().get(0).pool();
        assertEquals(1, pool.endpoints().size());
        assertTrue(pool.endpoints().get(0).baseUrl().toString().endsWith("/new"), pool.endpoints().toString());
        HttpResponse<String> next = app.post("/v1/chat/completions", key, CHAT);
        assertEquals("{\"from\":\"new\"}", next.body());

        HttpResponse<String> old = inFlight.get();
        assertEquals(200, old.statusCode(), old.body());
        assertEquals("{\"from\":\"old\"}", old.body());
        assertEquals(1, calls("old"));
    }
}
