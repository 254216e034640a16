package ai.factory.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.accounting.UsageEventCodec;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.Range;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With joining switched off every request makes its own admit and settle calls, with the same results. */
class UnbatchedRedisCallsIT {

    private static final String ANSWER = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";
    private static final String CHAT = Bodies.chat("chat-default").maxTokens(5).user("hello").json();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .property("gateway.ratelimit.batch-redis-calls", false)
            .property("gateway.ratelimit.redis-timeout", "20s")
            .tenant("unbatched")
            .build();

    @Test
    void limits_headers_lease_release_and_the_one_field_usage_event_work_without_joining(
            GatewayApp app, @Key("unbatched") String key, @Pool("wm") WireMockServer backend) throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(ANSWER)));
        Admin.policy(app, "unbatched", "{\"rpm\":2,\"concurrency\":1}");

        HttpResponse<String> one = app.post("/v1/chat/completions", key, CHAT);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals("1", one.headers().firstValue("x-ratelimit-remaining-requests").orElse(null));
        HttpResponse<String> two = app.post("/v1/chat/completions", key, CHAT);
        assertEquals(200, two.statusCode(), "the first request's lease was released: " + two.body());
        HttpResponse<String> three = app.post("/v1/chat/completions", key, CHAT);
        assertEquals(429, three.statusCode(), three.body());

        RedisStore store = app.context().getBean(RedisStore.class);
        var entries = store.async().xrange(store.keys().usageStream("unbatched"), Range.create("-", "+")).get();
        long mine = entries.stream().filter(e -> e.getBody().containsKey(UsageEventCodec.FIELD))
                .filter(e -> "unbatched".equals(UsageEventCodec.fromEntry(e.getBody()).tenantId()))
                .peek(e -> assertEquals(Set.of(UsageEventCodec.FIELD), e.getBody().keySet()))
                .count();
        assertEquals(3, mine, "one usage event per request, the rejected one included");
    }
}
