package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The prefix cache seen through HTTP, as a balancer and a dashboard see it: the hit counters. */
class PrefixCachingTest {

    private static final String SYSTEM = "You are a careful assistant for contract review. ".repeat(20);

    private static String chat(String user) {
        return "{\"model\":\"m\",\"max_tokens\":2,\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM
                + "\"},{\"role\":\"user\",\"content\":\"" + user + "\"}]}";
    }

    private static long counter(String metrics, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*\\} (\\d+)", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), name + " in " + metrics);
        return Long.parseLong(m.group(1));
    }

    @Test
    void a_second_prompt_with_the_same_system_prompt_hits_the_cache() {
        EmulatorConfig config = EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0)
                .kvCacheBlocks(1000).prefillMicrosPerToken(10).build();
        try (Emulator emulator = Emulator.start(config)) {
            TestClient client = new TestClient(emulator);
            assertEquals(200, client.post("/v1/chat/completions", chat("first question")).statusCode());
            String afterFirst = client.get("/metrics").body();
            assertEquals(0, counter(afterFirst, "vllm:prefix_cache_hits_total"));
            assertEquals(200, client.post("/v1/chat/completions", chat("second question")).statusCode());
            String afterSecond = client.get("/metrics").body();
            long hits = counter(afterSecond, "vllm:prefix_cache_hits_total");
            long queries = counter(afterSecond, "vllm:prefix_cache_queries_total");
            assertTrue(hits >= 128 && hits < queries / 2 + 20, "the system prompt's blocks were reused: " + hits + " of " + queries);
        }
    }

    @Test
    void without_a_prefix_cache_nothing_is_counted_as_a_hit() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0).build())) {
            TestClient client = new TestClient(emulator);
            client.post("/v1/chat/completions", chat("a"));
            client.post("/v1/chat/completions", chat("b"));
            assertEquals(0, counter(client.get("/metrics").body(), "vllm:prefix_cache_hits_total"));
        }
    }
}
