package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /v1/responses against the emulator, driven by OpenAI's own Java SDK. */
class ResponsesApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .redisDatabase(19)
            .properties(UsageFixtures.quickFlush())
            .tenant("resp-plain").tenant("resp-cache").tenant("resp-cut").tenant("resp-stream")
            .tenant("resp-structured").tenant("resp-tools").tenant("resp-chain").tenant("resp-owner")
            .tenant("resp-other").tenant("resp-bad")
            .build();

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.app().uri("/v1").toString()).apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text).collect(Collectors.joining());
    }

    private static ResponseCreateParams.Builder params(String input) {
        return ResponseCreateParams.builder().model("chat-default").input(input);
    }

    @Test
    void a_response_answers_with_text_and_its_usage_lands_in_the_ledger() {
        String key = gw.key("resp-plain");
        Response response = client(key).responses().create(params("Tell me about the sea.")
                .instructions("You are terse.").maxOutputTokens(100).temperature(0.2).build());

        assertTrue(response.id().startsWith("resp_"));
        assertEquals("completed", response.status().orElseThrow().asString());
        assertFalse(text(response).isBlank());
        ResponseUsage usage = response.usage().orElseThrow();
        assertTrue(usage.inputTokens() > 0 && usage.outputTokens() > 0, usage.toString());
        assertTrue(usage.outputTokens() <= 100, "max_output_tokens became the chat max_tokens");

        String url = gw.jdbcUrl();
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(url,
                "select count(*) from usage_events where tenant_id = 'resp-plain'") == 1, "the ledger row");
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events where tenant_id = 'resp-plain'"
                        + " and input_tokens = ? and output_tokens = ? and cached_tokens = ? and status = 'ok'",
                usage.inputTokens(), usage.outputTokens(), usage.inputTokensDetails().cachedTokens()),
                "input_tokens, output_tokens and cached_tokens as the response reported them");
    }

    @Test
    void a_repeated_greedy_request_is_answered_from_the_cache_with_its_input_counted_as_cached() {
        OpenAIClient client = client(gw.key("resp-cache"));
        Response first = client.responses().create(params("Name a colour.").temperature(0.0).build());
        Response again = client.responses().create(params("Name a colour.").temperature(0.0).build());
        assertEquals(text(first), text(again));
        assertEquals(0, first.usage().orElseThrow().inputTokensDetails().cachedTokens());
        ResponseUsage usage = again.usage().orElseThrow();
        assertEquals(usage.inputTokens(), usage.inputTokensDetails().cachedTokens());

        // A cached stream comes back whole from the cache and is still sent as the typed events.
        Response streamed = completedOf(client, params("Name a shape, quickly please.").temperature(0.0).maxOutputTokens(200).build());
        Response streamedAgain = completedOf(client, params("Name a shape, quickly please.").temperature(0.0).maxOutputTokens(200).build());
        assertEquals(text(streamed), text(streamedAgain));
        assertFalse(text(streamedAgain).isEmpty());
        assertEquals(streamedAgain.usage().orElseThrow().inputTokens(),
                streamedAgain.usage().orElseThrow().inputTokensDetails().cachedTokens());

        String url = gw.jdbcUrl();
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(url,
                "select count(*) from usage_events where tenant_id = 'resp-cache'") == 4, "four ledger rows");
        assertEquals(2, UsageFixtures.count(url, "select count(*) from usage_events where tenant_id = 'resp-cache'"
                + " and cache_hit and cached_tokens = input_tokens and input_tokens > 0 and cost_nanos = 0"),
                "both repeats, plain and streamed, were cache hits billed as such");
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events where tenant_id = 'resp-cache'"
                + " and cache_hit and input_tokens = ?", usage.inputTokens()));
    }

    @Test
    void an_answer_cut_by_max_output_tokens_is_incomplete() {
        Response cut = client(gw.key("resp-cut")).responses().create(params("Tell me a long story.")
                .maxOutputTokens(2).build());
        assertEquals("incomplete", cut.status().orElseThrow().asString());
        assertEquals("max_output_tokens", cut.incompleteDetails().orElseThrow().reason().orElseThrow().asString());
        assertEquals(2, cut.usage().orElseThrow().outputTokens());
    }

    @Test
    void a_streamed_response_sends_the_typed_events_and_completes_with_usage() {
        String key = gw.key("resp-stream");
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client(key).responses()
                .createStreaming(params("Write about mountains.").maxOutputTokens(200).build())) {
            stream.stream().forEach(events::add);
        }
        assertTrue(events.get(0).isCreated(), "first response.created");
        assertTrue(events.get(1).isInProgress(), "then response.in_progress");
        assertTrue(events.stream().anyMatch(ResponseStreamEvent::isOutputItemAdded));
        assertTrue(events.stream().anyMatch(ResponseStreamEvent::isContentPartAdded));
        String deltas = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
        assertFalse(deltas.isEmpty());
        assertEquals(deltas, events.stream().filter(ResponseStreamEvent::isOutputTextDone).findFirst().orElseThrow()
                .asOutputTextDone().text(), "response.output_text.done holds the deltas joined");
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertTrue(last.isCompleted(), "last response.completed: " + JSON.valueToTree(last));
        Response completed = last.asCompleted().response();
        assertEquals(deltas, text(completed));
        assertTrue(completed.usage().orElseThrow().outputTokens() > 0);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, sequence(events.get(i)), "sequence numbers count up from 0");
        }
    }

    private static Response completedOf(OpenAIClient client, ResponseCreateParams params) {
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            return stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow().asCompleted().response();
        }
    }

    private static long sequence(ResponseStreamEvent event) {
        return JSON.valueToTree(event).path("sequence_number").asLong(-1);
    }

    /** What the SDK turns into a strict JSON schema for {@code text.format}. */
    public static class Forecast {
        @JsonPropertyDescription("the city")
        public String city;
        public int days;
        public boolean sunny;
    }

    @Test
    void structured_output_comes_back_as_the_requested_class() {
        String key = gw.key("resp-structured");
        StructuredResponseCreateParams<Forecast> params = ResponseCreateParams.builder().model("chat-default")
                .input("the forecast for Lyon").text(Forecast.class).build();
        StructuredResponse<Forecast> response = client(key).responses().create(params);
        Forecast forecast = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .findFirst().orElseThrow();
        assertNotNull(forecast.city);
    }

    /** A function tool the SDK describes from this class: its name is the class's. */
    public static class GetWeather {
        public String city;
    }

    @Test
    void a_function_call_round_trip_continues_from_the_previous_response() {
        OpenAIClient client = client(gw.key("resp-tools"));
        Response first = client.responses().create(params("call:GetWeather for Nantes").addTool(GetWeather.class).build());
        ResponseFunctionToolCall call = first.output().stream().flatMap(item -> item.functionCall().stream())
                .findFirst().orElseThrow(() -> new AssertionError("no function call in " + first.output()));
        assertEquals("GetWeather", call.name());
        assertNotNull(call.arguments(GetWeather.class).city);

        Response second = client.responses().create(ResponseCreateParams.builder().model("chat-default")
                .previousResponseId(first.id()).addTool(GetWeather.class)
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput
                        .builder().callId(call.callId()).output("{\"sunny\":true}").build())))
                .build());
        assertEquals("completed", second.status().orElseThrow().asString());
        assertFalse(text(second).isBlank(), "after the tool's result the model answers in text");
        assertTrue(second.output().stream().noneMatch(ResponseOutputItem::isFunctionCall));
    }

    @Test
    void previous_response_id_carries_the_conversation_and_store_false_keeps_nothing() {
        OpenAIClient client = client(gw.key("resp-chain"));
        Response first = client.responses().create(params("My name is Ada and I like long walks by the river.").build());
        Response followUp = client.responses().create(params("What is my name?").previousResponseId(first.id()).build());
        Response alone = client.responses().create(params("What is my name?").build());
        assertTrue(followUp.usage().orElseThrow().inputTokens() > alone.usage().orElseThrow().inputTokens()
                + first.usage().orElseThrow().outputTokens(), "the first turn and its answer were sent again");

        Response unstored = client.responses().create(params("Forget this.").store(false).build());
        NotFoundException gone = assertThrows(NotFoundException.class, () -> client.responses()
                .create(params("and?").previousResponseId(unstored.id()).build()));
        assertEquals(404, gone.statusCode());
    }

    @Test
    void another_tenants_response_id_is_not_found() {
        Response mine = client(gw.key("resp-owner")).responses().create(params("A secret plan.").build());
        NotFoundException refused = assertThrows(NotFoundException.class, () -> client(gw.key("resp-other"))
                .responses().create(params("What was the plan?").previousResponseId(mine.id()).build()));
        assertEquals(404, refused.statusCode());
        assertTrue(refused.getMessage().contains(mine.id()) && refused.getMessage().contains("not found"), refused.getMessage());
    }

    @Test
    void bad_input_gets_an_openai_error_naming_the_parameter(GatewayApp app) throws Exception {
        String key = gw.key("resp-bad");
        // Raw JSON on purpose: the test is about malformed bodies and a key sent twice.
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\"}"), 400, "input");
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\",\"input\":42}"), 400, "input");
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\",\"input\":\"hi\","
                + "\"tools\":[{\"type\":\"web_search\"}]}"), 400, "tools[0].type");
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\",\"input\":[{\"type\":\"reasoning\"}]}"),
                400, "input[0].type");
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\",\"input\":\"hi\",\"max_output_tokens\":0}"),
                400, "max_output_tokens");
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\",\"input\":\"hi\","
                + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"x\"}}}"), 400, "text.format.schema");
        assertError(app.post("/v1/responses", key, "not json"), 400, null);
        HttpResponse<String> duplicate = app.post("/v1/responses", key,
                "{\"model\":\"chat-default\",\"input\":\"hi\",\"input\":\"dup\"}");
        assertError(duplicate, 400, null);
        assertTrue(duplicate.body().contains("Duplicate field 'input'"), duplicate.body());
        assertError(app.post("/v1/responses", key, "{\"model\":\"chat-default\",\"input\":\"hi\","
                + "\"previous_response_id\":\"../../etc\"}"), 404, "previous_response_id");
        assertError(app.post("/v1/responses", key, "{\"model\":\"no-such-model\",\"input\":\"hi\"}"), 404, "model");
        assertError(app.post("/v1/responses", null, "{\"model\":\"chat-default\",\"input\":\"hi\"}"), 401, null);
    }

    private static void assertError(HttpResponse<String> response, int status, String param) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertNotNull(error, response.body());
        assertTrue(error.get("message").isTextual() && error.has("type") && error.has("code") && error.has("param"),
                response.body());
        if (param != null) {
            assertEquals(param, error.get("param").asText(), response.body());
        }
    }
}
