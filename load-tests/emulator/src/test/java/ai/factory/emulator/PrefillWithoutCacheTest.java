package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server without a prefix cache still prefills every prompt: the first token waits for
 * {@code prefill-us-per-token} × the prompt's tokens, and prefills queue on the one GPU timeline.
 * The waits are the model's lower bounds (a timer never fires early), not speed measurements.
 */
class PrefillWithoutCacheTest {

    private static final long MICROS_PER_TOKEN = 2_000;

    private static String chat(String user) {
        return "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]}";
    }

    private static int promptTokens(HttpResponse<String> response) {
        Matcher m = Pattern.compile("\"prompt_tokens\":(\\d+)").matcher(response.body());
        assertTrue(m.find(), response.body());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void the_first_token_waits_for_the_whole_prompts_prefill_and_prefills_queue_one_after_another() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0).kvCacheBlocks(0)
                .prefillMicrosPerToken(MICROS_PER_TOKEN).build();
        String prompt = "word ".repeat(100).trim();
        try (Emulator emulator = Emulator.start(config)) {
            TestClient client = new TestClient(emulator);
            long start = System.nanoTime();
            HttpResponse<String> one = client.post("/v1/chat/completions", chat(prompt));
            long oneMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, one.statusCode(), one.body());
            long prefill = promptTokens(one) * MICROS_PER_TOKEN / 1000;
            assertTrue(prefill >= 200, "about 100 words of prompt: " + prefill + " ms");
            assertTrue(oneMillis >= prefill, "answered after " + oneMillis + " ms, before its " + prefill + " ms prefill");

            start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> a = client.postAsync("/v1/chat/completions", chat(prompt));
            CompletableFuture<HttpResponse<String>> b = client.postAsync("/v1/chat/completions", chat(prompt));
            assertEquals(200, a.get().statusCode());
            assertEquals(200, b.get().statusCode());
            long bothMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(bothMillis >= 2 * prefill, "two prefills share one GPU: both done after " + bothMillis + " ms");
        }
    }
}
