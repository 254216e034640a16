package ai.factory.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture builds what it was told: pools on the right URLs, properties, keys, a second instance. */
class GatewayFixtureIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu")
            .wiremock("wm")
            .poolOn("paths", "wm", "a", "b")
            .wiremockServer("api")
            .urlProperty("fixture-test.api-url", "api", "/v2")
            .emulatorProperty("fixture-test.emulator-url", "gpu", 0, Emulator::baseUrl)
            .unreachable("dead")
            .alias("chat-default", "gpu")
            .alias("on-paths", "paths")
            .alias("fallback", "dead", "wm=served/x")
            .tenant("acme", "chat-default")
            .tenant("other")
            .build();

    private static List<String> endpointUrls(GatewayApp app, String alias) {
        return app.context().getBean(RouteTable.class).alias(alias).orElseThrow().targets().get(0).pool().endpoints()
                .stream().map(Endpoint::baseUrl).map(Object::toString).toList();
    }

    @Test
    void pools_point_at_the_servers_the_fixture_started(GatewayApp app, @Pool("gpu") Emulator gpu,
            @Pool("wm") WireMockServer wm) {
        assertEquals(List.of(gpu.baseUrl()), endpointUrls(app, "chat-default"));
        assertEquals(List.of(wm.baseUrl() + "/a", wm.baseUrl() + "/b"), endpointUrls(app, "on-paths"));
    }

    @Test
    void a_url_property_carries_the_started_servers_address(GatewayApp app, @Pool("api") WireMockServer api) {
        assertEquals(api.baseUrl() + "/v2", app.context().getRequiredProperty("fixture-test.api-url", String.class));
        assertTrue(endpointUrls(app, "fallback").get(0).startsWith("http://127.0.0.1:"));
    }

    @Test
    void an_emulator_property_carries_what_the_started_emulator_reports(GatewayApp app, @Pool("gpu") Emulator gpu) {
        assertEquals(gpu.baseUrl(), app.context().getRequiredProperty("fixture-test.emulator-url", String.class));
    }

    @Test
    void keys_are_limited_to_the_models_named_for_their_tenant(GatewayApp app, @Key("acme") String acme,
            @Key("other") String other, @Pool("wm") WireMockServer wm) throws Exception {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"choices\":[]}")));

        assertEquals(200, app.post("/v1/chat/completions", acme, Bodies.chat("chat-default").user("hi").json()).statusCode());
        assertEquals(403, app.post("/v1/chat/completions", acme, Bodies.chat("fallback").user("hi").json()).statusCode());
        assertEquals(200, app.post("/v1/chat/completions", other, Bodies.chat("fallback").user("hi").json()).statusCode());
        String forwarded = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getBodyAsString();
        assertEquals("served/x", new ObjectMapper().readTree(forwarded).get("model").asText(), "the alias's pool=model rewrite");
    }

    @Test
    void another_instance_shares_the_database_and_the_pools(@Key("other") String other) {
        GatewayApp second = gw.anotherInstance(Map.of());

        assertNotEquals(gw.app().uri("/"), second.uri("/"));
        assertEquals(200, second.post("/v1/chat/completions", other, Bodies.chat("chat-default").user("hi").json())
                .statusCode(), "a key issued on the first instance is known to the second");
        assertEquals(gw.jdbcUrl(), second.context().getRequiredProperty("datasources.default.url", String.class));
    }

    @Test
    void asking_for_something_not_declared_names_what_was() {
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class, () -> gw.wiremock("nope"));
        assertTrue(pool.getMessage().contains("[wm, api]"), pool.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> gw.key("nobody"));
        assertTrue(key.getMessage().contains("acme"), key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gw.emulator("wm"));
    }
}
