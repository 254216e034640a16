package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSlotsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void metrics_show_running_and_waiting_while_requests_are_in_flight() {
        // 1.5 s per request: the window in which the gauges are read is never tight.
        emulator = Emulator.start(EmulatorConfig.builder().batchSlots(1).maxQueue(10)
                .ttftMillis(1500).interTokenMillis(0).build());
        TestClient client = new TestClient(emulator);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(client.postAsync("/v1/chat/completions", TestClient.chat("m", "hi " + i, "\"max_tokens\":4")));
        }

        assertTrue(TestClient.eventually(PATIENCE, () -> emulator.waiting() == 2), "two should wait");
        String metrics = client.get("/metrics").body();
        assertEquals(1.0, gauge(metrics, "vllm:num_requests_running"), metrics);
        assertEquals(2.0, gauge(metrics, "vllm:num_requests_waiting"), metrics);
        assertEquals(1.0, gauge(metrics, "vllm:kv_cache_usage_perc"), metrics);

        // FIFO with one slot: all three complete, one after another.
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.join().statusCode());
        }
        assertEquals(0, emulator.running());
        assertEquals(0, emulator.waiting());
    }

    @Test
    void full_queue_answers_429_with_retry_after() {
        emulator = Emulator.start(EmulatorConfig.builder().batchSlots(1).maxQueue(1)
                .ttftMillis(30_000).build());
        TestClient client = new TestClient(emulator);
        client.postAsync("/v1/chat/completions", TestClient.chat("m", "first", ""));
        client.postAsync("/v1/chat/completions", TestClient.chat("m", "second", ""));
        assertTrue(TestClient.eventually(PATIENCE, () -> emulator.running() == 1 && emulator.waiting() == 1));

        HttpResponse<String> rejected = client.post("/v1/chat/completions", TestClient.chat("m", "third", ""));

        assertEquals(429, rejected.statusCode());
        assertTrue(rejected.headers().firstValue("retry-after").isPresent());
        assertEquals("rate_limit_exceeded",
                TestClient.parse(rejected.body()).get("error").get("code").asText());
    }

    @Test
    void client_disconnect_mid_stream_frees_the_slot() throws Exception {
        // 40 tokens at 1 s each: only a cancellation can free the slot within the test.
        emulator = Emulator.start(EmulatorConfig.builder().batchSlots(1).ttftMillis(0).interTokenMillis(1000)
                .build());
        String body = TestClient.chat("m", "long", "\"stream\":true,\"max_tokens\":40,\"ignore_eos\":true");
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String received = "";
            byte[] buffer = new byte[4096];
            while (!received.contains("chat.completion.chunk")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "stream ended early: " + received);
                received += new String(buffer, 0, n, StandardCharsets.UTF_8);
            }
            assertEquals(1, emulator.running());
        }

        assertTrue(TestClient.eventually(PATIENCE, () -> emulator.running() == 0), "slot not freed");
        TestClient client = new TestClient(emulator);
        assertTrue(client.get("/metrics").body().contains("emulator_cancelled_total 1"));
    }

    @Test
    void client_disconnect_while_waiting_leaves_the_queue() throws Exception {
        emulator = Emulator.start(EmulatorConfig.builder().batchSlots(1).ttftMillis(30_000).build());
        TestClient client = new TestClient(emulator);
        client.postAsync("/v1/chat/completions", TestClient.chat("m", "holds the slot", ""));
        assertTrue(TestClient.eventually(PATIENCE, () -> emulator.running() == 1));
        String body = TestClient.chat("m", "waits", "");
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            assertTrue(TestClient.eventually(PATIENCE, () -> emulator.waiting() == 1));
        }

        assertTrue(TestClient.eventually(PATIENCE, () -> emulator.waiting() == 0));
        assertEquals(1, emulator.running());
    }

    @Test
    void keep_alive_connection_answers_pipelined_requests_in_order() throws Exception {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(20).interTokenMillis(1).build());
        String slow = TestClient.chat("m", "first", "\"max_tokens\":30,\"ignore_eos\":true");
        String fast = TestClient.chat("m", "second", "\"max_tokens\":1");
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((request(slow) + request(fast)).getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (count(received.toString(), "HTTP/1.1 200 OK") < 2 || !received.toString().endsWith("}")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "connection closed: " + received);
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            String text = received.toString();
            assertTrue(text.indexOf("\"completion_tokens\":30") < text.indexOf("\"completion_tokens\":1,"), text);
        }
    }

    private static String request(String body) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\} (\\S+)$").matcher(metrics);
        assertTrue(m.find(), name + " missing");
        return Double.parseDouble(m.group(1));
    }
}
