package ai.factory.gateway.chat.zalo;

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

import ai.factory.gateway.chat.MessageSplitter;
import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.ReplyTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zalo's OA message API played by WireMock. */
class ZaloMessageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v3.0/oa/message/cs";
    private WireMockServer api;
    private ZaloPlatform zalo;
    private final ReplyTarget user = ReplyTarget.of("246845883529197922", "246845883529197922");

    @BeforeEach
    void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
        zalo = new ZaloPlatform(URI.create(api.baseUrl()), Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void sends_vietnamese_text_to_the_user_with_the_oa_access_token() {
        api.stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withBody("{\"data\":{\"message_id\":\"9a1b2c\",\"user_id\":\"246845883529197922\"},\"error\":0,\"message\":\"Success\"}")));
        String text = "Chào bạn! Đây là bản tóm tắt: họp lúc 9 giờ, quyết định tăng ngân sách.";
        assertEquals("9a1b2c", zalo.post(ZaloFixtures.binding(), user, zalo.format("**" + text + "**")).id());
        api.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("access_token", equalTo("zalo-token"))
                .withRequestBody(matchingJsonPath("$.recipient.user_id", equalTo("246845883529197922")))
                .withRequestBody(matchingJsonPath("$.message.text", equalTo(text))));
    }

    @Test
    void a_zalo_error_in_a_200_is_a_failure_that_is_not_retried() {
        api.stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withBody("{\"error\":-216,\"message\":\"Access token is invalid\"}")));
        PlatformCallException e = assertThrows(PlatformCallException.class, () -> zalo.post(ZaloFixtures.binding(), user, "hi"));
        assertEquals(422, e.status());
        assertFalse(e.retryable());
    }

    @Test
    void a_429_and_a_503_are_retryable_with_the_hint_zalo_gave() {
        api.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        PlatformCallException limited = assertThrows(PlatformCallException.class, () -> zalo.post(ZaloFixtures.binding(), user, "hi"));
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(2), limited.retryAfter());
        api.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));
        PlatformCallException down = assertThrows(PlatformCallException.class, () -> zalo.post(ZaloFixtures.binding(), user, "hi"));
        assertTrue(down.retryable());
        assertEquals(null, down.retryAfter());
    }

    @Test
    void a_10000_character_japanese_answer_goes_as_messages_of_at_most_2000_characters() throws Exception {
        api.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("{\"error\":0,\"data\":{}}")));
        String text = "会議の議事録：予算は承認されました。次回は金曜日です。".repeat(400).substring(0, 10_000);
        for (String part : MessageSplitter.split(zalo.format(text), zalo.maxMessageLength())) {
            zalo.post(ZaloFixtures.binding(), user, part);
        }
        List<String> sent = new ArrayList<>();
        for (LoggedRequest r : api.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            String t = JSON.readTree(r.getBodyAsString()).path("message").path("text").asText();
            assertTrue(t.length() <= 2000, "a part of " + t.length());
            sent.add(t);
        }
        assertTrue(sent.size() >= 5 && sent.size() <= 6, "parts: " + sent.size());
        assertEquals(text, String.join("", sent));
    }
}
