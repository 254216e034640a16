package ai.factory.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.FixtureBuilder;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A gateway wired for the observability tests: an emulated GPU pool, an alias whose first pool is
 * dead (every request falls back), an alias with only the dead pool (every request fails), a tier
 * with a cost budget; and traffic over all of it from two tenants.
 */
public final class ObservedGateway {

    private static final String[] MODELS = {"chat-default", "chat-fallback", "chat-broken"};

    private ObservedGateway() {
    }

    /** The fixture's declaration; a test adds its own properties before {@code build()}. */
    public static FixtureBuilder fixture() {
        return GatewayFixture.builder()
                // 2 ms between tokens: time per output token is measured in whole milliseconds
                // after the first token, and the fast profile's back-to-back tokens sometimes
                // took none, so no sample reached the histogram a dashboard queries.
                .emulator("gpu", EmulatorConfig.profileBuilder("fast").interTokenMillis(2))
                .unreachable("dead")
                .alias("chat-default", "gpu")
                .alias("chat-fallback", "dead", "gpu")
                .alias("chat-broken", "dead")
                .property("gateway.tiers.standard.daily-cost-usd", 100)
                .property("gateway.observability.budget-refresh", "1s")
                .property("gateway.observability.usage-probe-interval", "1s")
                .tenant("acme", MODELS)
                .tenant("globex", MODELS);
    }

    public static HttpResponse<String> chat(GatewayApp app, String key, String model, boolean stream) {
        Bodies.Chat body = Bodies.chat(model).user("tell me about observability");
        return app.post("/v1/chat/completions", key, (stream ? body.stream() : body).json());
    }

    /** Plain and streamed answers, a fallback and a failure, for both tenants. */
    public static void driveTraffic(GatewayFixture gw) {
        GatewayApp app = gw.app();
        String acme = gw.key("acme");
        for (String key : List.of(acme, gw.key("globex"))) {
            assertEquals(200, chat(app, key, "chat-default", false).statusCode());
            assertEquals(200, chat(app, key, "chat-default", true).statusCode());
            assertEquals(200, chat(app, key, "chat-fallback", false).statusCode());
        }
        assertEquals(200, chat(app, acme, "chat-default", false).statusCode());
        int failed = chat(app, acme, "chat-broken", false).statusCode();
        if (failed < 500) {
            throw new AssertionError("a request to a dead pool should fail with a 5xx, got " + failed);
        }
    }

    public static String scrape(GatewayApp app) {
        HttpResponse<String> response = app.get("/prometheus", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
