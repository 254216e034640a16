package ai.factory.gateway.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, end to end: the local stack (embedded PostgreSQL and Redis, emulated
 * GPU pool, demo tenant) serves OpenAI clients, LangChain4j's included, and keeps its data
 * across a restart.
 */
class LocalRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private record Running(LocalStack stack, EmbeddedServer server) implements AutoCloseable {
        String base() {
            return "http://localhost:" + server.getPort();
        }

        @Override
        public void close() {
            server.getApplicationContext().close();
            stack.close();
        }
    }

    private Running start(Map<String, Object> extra) throws Exception {
        LocalStack stack = LocalStack.startMissing(Map.of(), data);
        assertTrue(stack.isLocal());
        Map<String, Object> props = new HashMap<>(stack.properties());
        props.put("micronaut.server.port", -1);
        props.putAll(extra);
        return new Running(stack, ApplicationContext.run(EmbeddedServer.class, props, "local"));
    }

    private HttpResponse<String> post(Running app, String path, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void local_run_serves_openai_clients_and_keeps_its_data() throws Exception {
        String key;
        try (Running app = start(Map.of())) {
            key = Files.readString(data.resolve("demo-key")).trim();
            assertTrue(key.startsWith("sk-gw-"), key);
            assertTrue(Files.readString(data.resolve("admin-token")).trim().startsWith("gw-admin-"));

            HttpResponse<String> plain = post(app, "/v1/chat/completions", key,
                    "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
            assertEquals(200, plain.statusCode(), plain.body());
            JsonNode answer = JSON.readTree(plain.body());
            assertFalse(answer.at("/choices/0/message/content").asText().isBlank());
            assertTrue(answer.at("/usage/total_tokens").asInt() > 0);

            HttpResponse<String> streamed = post(app, "/v1/chat/completions", key,
                    "{\"model\":\"chat-default\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
            assertEquals(200, streamed.statusCode());
            assertTrue(streamed.body().trim().endsWith("data: [DONE]"), streamed.body());

            HttpResponse<String> embedded = post(app, "/v1/embeddings", key, "{\"model\":\"embed-default\",\"input\":[\"a\",\"b\"]}");
            assertEquals(2, JSON.readTree(embedded.body()).get("data").size(), embedded.body());

            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/models"))
                    .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            List<String> ids = JSON.readTree(models.body()).findValuesAsText("id");
            assertEquals(List.of("chat-default", "chat-large", "embed-default"), ids);

            assertEquals(401, post(app, "/v1/chat/completions", "sk-gw-wrong",
                    "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").statusCode());

            langchain4jTalksToTheGatewayUnchanged(app, key);
        }

        // Restarted on the same data: the demo key still works, and GATEWAY_DEMO_KEY adds a chosen one.
        try (Running app = start(Map.of("gateway.demo.key", "sk-gw-chosen-demo-key-0123456789"))) {
            String body = "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}";
            assertEquals(200, post(app, "/v1/chat/completions", key, body).statusCode());
            assertEquals(200, post(app, "/v1/chat/completions", "sk-gw-chosen-demo-key-0123456789", body).statusCode());
            assertEquals("sk-gw-chosen-demo-key-0123456789", Files.readString(data.resolve("demo-key")).trim());
        }
    }

    private void langchain4jTalksToTheGatewayUnchanged(Running app, String key) throws Exception {
        ChatModel model = OpenAiChatModel.builder().baseUrl(app.base() + "/v1").apiKey(key)
                .modelName("chat-default").maxTokens(8).build();
        ChatResponse response = model.chat(dev.langchain4j.data.message.UserMessage.from("Hello from LangChain4j"));
        assertFalse(response.aiMessage().text().isBlank());
        assertTrue(response.tokenUsage().outputTokenCount() > 0);

        StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(app.base() + "/v1").apiKey(key)
                .modelName("chat-default").maxTokens(8).build();
        List<String> partials = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat("Stream to LangChain4j", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse complete) {
                done.complete(complete);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse complete = done.get(30, TimeUnit.SECONDS);
        assertTrue(partials.size() > 1, "streamed in pieces: " + partials);
        assertEquals(String.join("", partials), complete.aiMessage().text());
    }
}
