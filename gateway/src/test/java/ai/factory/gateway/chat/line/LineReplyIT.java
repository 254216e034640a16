package ai.factory.gateway.chat.line;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.MessageSplitter;
import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.ReplyTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LINE's Messaging API played by WireMock: reply token first, push after, the platform's refusals. */
class LineReplyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private WireMockServer api;
    private LinePlatform line;
    private final ChannelBinding binding = LineFixtures.binding();

    @BeforeEach
    void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
        line = new LinePlatform(URI.create(api.baseUrl()));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private static ReplyTarget target(String replyToken) {
        return new ReplyTarget("Uuser1", "Uuser1", Map.of("replyToken", replyToken, "eventId", "01EVENT"));
    }

    @Test
    void answers_with_the_reply_token_and_the_channel_access_token() {
        api.stubFor(post("/v2/bot/message/reply").willReturn(aResponse().withStatus(200)
                .withBody("{\"sentMessages\":[{\"id\":\"461230966842064897\",\"quoteToken\":\"q\"}]}")));
        var posted = line.post(binding, target("rt-1"), "Xin chào, tôi có thể giúp gì?");
        assertEquals("461230966842064897", posted.id());
        api.verify(postRequestedFor(urlEqualTo("/v2/bot/message/reply"))
                .withHeader("Authorization", equalTo("Bearer line-token"))
                .withRequestBody(matchingJsonPath("$.replyToken", equalTo("rt-1")))
                .withRequestBody(matchingJsonPath("$.messages[0].type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.messages[0].text", equalTo("Xin chào, tôi có thể giúp gì?"))));
    }

    @Test
    void pushes_when_the_reply_token_has_expired() {
        api.stubFor(post("/v2/bot/message/reply").willReturn(aResponse().withStatus(400)
                .withBody("{\"message\":\"Invalid reply token\"}")));
        api.stubFor(post("/v2/bot/message/push").willReturn(aResponse().withStatus(200).withBody("{\"sentMessages\":[]}")));
        line.post(binding, target("expired"), "こんにちは");
        api.verify(postRequestedFor(urlEqualTo("/v2/bot/message/push"))
                .withHeader("X-Line-Retry-Key", matchingUuid())
                .withRequestBody(matchingJsonPath("$.to", equalTo("Uuser1")))
                .withRequestBody(matchingJsonPath("$.messages[0].text", equalTo("こんにちは"))));
    }

    @Test
    void a_retried_push_keeps_its_retry_key_and_a_409_counts_as_delivered() {
        api.stubFor(post("/v2/bot/message/reply").willReturn(aResponse().withStatus(400)));
        api.stubFor(post("/v2/bot/message/push").inScenario("retry").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("accepted"));
        api.stubFor(post("/v2/bot/message/push").inScenario("retry").whenScenarioStateIs("accepted")
                .willReturn(aResponse().withStatus(409).withBody("{\"message\":\"The retry key is already accepted\"}")));
        PlatformCallException failed = assertThrows(PlatformCallException.class, () -> line.post(binding, target("x"), "hi"));
        assertTrue(failed.retryable());
        line.post(binding, target("x"), "hi");
        List<LoggedRequest> pushes = api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/push")));
        assertEquals(2, pushes.size());
        assertEquals(pushes.get(0).getHeader("X-Line-Retry-Key"), pushes.get(1).getHeader("X-Line-Retry-Key"));
        assertEquals(1, api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/reply"))).size(),
                "a refused reply token is not tried again");
    }

    @Test
    void a_429_is_a_retryable_failure_carrying_lines_retry_hint() {
        api.stubFor(post("/v2/bot/message/reply").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                .withBody("{\"message\":\"The API rate limit has been exceeded. Try again later.\"}")));
        PlatformCallException e = assertThrows(PlatformCallException.class, () -> line.post(binding, target("rt"), "hi"));
        assertEquals(429, e.status());
        assertTrue(e.retryable());
        assertEquals(Duration.ofSeconds(3), e.retryAfter());
        assertFalse(e.getMessage().contains("hi"), "no user text in errors");
    }

    @Test
    void a_10000_character_japanese_answer_goes_as_one_reply_then_pushes_of_at_most_5000_characters() throws Exception {
        api.stubFor(post("/v2/bot/message/reply").willReturn(aResponse().withStatus(200).withBody("{}")));
        api.stubFor(post("/v2/bot/message/push").willReturn(aResponse().withStatus(200).withBody("{}")));
        StringBuilder answer = new StringBuilder();
        String sentence = "東京の天気は晴れです。🍣寿司を食べましょう！";
        while (answer.length() < 10_000) {
            answer.append(sentence);
        }
        String text = line.format(answer.substring(0, 10_000 - (Character.isHighSurrogate(answer.charAt(9_999)) ? 1 : 0)));
        List<String> parts = MessageSplitter.split(text, line.maxMessageLength());
        for (String part : parts) {
            line.post(binding, target("rt-long"), part);
        }
        List<String> sent = new java.util.ArrayList<>();
        for (LoggedRequest r : api.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(
                "/v2/bot/message/(reply|push)")))) {
            String t = JSON.readTree(r.getBodyAsString()).path("messages").path(0).path("text").asText();
            assertTrue(t.length() <= 5000, "a part of " + t.length());
            assertFalse(Character.isLowSurrogate(t.charAt(0)), "never split inside a surrogate pair");
            sent.add(t);
        }
        assertTrue(parts.size() >= 2 && parts.size() <= 3, "split into " + parts.size());
        assertEquals(parts.size(), sent.size());
        assertEquals(text, String.join("", sent), "Japanese round-trips intact");
        assertEquals(1, api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/reply"))).size(),
                "the reply token carries the first part only");
        assertEquals(parts.size() - 1, api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/push"))).size());
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern matchingUuid() {
        return com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
