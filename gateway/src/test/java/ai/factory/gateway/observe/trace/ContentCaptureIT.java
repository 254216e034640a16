package ai.factory.gateway.observe.trace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.observe.InMemorySpans;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content capture through a real gateway: a tenant listed in
 * {@code gateway.observability.capture-content-tenants} gets its prompt and answer on its gen_ai
 * span (whole and streamed answers), bounded; a tenant not listed gets neither.
 */
class ContentCaptureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
    private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("gen_ai.output.messages");
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant.id");

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .property("test.spans.in-memory", "true")
            .property("gateway.tracing.sample-ratio", "1")
            .property("gateway.observability.capture-content-tenants", List.of("acme"))
            .tenant("acme")
            .tenant("globex")
            .build();

    @BeforeEach
    void reset(@Pool("wm") WireMockServer backend) {
        backend.resetAll();
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"the whole answer\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}")));
        backend.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                        .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"stre\"}}]}\n\n"
                                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"amed answer\"},\"finish_reason\":\"stop\"}]}\n\n"
                                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
                                + "data: [DONE]\n\n")));
        InMemorySpans.EXPORTER.reset();
    }

    /**
     * The gen_ai span of the tenant's request with this prompt. By prompt, not the first span seen:
     * a span ends after its answer is written, so the previous test's can still arrive after the reset.
     */
    private static SpanData genAiSpanOf(String tenant, String prompt) {
        return Await.until(Duration.ofSeconds(10), () -> InMemorySpans.EXPORTER.getFinishedSpanItems().stream()
                        .filter(s -> s.getName().startsWith("chat ") && tenant.equals(s.getAttributes().get(TENANT))
                                && String.valueOf(s.getAttributes().get(INPUT)).contains(prompt))
                        .findFirst().orElse(null),
                span -> span != null, "the gen_ai span of " + tenant + "'s '" + prompt + "'");
    }

    private static List<SpanData> globexSpans() {
        return InMemorySpans.EXPORTER.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("chat ") && "globex".equals(s.getAttributes().get(TENANT)))
                .toList();
    }

    private static JsonNode firstPart(String messages) throws Exception {
        return JSON.readTree(messages).get(0).get("parts").get(0);
    }

    @Test
    void an_opted_in_tenants_span_carries_its_prompt_and_whole_answer(GatewayApp app, @Key("acme") String key)
            throws Exception {
        String body = Bodies.chat("chat-default").system("be brief").user("what is a gateway?").json();
        assertEquals(200, app.post("/v1/chat/completions", key, body).statusCode());

        SpanData span = genAiSpanOf("acme", "what is a gateway?");
        JsonNode input = JSON.readTree(span.getAttributes().get(INPUT));
        assertEquals("system", input.get(0).get("role").asText());
        assertEquals("be brief", input.get(0).at("/parts/0/content").asText());
        assertEquals("user", input.get(1).get("role").asText());
        assertEquals("what is a gateway?", input.get(1).at("/parts/0/content").asText());
        JsonNode output = JSON.readTree(span.getAttributes().get(OUTPUT));
        assertEquals("assistant", output.get(0).get("role").asText());
        assertEquals("the whole answer", output.get(0).at("/parts/0/content").asText());
        assertEquals("stop", output.get(0).get("finish_reason").asText());
    }

    @Test
    void an_opted_in_tenants_streamed_answer_is_joined_from_its_deltas(GatewayApp app, @Key("acme") String key)
            throws Exception {
        HttpResponse<String> response = app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("stream it").stream().json());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("amed answer"), response.body());

        SpanData span = genAiSpanOf("acme", "stream it");
        assertEquals("stream it", firstPart(span.getAttributes().get(INPUT)).get("content").asText());
        JsonNode output = JSON.readTree(span.getAttributes().get(OUTPUT));
        assertEquals("streamed answer", output.get(0).at("/parts/0/content").asText());
        assertEquals("stop", output.get(0).get("finish_reason").asText());
    }

    @Test
    void a_cache_hit_carries_the_cached_answer_whole_or_streamed(GatewayApp app, @Key("acme") String key)
            throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            String prompt = "cached " + stream;
            String body = Bodies.chat("chat-default").user(prompt).put("temperature", 0).stream(stream).json();
            assertEquals(200, app.post("/v1/chat/completions", key, body).statusCode());
            genAiSpanOf("acme", prompt); // the miss's span, ended before the reset: the next one is the hit's
            InMemorySpans.EXPORTER.reset();
            HttpResponse<String> hit = app.post("/v1/chat/completions", key, body);
            assertEquals("hit", hit.headers().firstValue("x-gateway-cache").orElse("absent"), hit.body());

            JsonNode output = JSON.readTree(genAiSpanOf("acme", prompt).getAttributes().get(OUTPUT));
            assertEquals(stream ? "streamed answer" : "the whole answer", output.get(0).at("/parts/0/content").asText());
        }
    }

    @Test
    void a_tenant_not_listed_gets_neither_prompt_nor_answer_on_its_span(GatewayApp app, @Key("globex") String key) {
        assertEquals(200, app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("private question").json()).statusCode());
        assertEquals(200, app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("private stream").stream().json()).statusCode());

        // globex's spans only: another test's acme span can end after the reset.
        Await.until(Duration.ofSeconds(10), () -> globexSpans().size() == 2, "both gen_ai spans");
        for (SpanData span : globexSpans()) {
            assertNull(span.getAttributes().get(INPUT), span.getName());
            assertNull(span.getAttributes().get(OUTPUT), span.getName());
            span.getAttributes().forEach((k, v) -> assertFalse(String.valueOf(v).contains("private")
                    || String.valueOf(v).contains("answer"), k.getKey()));
        }
    }

    @Test
    void an_over_long_prompt_is_cut_at_the_bound_with_a_marker(GatewayApp app, @Key("acme") String key)
            throws Exception {
        String longPrompt = "x".repeat(GenAiMessages.BOUND + 5000);
        assertEquals(200, app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user(longPrompt).json()).statusCode());

        String content = firstPart(genAiSpanOf("acme", "x".repeat(20)).getAttributes().get(INPUT)).get("content").asText();
        assertEquals("x".repeat(GenAiMessages.BOUND) + GenAiMessages.TRUNCATED, content);
    }
}
