package ai.factory.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Stopping the gateway lets a stream in flight finish instead of cutting it off. */
class GracefulShutdownIT {

    @Test
    void in_flight_stream_finishes_when_the_gateway_stops() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).ttftMillis(10).interTokenMillis(100).build())) {
            Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
            GatewayApp.pool(props, "gpu", 8, emulator.baseUrl());
            GatewayApp.alias(props, "chat-default", "gpu");
            GatewayApp app = GatewayApp.start(props);
            String key = app.newKey("acme", List.of());

            HttpResponse<InputStream> response = app.http().send(HttpRequest.newBuilder(app.uri("/v1/chat/completions"))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"chat-default\",\"stream\":true,\"max_tokens\":15,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"long answer please\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            String firstLine = reader.readLine();
            assertTrue(firstLine.startsWith("data: "), firstLine);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::close);
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                rest.append(line).append('\n');
            }
            stopping.get();
            assertTrue(rest.toString().trim().endsWith("data: [DONE]"), rest.toString());
            assertEquals(16, rest.toString().split("\n\n").length, "all 15 tokens and [DONE] arrived after the stop began");
        }
    }
}
