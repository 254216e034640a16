package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis stopped and restarted mid-run: the gateway keeps serving by its policy and comes back by itself. */
class RedisOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = Bodies.chat("chat-default").maxTokens(4).user("still there?").json();
    // Lettuce's reconnect delay grows while Redis is down, so recovery can take some seconds.
    private static final Duration RECOVERY = Duration.ofSeconds(45);

    /** Fail-open; the fail-closed test starts a second instance that differs by the policy only. */
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .property("gateway.ratelimit.redis-failure", "fail-open")
            .property("gateway.ratelimit.expected-instances", 2)
            .tenant("open-tenant").tenant("closed-tenant")
            .build();

    @Test
    void fail_open_serves_with_local_limits_and_returns_to_redis(GatewayApp app, @Key("open-tenant") String key)
            throws Exception {
        Admin.policy(app, "open-tenant", "{\"rpm\":8}");
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());
        TestServers.stopRedis();
        try {
            // rpm 8 shared by 2 expected instances: this one admits 4 on its own.
            int admitted = 0;
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = app.post("/v1/chat/completions", key, CHAT);
                if (r.statusCode() == 200) {
                    admitted++;
                } else {
                    assertEquals(429, r.statusCode(), r.body());
                }
            }
            assertEquals(4, admitted);
        } finally {
            TestServers.startRedis();
        }
        // Back on Redis by itself, once Lettuce has reconnected (its retry delay grows while
        // Redis is down): the shared bucket decides again and reports its headers, which the
        // local stand-in does not.
        String other = app.newKey("open-tenant-2", List.of());
        String limit = Await.until(RECOVERY, () -> {
            HttpResponse<String> r = app.post("/v1/chat/completions", other, CHAT);
            assertEquals(200, r.statusCode(), r.body());
            return r.headers().firstValue("x-ratelimit-limit-requests").orElse("none");
        }, "600"::equals, "the shared limit header once back on Redis");
        assertEquals("600", limit, "the standard tier's shared limit is reported again");
        assertEquals(false, app.context().getBean(RateLimiter.class).degraded(), "no longer degraded");
    }

    @Test
    void fail_closed_refuses_with_503_while_redis_is_down_and_recovers(@Key("closed-tenant") String key)
            throws Exception {
        GatewayApp app = gw.anotherInstance(Map.of("gateway.ratelimit.redis-failure", "fail-closed"));
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());
        TestServers.stopRedis();
        try {
            HttpResponse<String> refused = app.post("/v1/chat/completions", key, CHAT);
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("rate_limiter_unavailable", JSON.readTree(refused.body()).at("/error/code").asText());
        } finally {
            TestServers.startRedis();
        }
        assertEquals(200, (int) Await.until(RECOVERY, () -> app.post("/v1/chat/completions", key, CHAT).statusCode(),
                status -> status == 200, "a 200 once Redis is back"));
    }
}
