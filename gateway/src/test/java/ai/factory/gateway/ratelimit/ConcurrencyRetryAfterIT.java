package ai.factory.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant at its concurrency limit is told to come back in a second: a slot frees as soon as any
 * of its requests ends, so the lease's lifetime (600 s by default) is no time to wait.
 */
class ConcurrencyRetryAfterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .redisDatabase(60)
            .tenant("one-at-a-time")
            .build();

    @Test
    void a_request_over_the_concurrency_limit_gets_429_with_retry_after_one_second(
            GatewayApp app, @Key("one-at-a-time") String key, @Pool("wm") WireMockServer backend) throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(4000)
                .withHeader("content-type", "application/json").withBody(ANSWER)));
        Admin.policy(app, "one-at-a-time", "{\"concurrency\":1}");
        String chat = Bodies.chat("chat-default").maxTokens(5).user("hello").json();

        CompletableFuture<HttpResponse<String>> holding = CompletableFuture.supplyAsync(
                () -> app.post("/v1/chat/completions", key, chat));
        Await.until(Duration.ofSeconds(10),
                () -> backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size() == 1,
                "the first request to hold the tenant's one slot");

        HttpResponse<String> refused = app.post("/v1/chat/completions", key, chat);
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rate_limit_exceeded", JSON.readTree(refused.body()).at("/error/code").asText());
        assertEquals(200, holding.join().statusCode(), "the request holding the slot is answered");
    }
}
