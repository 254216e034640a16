package ai.factory.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streams are relayed event by event while the backend generates, and a cut stream never looks whole. */
class StreamingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(20).interTokenMillis(150))
            .wiremock("wm")
            .alias("chat-default", "gpu").alias("scripted", "wm")
            .tenant("acme")
            .build();

    @BeforeEach
    void reset(@Pool("gpu") Emulator slow, @Pool("wm") WireMockServer wiremock) {
        slow.reconfigure(slow.config().toBuilder().dropRate(0).build());
        wiremock.resetAll();
    }

    private static HttpRequest.Builder chatRequest(String body) {
        return HttpRequest.newBuilder(gw.app().uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + gw.key("acme")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<InputStream> openStream(String model, int maxTokens) throws Exception {
        String body = Bodies.chat(model).stream().maxTokens(maxTokens).user("tell me about GPUs").json();
        return gw.app().http().send(chatRequest(body).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String scripted() {
        return Bodies.chat("scripted").stream().user("x").json();
    }

    private static Endpoint endpoint(String alias) {
        return gw.app().context().getBean(RouteTable.class).alias(alias).orElseThrow()
                .targets().get(0).pool().endpoints().get(0);
    }

    /** Reads one SSE event's data line, skipping the blank separators; null at the end of the stream. */
    private static String nextData(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        return null;
    }

    @Test
    void first_chunk_reaches_the_client_while_the_backend_is_still_generating(@Pool("gpu") Emulator slow) throws Exception {
        HttpResponse<InputStream> response = openStream("chat-default", 12);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = nextData(reader);
            assertEquals("chat.completion.chunk", JSON.readTree(first).get("object").asText());
            // The emulator is still generating: the gateway did not wait for the whole answer.
            assertEquals(1, slow.running(), "backend still busy with this sequence when the first chunk arrived");
            List<String> rest = new ArrayList<>();
            String data;
            while ((data = nextData(reader)) != null) {
                rest.add(data);
            }
            assertEquals("[DONE]", rest.get(rest.size() - 1));
            assertEquals(12 + 1, rest.size(), "12 token chunks after the role chunk, then [DONE]: " + rest);
        }
    }

    @Test
    void events_split_across_network_reads_are_reassembled_exactly(GatewayApp app, @Key("acme") String key,
            @Pool("wm") WireMockServer wiremock) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            body.append("data: {\"choices\":[{\"delta\":{\"content\":\"tok").append(i).append(" \"}}]}\n\n");
        }
        body.append("data: [DONE]\n\n");
        wiremock.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(body.toString())
                .withChunkedDribbleDelay(23, 300)));

        HttpResponse<String> response = app.post("/v1/chat/completions", key, scripted());

        assertEquals(200, response.statusCode());
        assertEquals(body.toString(), response.body());
    }

    @Test
    void stream_that_ends_without_done_gets_an_error_event(GatewayApp app, @Key("acme") String key,
            @Pool("wm") WireMockServer wiremock) throws Exception {
        wiremock.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"delta\":{\"content\":\"half\"}}]}\n\n")));

        HttpResponse<String> response = app.post("/v1/chat/completions", key, scripted());

        String[] events = response.body().split("\n\n");
        assertEquals(2, events.length, response.body());
        assertTrue(events[0].contains("half"));
        assertEquals("backend_stream_truncated", JSON.readTree(events[1].substring(6)).at("/error/code").asText());
    }

    @Test
    void backend_dropping_the_connection_mid_stream_gets_an_error_event(@Pool("gpu") Emulator slow) throws Exception {
        slow.reconfigure(slow.config().toBuilder().dropRate(1.0).dropAfterTokens(2).build());
        HttpResponse<InputStream> response = openStream("chat-default", 10);
        List<String> data = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String d;
            while ((d = nextData(reader)) != null) {
                data.add(d);
            }
        }
        String last = data.get(data.size() - 1);
        assertTrue(last.contains("backend_stream_truncated"), data.toString());
        assertTrue(data.stream().noneMatch("[DONE]"::equals), data.toString());
        // The tenant learns the stream broke and where to look, not how: the why is in the log.
        String message = JSON.readTree(last).at("/error/message").asText();
        assertTrue(message.matches("the backend stream broke off \\(pool '[^']+'\\); request id \\S+ identifies the "
                + "details in the gateway's logs"), message);
    }

    @Test
    void client_gone_before_the_first_byte_still_frees_the_slot(GatewayApp app, @Pool("gpu") Emulator slow) throws Exception {
        slow.reconfigure(slow.config().toBuilder().ttftMillis(1500).build());
        try {
            HttpRequest request = chatRequest(Bodies.chat("chat-default").stream().maxTokens(5).user("hello?").json())
                    .timeout(Duration.ofMillis(300)).build();
            try {
                app.http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException expected) {
                // the client gave up while the backend was still in its time to first token
            }
            Endpoint endpoint = endpoint("chat-default");
            Await.holds(Duration.ofSeconds(8), () -> slow.running() == 0 && endpoint.inFlight() == 0);
            assertEquals(0, endpoint.inFlight(), "the endpoint slot was released");
            assertEquals(0, slow.running(), "the backend is not left generating for nobody");
        } finally {
            slow.reconfigure(slow.config().toBuilder().ttftMillis(20).build());
        }
    }

    @Test
    void client_gone_before_the_response_head_arrived_still_frees_the_slot(GatewayApp app,
            @Pool("wm") WireMockServer wiremock) throws Exception {
        wiremock.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(1200)
                .withHeader("content-type", "text/event-stream").withBody("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")));
        HttpRequest request = chatRequest(scripted()).timeout(Duration.ofMillis(300)).build();
        try {
            app.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException expected) {
            // the client left while the backend had not even sent its response head
        }
        Endpoint endpoint = endpoint("scripted");
        // Past the backend's delay: the slot must be free even after the late response head arrives.
        Await.quiet(Duration.ofMillis(1500));
        Await.holds(Duration.ofSeconds(5), () -> endpoint.inFlight() == 0);
        assertEquals(0, endpoint.inFlight(), "the endpoint slot was released");
    }

    @Test
    void client_disconnect_cancels_the_backend_sequence_and_frees_the_slot(@Pool("gpu") Emulator slow) throws Exception {
        HttpResponse<InputStream> response = openStream("chat-default", 40);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        nextData(reader);
        assertEquals(1, slow.running());
        reader.close();

        Endpoint endpoint = endpoint("chat-default");
        Await.holds(Duration.ofSeconds(5), () -> slow.running() == 0 && endpoint.inFlight() == 0);
        assertEquals(0, slow.running(), "the emulator stopped generating for the departed client");
        assertEquals(0, endpoint.inFlight(), "the gateway released the endpoint's slot");
    }
}
