package ai.factory.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping the gateway lets a stream in flight finish instead of cutting it off. */
class GracefulShutdownIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(10).interTokenMillis(100))
            .alias("chat-default", "gpu")
            .tenant("acme")
            .build();

    @Test
    void in_flight_stream_finishes_when_the_gateway_stops(GatewayApp app, @Key("acme") String key) throws Exception {
        HttpResponse<InputStream> response = app.http().send(HttpRequest.newBuilder(app.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Bodies.chat("chat-default").stream().maxTokens(15).user("long answer please").json()))
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
