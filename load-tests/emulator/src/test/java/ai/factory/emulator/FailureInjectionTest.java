package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailureInjectionTest {

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(5).interTokenMillis(5).build());
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void error_rate_one_answers_the_configured_status_in_openai_shape() {
        emulator.reconfigure(emulator.config().toBuilder().errorRate(1.0).errorStatus(503).build());

        HttpResponse<String> response = client.post("/v1/chat/completions", TestClient.chat("m", "hi", ""));

        assertEquals(503, response.statusCode());
        JsonNode error = TestClient.parse(response.body()).get("error");
        assertTrue(error.get("message").asText().contains("injected"), error.toString());
        assertEquals("server_error", error.get("type").asText());
    }

    @Test
    void reconfigure_turns_failures_on_and_off_at_run_time() {
        emulator.reconfigure(emulator.config().toBuilder().errorRate(1.0).errorStatus(500).build());
        assertEquals(500, client.post("/v1/chat/completions", TestClient.chat("m", "hi", "")).statusCode());

        emulator.reconfigure(emulator.config().toBuilder().errorRate(0).build());
        assertEquals(200, client.post("/v1/chat/completions", TestClient.chat("m", "hi", "")).statusCode());
    }

    @Test
    void error_rate_applies_to_a_share_of_requests() {
        emulator.reconfigure(emulator.config().toBuilder().ttftMillis(0).interTokenMillis(0)
                .errorRate(0.5).seed(7).build());
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            if (client.post("/v1/chat/completions", TestClient.chat("m", "hi", "")).statusCode() == 500) {
                errors++;
            }
        }
        // Binomial(200, 0.5): 60..140 is more than eight standard deviations wide.
        assertTrue(errors > 60 && errors < 140, "errors: " + errors);
    }

    @Test
    void drop_mid_stream_ends_the_stream_without_done() {
        emulator.reconfigure(emulator.config().toBuilder().dropRate(1.0).dropAfterTokens(3).build());

        TestClient.Stream stream = client.stream("/v1/chat/completions",
                TestClient.chat("m", "hi", "\"stream\":true,\"max_tokens\":20,\"ignore_eos\":true"));

        assertEquals(200, stream.status());
        assertFalse(stream.endedWithDone());
        assertTrue(stream.error() != null, "a truncated chunked stream is an I/O error for the client");
        assertEquals(1 + 3, stream.chunks().size()); // role chunk and exactly three tokens
    }

    @Test
    void drop_without_streaming_closes_without_a_response() {
        emulator.reconfigure(emulator.config().toBuilder().dropRate(1.0).build());

        UncheckedIOException error = assertThrows(UncheckedIOException.class,
                () -> client.post("/v1/chat/completions", TestClient.chat("m", "hi", "")));
        assertTrue(error.getCause() instanceof IOException);
    }

    @Test
    void spike_delays_the_first_token() {
        emulator.reconfigure(emulator.config().toBuilder().ttftMillis(0).interTokenMillis(0)
                .spikeRate(1.0).spikeMillis(600).build());

        long start = System.nanoTime();
        HttpResponse<String> response = client.post("/v1/chat/completions", TestClient.chat("m", "hi", ""));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, response.statusCode());
        assertTrue(elapsedMillis >= 600, "answered after " + elapsedMillis + " ms"); // a lower bound only
    }

    @Test
    void injected_errors_and_drops_are_counted_in_metrics() {
        emulator.reconfigure(emulator.config().toBuilder().errorRate(1.0).build());
        client.post("/v1/chat/completions", TestClient.chat("m", "hi", ""));

        assertTrue(client.get("/metrics").body().contains("emulator_injected_errors_total 1"));
    }
}
