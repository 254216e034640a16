package ai.factory.routing.backend.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.SseFramer;
import ai.factory.routing.balancing.RoundRobin;
import ai.factory.routing.fallback.RoutedReply;
import ai.factory.routing.fallback.Router;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.support.ScriptedTransport;
import ai.factory.routing.tenant.TenantRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anthropic's Messages API replayed from recorded answers; the client sees OpenAI's shapes. */
class AnthropicTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"claude-test\",\"max_tokens\":64,\"stream\":%s,"
            + "\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private WireMockServer provider;
    private Endpoint endpoint;
    private final AnthropicTransport transport = new AnthropicTransport(Duration.ofSeconds(10));

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        endpoint = new Endpoint("anthropic", URI.create(provider.baseUrl()), 1, 8);
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = AnthropicTransportTest.class.getResourceAsStream("/fixtures/anthropic/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static BackendRequest request(String body) {
        return new BackendRequest("/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8), body.contains("\"stream\":true"),
                Map.of("authorization", "Bearer sk-ant-test"), Duration.ofSeconds(10), Context.root());
    }

    private static String text(BackendReply reply) {
        return reply.body().map(b -> StandardCharsets.UTF_8.decode(b).toString()).collectList()
                .map(parts -> String.join("", parts)).block(Duration.ofSeconds(10));
    }

    private static List<String> events(String stream) {
        SseFramer framer = new SseFramer(1 << 20);
        List<String> data = new ArrayList<>();
        framer.feed(ByteBuffer.wrap(stream.getBytes(StandardCharsets.UTF_8))).forEach(e -> data.add(SseFramer.data(e)));
        return data;
    }

    private void streamed() throws IOException {
        provider.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(fixture("messages-stream.sse"))));
    }

    @Test
    void a_streamed_answer_comes_back_as_openai_chunks_with_usage_and_done() throws Exception {
        streamed();
        BackendReply reply = transport.send(endpoint, request(CHAT.formatted("true"))).get(10, TimeUnit.SECONDS);
        assertEquals(200, reply.status());
        assertEquals("text/event-stream", reply.header("content-type"));
        List<String> data = events(text(reply));
        assertEquals("[DONE]", data.get(data.size() - 1));
        List<JsonNode> chunks = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            chunks.add(JSON.readTree(d));
        }
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        StringBuilder content = new StringBuilder();
        chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asText("")));
        assertEquals("Hello there", content.toString());
        assertTrue(chunks.stream().allMatch(c -> c.get("object").asText().equals("chat.completion.chunk")));
        assertEquals("stop", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
        JsonNode usage = chunks.get(chunks.size() - 1).get("usage");
        assertEquals(12, usage.get("prompt_tokens").asInt());
        assertEquals(3, usage.get("completion_tokens").asInt());
    }

    @Test
    void the_request_reaches_anthropic_translated_with_the_pools_key() throws Exception {
        streamed();
        text(transport.send(endpoint, request(CHAT.formatted("true"))).get(10, TimeUnit.SECONDS));
        provider.verify(postRequestedFor(urlPathEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo("sk-ant-test"))
                .withRequestBody(equalToJson("{\"model\":\"claude-test\",\"max_tokens\":64,\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]}", true, true)));
    }

    @Test
    void a_non_streamed_request_gets_one_chat_completion() throws Exception {
        streamed();
        BackendReply reply = transport.send(endpoint, request(CHAT.formatted("false"))).get(10, TimeUnit.SECONDS);
        JsonNode completion = JSON.readTree(text(reply));
        assertEquals("chat.completion", completion.get("object").asText());
        assertEquals("Hello there", completion.at("/choices/0/message/content").asText());
        assertEquals(15, completion.at("/usage/total_tokens").asInt());
    }

    @Test
    void an_overloaded_provider_fails_before_the_first_token_as_overloaded() throws Exception {
        provider.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(529)
                .withHeader("content-type", "application/json").withBody(fixture("messages-overloaded.json"))));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.send(endpoint, request(CHAT.formatted("true"))).get(10, TimeUnit.SECONDS));
        BackendFailure failure = assertInstanceOf(BackendFailure.class, e.getCause());
        assertEquals(BackendFailure.Kind.OVERLOADED, failure.kind(), failure.getMessage());
    }

    @Test
    void a_provider_5xx_is_a_server_error() throws Exception {
        provider.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)
                .withHeader("content-type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}")));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.send(endpoint, request(CHAT.formatted("false"))).get(10, TimeUnit.SECONDS));
        assertEquals(BackendFailure.Kind.SERVER_ERROR, assertInstanceOf(BackendFailure.class, e.getCause()).kind());
    }

    @Test
    void a_request_the_adapter_cannot_translate_is_refused_with_an_openai_400() throws Exception {
        String withTools = "{\"model\":\"claude-test\",\"tools\":[{\"type\":\"function\"}],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        BackendReply reply = transport.send(endpoint, request(withTools)).get(10, TimeUnit.SECONDS);
        assertEquals(400, reply.status());
        assertTrue(JSON.readTree(text(reply)).at("/error/message").asText().contains("tools"));
        assertEquals(0, provider.getAllServeEvents().size());
    }

    @Test
    void the_router_falls_back_from_an_overloaded_provider_to_the_next_target() throws Exception {
        provider.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(529)
                .withBody(fixture("messages-overloaded.json"))));
        ScriptedTransport gpus = new ScriptedTransport().answer("gpu", 200, "{}");
        Pool anthropic = new Pool("anthropic", Protocol.ANTHROPIC, List.of(endpoint), new RoundRobin());
        Pool gpu = new Pool("gpu", Protocol.OPENAI, List.of(new Endpoint("gpu", URI.create("http://gpu:8000"), 1, 8)),
                new RoundRobin());
        Router router = new Router(Map.of(Protocol.OPENAI, gpus, Protocol.ANTHROPIC, transport), TenantRules.NONE);
        RoutedReply reply = router.route(new ModelAlias("m", List.of(new Target(anthropic, "claude-test"), new Target(gpu, "llama"))),
                t -> request(CHAT.formatted("true"))).get(10, TimeUnit.SECONDS);
        assertEquals("gpu", reply.target().pool().name());
        assertEquals(BackendFailure.Kind.OVERLOADED, reply.failedAttempts().get(0).kind());
    }
}
