package ai.factory.gateway.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.TestServers;
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
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * across a restart. It runs on free ports while the local run's default ports are held, the way
 * they are when a local run is already up on the machine.
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

    /** The local run's configured ports: free ones, so a local run on the defaults does not collide. */
    private final Map<String, String> env = Map.of(
            "GATEWAY_LOCAL_POSTGRES_PORT", Integer.toString(TestServers.freePort()),
            "GATEWAY_LOCAL_REDIS_PORT", Integer.toString(TestServers.freePort()),
            "GATEWAY_LOCAL_EMULATOR_PORTS", TestServers.freePort() + "," + TestServers.freePort());

    /**
     * Listens on whichever default ports are free (the others are held already, by a local run):
     * a start that binds a default port, or a pool that calls one, fails.
     */
    private record HeldDefaultPorts(List<ServerSocket> sockets) implements AutoCloseable {
        static HeldDefaultPorts hold() {
            List<ServerSocket> sockets = new ArrayList<>();
            LocalPorts defaults = LocalPorts.DEFAULTS;
            List<Integer> ports = new ArrayList<>(List.of(defaults.postgres(), defaults.redis()));
            ports.addAll(defaults.emulators());
            for (int port : ports) {
                try {
                    sockets.add(new ServerSocket(port));
                } catch (IOException alreadyHeld) {
                    // held by something else, which is the situation this test is about
                }
            }
            return new HeldDefaultPorts(sockets);
        }

        @Override
        public void close() throws IOException {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private Running start(Map<String, Object> extra) throws Exception {
        LocalStack stack = LocalStack.startMissing(env, data);
        assertTrue(stack.isLocal());
        assertEquals("redis://127.0.0.1:" + env.get("GATEWAY_LOCAL_REDIS_PORT"), stack.properties().get("redis.uri"));
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
    void local_run_serves_openai_clients_and_keeps_its_data_beside_a_run_on_the_default_ports() throws Exception {
        try (HeldDefaultPorts held = HeldDefaultPorts.hold()) {
            localRunServesOpenAiClientsAndKeepsItsData();
        }
    }

    private void localRunServesOpenAiClientsAndKeepsItsData() throws Exception {
        String key;
        try (Running app = start(Map.of())) {
            key = Files.readString(data.resolve("demo-key")).trim();
            assertTrue(key.startsWith("sk-gw-"), key);
            assertTrue(Files.readString(data.resolve("admin-token")).trim().startsWith("gw-admin-"));

            HttpResponse<String> plain = post(app, "/v1/chat/completions", key, Bodies.chat("chat-default").user("Hello").json());
            assertEquals(200, plain.statusCode(), plain.body());
            JsonNode answer = JSON.readTree(plain.body());
            assertFalse(answer.at("/choices/0/message/content").asText().isBlank());
            assertTrue(answer.at("/usage/total_tokens").asInt() > 0);

            HttpResponse<String> streamed = post(app, "/v1/chat/completions", key,
                    Bodies.chat("chat-default").stream().user("Hello").json());
            assertEquals(200, streamed.statusCode());
            assertTrue(streamed.body().trim().endsWith("data: [DONE]"), streamed.body());

            HttpResponse<String> embedded = post(app, "/v1/embeddings", key,
                    Bodies.object().put("model", "embed-default").put("input", List.of("a", "b")).json());
            assertEquals(2, JSON.readTree(embedded.body()).get("data").size(), embedded.body());

            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/models"))
                    .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            List<String> ids = JSON.readTree(models.body()).findValuesAsText("id");
            assertEquals(List.of("chat-default", "chat-large", "embed-default"), ids);

            assertEquals(401, post(app, "/v1/chat/completions", "sk-gw-wrong",
                    Bodies.chat("chat-default").user("Hello").json()).statusCode());

            langchain4jTalksToTheGatewayUnchanged(app, key);
            secondInstanceSharesTheFirstOnesServers(app, key);
        }

        // Restarted on the same data: the demo key still works, and GATEWAY_DEMO_KEY adds a chosen one.
        try (Running app = start(Map.of("gateway.demo.key", "sk-gw-chosen-demo-key-0123456789"))) {
            String body = Bodies.chat("chat-default").user("again").json();
            assertEquals(200, post(app, "/v1/chat/completions", key, body).statusCode());
            assertEquals(200, post(app, "/v1/chat/completions", "sk-gw-chosen-demo-key-0123456789", body).statusCode());
            assertEquals("sk-gw-chosen-demo-key-0123456789", Files.readString(data.resolve("demo-key")).trim());
        }
    }

    /**
     * The README's second-instance command: PostgreSQL and Redis given, the local environment,
     * and the same GATEWAY_LOCAL_EMULATOR_PORTS, so its pool reaches the first one's emulators.
     */
    private void secondInstanceSharesTheFirstOnesServers(Running first, String key) throws Exception {
        Map<String, String> secondEnv = new HashMap<>(env);
        secondEnv.put("REDIS_URI", (String) first.stack().properties().get("redis.uri"));
        secondEnv.put("DATASOURCES_DEFAULT_URL", (String) first.stack().properties().get("datasources.default.url"));
        try (LocalStack nothingEmbedded = LocalStack.startMissing(secondEnv, data)) {
            assertFalse(nothingEmbedded.isLocal());
            Map<String, Object> props = new HashMap<>(first.stack().properties());
            props.putAll(nothingEmbedded.properties());
            props.put("micronaut.server.port", -1);
            try (ApplicationContext second = ApplicationContext.run(EmbeddedServer.class, props, "local").getApplicationContext()) {
                Running view = new Running(nothingEmbedded, second.getBean(EmbeddedServer.class));
                HttpResponse<String> answer = post(view, "/v1/chat/completions", key,
                        Bodies.chat("chat-default").user("second").json());
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(view.server().getPort() != first.server().getPort());
            }
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
