package ai.factory.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A gateway wired for the observability tests: an emulated GPU pool, an alias whose first pool is
 * dead (every request falls back), an alias with only the dead pool (every request fails), a tier
 * with a cost budget; and traffic over all of it from two tenants.
 */
public final class ObservedGateway implements AutoCloseable {

    public static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]%s}";

    public final Emulator emulator;
    public final GatewayApp app;
    public final String acme;
    public final String globex;

    public ObservedGateway(Map<String, Object> extra) {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        String dead = "http://127.0.0.1:" + TestServers.freePort();
        GatewayApp.pool(props, "gpu", 8, emulator.baseUrl());
        GatewayApp.pool(props, "dead", 8, dead);
        GatewayApp.alias(props, "chat-default", "gpu");
        GatewayApp.alias(props, "chat-fallback", "dead", "gpu");
        GatewayApp.alias(props, "chat-broken", "dead");
        props.put("gateway.tiers.standard.daily-cost-usd", 100);
        props.put("gateway.observability.budget-refresh", "1s");
        props.put("gateway.observability.usage-probe-interval", "1s");
        props.putAll(extra);
        app = GatewayApp.start(props);
        List<String> models = List.of("chat-default", "chat-fallback", "chat-broken");
        acme = app.newKey("acme", models);
        globex = app.newKey("globex", models);
    }

    public HttpResponse<String> chat(String key, String model, boolean stream) {
        return app.post("/v1/chat/completions", key,
                CHAT.formatted(model, "tell me about observability", stream ? ",\"stream\":true" : ""));
    }

    /** Plain and streamed answers, a fallback and a failure, for both tenants. */
    public void driveTraffic() {
        for (String key : List.of(acme, globex)) {
            assertEquals(200, chat(key, "chat-default", false).statusCode());
            assertEquals(200, chat(key, "chat-default", true).statusCode());
            assertEquals(200, chat(key, "chat-fallback", false).statusCode());
        }
        assertEquals(200, chat(acme, "chat-default", false).statusCode());
        int failed = chat(acme, "chat-broken", false).statusCode();
        if (failed < 500) {
            throw new AssertionError("a request to a dead pool should fail with a 5xx, got " + failed);
        }
    }

    public String scrape() {
        HttpResponse<String> response = app.get("/prometheus", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Override
    public void close() {
        app.close();
        emulator.close();
    }
}
