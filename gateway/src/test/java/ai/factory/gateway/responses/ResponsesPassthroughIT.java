package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayFixture;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /v1/responses on a pool set {@code responses: passthrough}: the emulator answers it natively,
 * driven by OpenAI's Java SDK. The emulator names its message item after its response id
 * ({@code msg_<id>}); the gateway's translation makes its own ids, so that tells the paths apart.
 */
class ResponsesPassthroughIT {

    // A chain with a pool that does not speak it (mixed): one body for the whole chain, so translated.
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("speaks-responses", EmulatorConfig.profileBuilder("fast"))
            .property("gateway.pools.speaks-responses.responses", "passthrough")
            .emulator("chat-only", EmulatorConfig.profileBuilder("fast"))
            .alias("native", "speaks-responses")
            .alias("mixed", "speaks-responses", "chat-only")
            .redisDatabase(43)
            .properties(UsageFixtures.quickFlush())
            .tenant("pass-plain").tenant("pass-stream").tenant("pass-chain").tenant("pass-owner")
            .tenant("pass-other").tenant("pass-cache").tenant("pass-mixed")
            .build();

    /** Requests the server that speaks /v1/responses has answered. */
    private static long nativeServed() {
        return gw.emulator("speaks-responses").requestsServed();
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.app().uri("/v1").toString()).apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static ResponseCreateParams.Builder params(String model, String input) {
        return ResponseCreateParams.builder().model(model).input(input);
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text).collect(Collectors.joining());
    }

    private static boolean answeredNatively(Response response) {
        String itemId = response.output().get(0).asMessage().id();
        return itemId.equals("msg_" + response.id().substring("resp_".length()));
    }

    /** {@code store} as the body says it (the SDK keeps it among the additional properties). */
    private static boolean stored(Response response) {
        return response._additionalProperties().get("store").convert(Boolean.class);
    }

    private static void assertLedgerRow(String tenant, ResponseUsage usage) {
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(gw.jdbcUrl(),
                "select count(*) from usage_events where tenant_id = ?", tenant) == 1, "the ledger row of " + tenant);
        assertEquals(1, UsageFixtures.count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = ?"
                        + " and input_tokens = ? and output_tokens = ? and cached_tokens = ? and status = 'ok'"
                        + " and not estimated and operation = 'chat'",
                tenant, usage.inputTokens(), usage.outputTokens(), usage.inputTokensDetails().cachedTokens()),
                "the response's own usage, exact and not estimated");
    }

    @Test
    void a_passthrough_pool_answers_natively_and_the_ledger_has_its_exact_usage() {
        long before = nativeServed();
        Response response = client(gw.key("pass-plain")).responses().create(params("native", "Tell me about the sea.")
                .instructions("You are terse.").maxOutputTokens(100).build());

        assertTrue(answeredNatively(response), "the emulator's own /v1/responses answered");
        assertEquals(before + 1, nativeServed());
        assertFalse(text(response).isBlank());
        assertTrue(stored(response), "the client sees the store it asked for");
        ResponseUsage usage = response.usage().orElseThrow();
        assertTrue(usage.inputTokens() > 0 && usage.outputTokens() > 0 && usage.outputTokens() <= 100, usage.toString());
        assertLedgerRow("pass-plain", usage);
    }

    @Test
    void a_streamed_passthrough_answer_completes_untruncated_with_exact_usage() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client(gw.key("pass-stream")).responses()
                .createStreaming(params("native", "Write about mountains.").maxOutputTokens(300).build())) {
            stream.stream().forEach(events::add);
        }

        assertTrue(events.get(0).isCreated());
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertTrue(last.isCompleted(), "ends with response.completed, no truncation error after it: " + last);
        Response completed = last.asCompleted().response();
        assertTrue(answeredNatively(completed));
        String deltas = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
        assertEquals(deltas, text(completed));
        assertLedgerRow("pass-stream", completed.usage().orElseThrow());
    }

    @Test
    void previous_response_id_is_expanded_by_the_gateway_for_a_passthrough_pool() {
        OpenAIClient client = client(gw.key("pass-chain"));
        Response first = client.responses().create(params("native", "My name is Ada and I like long walks by the river.").build());
        Response followUp = client.responses().create(params("native", "What is my name?").previousResponseId(first.id()).build());
        Response alone = client.responses().create(params("native", "What is my name?").build());

        assertTrue(answeredNatively(followUp));
        assertEquals(first.id(), followUp.previousResponseId().orElseThrow());
        assertTrue(followUp.usage().orElseThrow().inputTokens() > alone.usage().orElseThrow().inputTokens()
                + first.usage().orElseThrow().outputTokens(), "the first turn and its answer went to the server as input");

        // A streamed answer is stored too, before its response.completed reaches the client.
        Response streamed;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                params("native", "And my hobby?").previousResponseId(followUp.id()).build())) {
            streamed = stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow().asCompleted().response();
        }
        Response third = client.responses().create(params("native", "Thanks.").previousResponseId(streamed.id()).build());
        assertTrue(third.usage().orElseThrow().inputTokens() > followUp.usage().orElseThrow().inputTokens());

        Response unstored = client.responses().create(params("native", "Forget this.").store(false).build());
        assertFalse(stored(unstored));
        assertThrows(NotFoundException.class, () -> client.responses()
                .create(params("native", "and?").previousResponseId(unstored.id()).build()));
    }

    @Test
    void another_tenants_id_is_refused_without_reaching_the_server() {
        Response mine = client(gw.key("pass-owner")).responses().create(params("native", "A secret plan.").build());
        long before = nativeServed();

        NotFoundException refused = assertThrows(NotFoundException.class, () -> client(gw.key("pass-other"))
                .responses().create(params("native", "What was the plan?").previousResponseId(mine.id()).build()));

        assertEquals(404, refused.statusCode());
        assertEquals(before, nativeServed(), "the server never saw the request");
    }

    @Test
    void a_repeated_greedy_passthrough_request_is_answered_from_the_cache_plain_and_streamed() {
        OpenAIClient client = client(gw.key("pass-cache"));
        Response first = client.responses().create(params("native", "Name a colour.").temperature(0.0).build());
        long served = nativeServed();
        Response again = client.responses().create(params("native", "Name a colour.").temperature(0.0).build());
        assertEquals(text(first), text(again));

        ResponseCreateParams streamed = params("native", "Name a shape.").temperature(0.0).maxOutputTokens(300).build();
        Response live;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(streamed)) {
            live = stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow().asCompleted().response();
        }
        Response replayed;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(streamed)) {
            replayed = stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow().asCompleted().response();
        }
        assertEquals(text(live), text(replayed));
        assertEquals(served + 1, nativeServed(), "only the first stream reached the server");

        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(gw.jdbcUrl(),
                "select count(*) from usage_events where tenant_id = 'pass-cache'") == 4, "four ledger rows");
        assertEquals(2, UsageFixtures.count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = 'pass-cache'"
                + " and cache_hit and not estimated and input_tokens > 0"), "both repeats were cache hits, usage read");
    }

    @Test
    void a_chain_with_a_pool_that_does_not_speak_it_is_translated() {
        Response response = client(gw.key("pass-mixed")).responses().create(params("mixed", "Hello there.").build());

        assertFalse(answeredNatively(response), "translated to a chat completion");
        assertNotEquals("", text(response));
    }
}
