package ai.factory.gateway.chat.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChannelCredentials;
import ai.factory.gateway.chat.ChatConfig;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.PlatformHttp;
import ai.factory.gateway.chat.Replies;
import ai.factory.gateway.chat.ReplyTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Telegram's Bot API played by WireMock: long answers split, 429 retry_after honoured, text intact. */
class TelegramDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND = "/botTOKEN/sendMessage";
    private static WireMockServer telegram;
    private static TelegramPlatform platform;
    private static Replies replies;
    private static final ChannelBinding BINDING = new ChannelBinding("ch_1", "acme", Platform.TELEGRAM, "42",
            "chat-assistant", Set.of(), 0, new ChannelCredentials(Map.of("bot_token", "TOKEN", "secret_token", "s")));
    private static final ReplyTarget CHAT = ReplyTarget.of("1001", "1001");

    @BeforeAll
    static void start() {
        telegram = new WireMockServer(options().dynamicPort());
        telegram.start();
        platform = new TelegramPlatform(new PlatformHttp(JSON), telegram.baseUrl());
        ChatConfig config = new ChatConfig(null, 2000, Duration.ofHours(24), Duration.ofHours(1), 8, 1000, 3,
                Duration.ofSeconds(2));
        replies = new Replies(config);
    }

    @AfterAll
    static void stop() {
        telegram.stop();
    }

    @BeforeEach
    void reset() {
        telegram.resetAll();
    }

    private static List<String> sentTexts() throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (LoggedRequest r : telegram.findAll(postRequestedFor(urlEqualTo(SEND)))) {
            JsonNode body = JSON.readTree(r.getBodyAsString());
            assertEquals("MarkdownV2", body.path("parse_mode").asText());
            assertEquals("1001", body.path("chat_id").asText());
            texts.add(body.path("text").asText());
        }
        return texts;
    }

    @Test
    void a_ten_thousand_character_japanese_answer_arrives_as_three_messages_within_the_limit_and_intact() throws Exception {
        telegram.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"ok\":true,\"result\":{\"message_id\":7}}")));
        String sentence = "東京の会議は午後三時に始まります。議題は新しい製品の発表と来年度の予算です。";
        StringBuilder answer = new StringBuilder();
        while (answer.length() + sentence.length() <= 10_000) {
            answer.append(sentence);
        }
        answer.append("あ".repeat(10_000 - answer.length()));
        assertEquals(10_000, answer.length());

        replies.send(platform, BINDING, CHAT, answer.toString());

        List<String> texts = sentTexts();
        assertEquals(3, texts.size(), "messages sent");
        for (String text : texts) {
            assertTrue(text.length() <= 4096, "a message of " + text.length() + " characters");
        }
        // MarkdownV2 escapes nothing in this text, so the parts join back to the answer exactly.
        assertEquals(answer.toString(), String.join("", texts));
        assertTrue(texts.get(0).endsWith("。"), "split after a sentence, not inside one");
    }

    @Test
    void vietnamese_with_reserved_characters_round_trips_escaped_for_markdown_v2() throws Exception {
        telegram.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"ok\":true,\"result\":{\"message_id\":8}}")));
        replies.send(platform, BINDING, CHAT, "Xin chào! Giá: 1.000-2.000 đồng (tạm tính). **Tiếng Việt** có dấu: ệ, ữ, ặ.");
        assertEquals(List.of("Xin chào\\! Giá: 1\\.000\\-2\\.000 đồng \\(tạm tính\\)\\. *Tiếng Việt* có dấu: ệ, ữ, ặ\\."),
                sentTexts());
    }

    @Test
    void a_429_is_retried_after_the_retry_after_telegram_gives() throws Exception {
        telegram.stubFor(post(urlEqualTo(SEND)).inScenario("flood").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("content-type", "application/json")
                        .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                                + "\"parameters\":{\"retry_after\":1}}"))
                .willSetStateTo("calm"));
        telegram.stubFor(post(urlEqualTo(SEND)).inScenario("flood").whenScenarioStateIs("calm")
                .willReturn(okJson("{\"ok\":true,\"result\":{\"message_id\":9}}")));

        long start = System.nanoTime();
        replies.send(platform, BINDING, CHAT, "hello");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(List.of("hello", "hello"), sentTexts());
        // Not a speed assertion: the retry must not come before the second Telegram asked for.
        assertTrue(waitedMillis >= 1000, "retried after " + waitedMillis + " ms");
    }

    @Test
    void a_platform_that_keeps_refusing_is_given_up_after_the_retry_budget() throws Exception {
        telegram.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(502).withBody("bad gateway")));
        PlatformCallException failure = assertThrows(PlatformCallException.class,
                () -> replies.send(platform, BINDING, CHAT, "hello"));
        assertEquals(502, failure.status());
        assertEquals(3, sentTexts().size(), "attempts");
    }
}
