package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis stopped and restarted mid-run: the gateway keeps serving by its policy and comes back by itself. */
class RedisOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"chat-default\",\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"still there?\"}]}";

    private static GatewayApp start(Emulator emulator, String policy) throws Exception {
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        props.put("gateway.ratelimit.redis-failure", policy);
        props.put("gateway.ratelimit.expected-instances", 2);
        props.put("gateway.usage.spool-dir", Files.createTempDirectory("spool").toString());
        return GatewayApp.start(props);
    }

    private static int awaitStatus(GatewayApp app, String key, int wanted) throws InterruptedException {
        // Lettuce's reconnect delay grows while Redis is down, so recovery can take some seconds.
        int status = -1;
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (status != wanted && System.nanoTime() < deadline) {
            status = app.post("/v1/chat/completions", key, CHAT).statusCode();
            if (status != wanted) {
                Thread.sleep(200);
            }
        }
        return status;
    }

    @Test
    void fail_open_serves_with_local_limits_and_returns_to_redis() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
             GatewayApp app = start(emulator, "fail-open")) {
            String key = app.newKey("open-tenant", List.of());
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
            String limit = "none";
            long deadline = System.nanoTime() + 45_000_000_000L;
            while (!"600".equals(limit) && System.nanoTime() < deadline) {
                HttpResponse<String> r = app.post("/v1/chat/completions", other, CHAT);
                assertEquals(200, r.statusCode(), r.body());
                limit = r.headers().firstValue("x-ratelimit-limit-requests").orElse("none");
                if (!"600".equals(limit)) {
                    Thread.sleep(200);
                }
            }
            assertEquals("600", limit, "the standard tier's shared limit is reported again");
            assertEquals(false, app.context().getBean(RateLimiter.class).degraded(), "no longer degraded");
        }
    }

    @Test
    void fail_closed_refuses_with_503_while_redis_is_down_and_recovers() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
             GatewayApp app = start(emulator, "fail-closed")) {
            String key = app.newKey("closed-tenant", List.of());
            assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());
            TestServers.stopRedis();
            try {
                HttpResponse<String> refused = app.post("/v1/chat/completions", key, CHAT);
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("rate_limiter_unavailable", JSON.readTree(refused.body()).at("/error/code").asText());
            } finally {
                TestServers.startRedis();
            }
            assertEquals(200, awaitStatus(app, key, 200));
        }
    }
}
