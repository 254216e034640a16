package ai.factory.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.fallback.AllTargetsFailed;
import ai.factory.routing.fallback.NoPermittedTarget;
import ai.factory.routing.fallback.RouteHints;
import ai.factory.routing.fallback.RoutedReply;
import ai.factory.routing.fallback.Router;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-tenant routing rules from {@code gateway.tenant-routing}, through the gateway's own Router
 * bean (the request path passes the tenant in its {@link RouteHints}) against real HTTP backends.
 */
class DataResidencyIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremockServer("backend")
            .poolOn("factory", "backend", "factory")
            .poolOn("factory-b", "backend", "factory-b")
            .poolOn("provider", "backend", "provider")
            .property("gateway.pools.provider.location", "external")
            .alias("chat", "factory", "factory-b", "provider=gpt-4o")
            .property("gateway.tenant-routing.bank.data-residency", "on-prem-only")
            .property("gateway.tenant-routing.lab.allowed-pools[0]", "factory-b")
            .tenant("bank")
            .tenant("shop")
            .build();

    @BeforeAll
    static void stub() {
        WireMockServer backend = gw.wiremock("backend");
        backend.stubFor(post(urlPathEqualTo("/factory/v1/chat/completions")).willReturn(aResponse().withStatus(503)));
        backend.stubFor(post(urlPathEqualTo("/factory-b/v1/chat/completions")).willReturn(aResponse().withStatus(502)));
        backend.stubFor(post(urlPathEqualTo("/provider/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{}")));
    }

    private static BackendRequest request(Target target) {
        return new BackendRequest("/v1/chat/completions", Bodies.object().put("model", target.servedModel()).json()
                .getBytes(StandardCharsets.UTF_8), false, Map.of(), Duration.ofSeconds(5), Context.root());
    }

    private static ModelAlias chat() {
        return gw.app().context().getBean(RouteTable.class).alias("chat").orElseThrow();
    }

    private static RouteHints tenant(String id) {
        return new RouteHints(id, null, null, null, 0, 0);
    }

    private static int calls(String path) {
        return gw.wiremock("backend").countRequestsMatching(postRequestedFor(urlPathEqualTo("/" + path + "/v1/chat/completions"))
                .build()).getCount();
    }

    @Test
    void over_http_an_on_prem_only_tenant_is_never_sent_outside_and_others_are(
            GatewayApp app, @Key("bank") String bankKey, @Key("shop") String shopKey) throws Exception {
        String chat = Bodies.chat("chat").user("hi").json();
        int before = calls("provider");

        java.net.http.HttpResponse<String> bank = app.post("/v1/chat/completions", bankKey, chat);
        assertEquals(502, bank.statusCode(), bank.body());
        assertEquals(before, calls("provider"), "the bank's request never left the factory");

        java.net.http.HttpResponse<String> shop = app.post("/v1/chat/completions", shopKey, chat);
        assertEquals(200, shop.statusCode(), shop.body());
        assertEquals(before + 1, calls("provider"));
        assertEquals("2", shop.headers().firstValue("x-gateway-fallbacks").orElseThrow());
    }

    @Test
    void an_on_prem_only_tenant_never_falls_back_to_an_external_provider(GatewayApp app) {
        Router router = app.context().getBean(Router.class);
        int before = calls("provider");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> router.route(chat(), tenant("bank"), DataResidencyIT::request).get(20, TimeUnit.SECONDS));
        AllTargetsFailed failed = assertInstanceOf(AllTargetsFailed.class, e.getCause());
        assertEquals(2, failed.attempts().size(), failed.getMessage());
        assertEquals(before, calls("provider"));
    }

    @Test
    void a_tenant_without_a_residency_rule_falls_back_to_the_external_provider(GatewayApp app) throws Exception {
        RoutedReply reply = app.context().getBean(Router.class).route(chat(), tenant("shop"), DataResidencyIT::request)
                .get(20, TimeUnit.SECONDS);
        reply.release();
        assertEquals("provider", reply.target().pool().name());
        assertEquals(2, reply.failedAttempts().size());
    }

    @Test
    void a_tenant_limited_to_some_pools_uses_only_those(GatewayApp app) {
        Router router = app.context().getBean(Router.class);
        int factory = calls("factory");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> router.route(chat(), tenant("lab"), DataResidencyIT::request).get(20, TimeUnit.SECONDS));
        AllTargetsFailed failed = assertInstanceOf(AllTargetsFailed.class, e.getCause());
        assertEquals(1, failed.attempts().size(), failed.getMessage());
        assertEquals(factory, calls("factory"));
    }

    @Test
    void a_rule_that_leaves_no_target_refuses_before_sending_anything(GatewayApp app) {
        Router router = app.context().getBean(Router.class);
        RouteHints nowhere = new RouteHints("x", new ai.factory.routing.tenant.TenantRule(java.util.Set.of("none"), false),
                null, null, 0, 0);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> router.route(chat(), nowhere, DataResidencyIT::request).get(20, TimeUnit.SECONDS));
        assertInstanceOf(NoPermittedTarget.class, e.getCause());
    }
}
