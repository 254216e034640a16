package ai.factory.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A configuration refresh swaps a pool's endpoints without dropping the requests in flight. */
class PoolReloadIT {

    private static final String CHAT = "{\"model\":\"reload-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static WireMockServer backend;
    private static GatewayApp app;
    private static String key;

    @BeforeAll
    static void start() {
        backend = new WireMockServer(options().dynamicPort());
        backend.start();
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("gateway.pools.reload.endpoints[0].url", backend.baseUrl() + "/old");
        GatewayApp.alias(props, "reload-model", "reload");
        app = GatewayApp.start(props);
        key = app.newKey("acme", List.of());
    }

    @AfterAll
    static void stop() {
        app.close();
        backend.stop();
    }

    private static int calls(String path) {
        return backend.countRequestsMatching(postRequestedFor(urlPathEqualTo("/" + path + "/v1/chat/completions"))
                .build()).getCount();
    }

    @Test
    void a_refresh_replaces_the_endpoints_and_the_request_in_flight_on_the_removed_one_completes() throws Exception {
        backend.stubFor(post(urlPathEqualTo("/old/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"from\":\"old\"}").withFixedDelay(3000)));
        backend.stubFor(post(urlPathEqualTo("/new/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"from\":\"new\"}")));
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
                () -> app.post("/v1/chat/completions", key, CHAT));
        while (calls("old") == 0) {
            Thread.sleep(10);
        }

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
