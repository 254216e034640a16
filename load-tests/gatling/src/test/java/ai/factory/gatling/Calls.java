package ai.factory.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI API calls the simulations make, each with the checks that say it was answered
 * correctly: status, the answer's shape, a stream that ends with {@code data: [DONE]}.
 */
final class Calls {

    /** A small set of prompts: at temperature 0 the second asking of each is a cache hit. */
    static final String[] REPEATED = {
        "What is a GPU?", "Explain batching in one sentence.", "Name three vector databases.",
        "What does TTFT mean?", "Summarise the plot of Hamlet.", "Translate 'good morning' to French.",
        "Give me a haiku about latency.", "What is KV cache?"
    };
    private static final String[] WORDS = {
        "tenant", "gateway", "token", "model", "stream", "cache", "limit", "budget", "pool", "route",
        "answer", "question", "latency", "kernel", "tensor", "batch", "prompt", "memory", "cluster", "queue"
    };

    static final AtomicLong CACHE_HITS = new AtomicLong();
    static final AtomicLong CACHE_MISSES = new AtomicLong();

    private Calls() {
    }

    /** A prompt nobody asked before: a cache miss. */
    static String freshPrompt() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder prompt = new StringBuilder("Question ").append(random.nextLong(1L << 40)).append(':');
        for (int i = 0, n = 6 + random.nextInt(20); i < n; i++) {
            prompt.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return prompt.append('?').toString();
    }

    static String repeatedPrompt() {
        return REPEATED[ThreadLocalRandom.current().nextInt(REPEATED.length)];
    }

    static String chatBody(String model, boolean stream, double temperature, String prompt, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"temperature\":" + temperature
                + ",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    static HttpRequestActionBuilder chat(String name, String key, String model, boolean cacheable, int maxTokens) {
        return http(name).post("/v1/chat/completions")
                .header("authorization", "Bearer " + key)
                .body(StringBody(session -> chatBody(model, false, cacheable ? 0 : 0.7,
                        cacheable ? repeatedPrompt() : freshPrompt(), maxTokens)))
                .check(status().is(200),
                        jsonPath("$.choices[0].message.content").exists(),
                        jsonPath("$.usage.total_tokens").ofInt().gt(0),
                        header("x-request-id").exists(),
                        header("x-gateway-cache").transform(Calls::countCache).in(cacheable
                                ? new String[] {"hit", "miss"} : new String[] {"bypass"}));
    }

    static HttpRequestActionBuilder chatStream(String name, String key, String model, boolean cacheable, int maxTokens) {
        return http(name).post("/v1/chat/completions")
                .header("authorization", "Bearer " + key)
                .body(StringBody(session -> chatBody(model, true, cacheable ? 0 : 0.7,
                        cacheable ? repeatedPrompt() : freshPrompt(), maxTokens)))
                .check(status().is(200),
                        header("content-type").transform(type -> type.startsWith("text/event-stream")).is(true),
                        header("x-gateway-cache").transform(Calls::countCache).in(cacheable
                                ? new String[] {"hit", "miss"} : new String[] {"bypass"}),
                        bodyString().transform(Calls::wellFormedStream).is(true));
    }

    static HttpRequestActionBuilder completion(String name, String key) {
        return http(name).post("/v1/completions")
                .header("authorization", "Bearer " + key)
                .body(StringBody(session -> "{\"model\":\"chat-default\",\"temperature\":0.5,\"max_tokens\":16,\"prompt\":\""
                        + freshPrompt() + "\"}"))
                .check(status().is(200), jsonPath("$.choices[0].text").exists());
    }

    static HttpRequestActionBuilder embeddings(String name, String key) {
        return http(name).post("/v1/embeddings")
                .header("authorization", "Bearer " + key)
                .body(StringBody(session -> ThreadLocalRandom.current().nextBoolean()
                        ? "{\"model\":\"embed-default\",\"input\":[\"" + repeatedPrompt() + "\"]}"
                        : "{\"model\":\"embed-default\",\"input\":[\"" + freshPrompt() + "\",\"" + freshPrompt() + "\"]}"))
                .check(status().is(200),
                        jsonPath("$.data[0].embedding").exists(),
                        header("x-gateway-cache").transform(Calls::countCache).in("hit", "miss"));
    }

    /** Chunks in order, no error event, the usage chunk removed (not asked for), then [DONE]. */
    static boolean wellFormedStream(String body) {
        return body.startsWith("data: ") && body.stripTrailing().endsWith("data: [DONE]")
                && body.contains("\"chat.completion.chunk\"") && !body.contains("\"error\"")
                && !body.contains("\"choices\":[]");
    }

    private static String countCache(String outcome) {
        if ("hit".equals(outcome)) {
            CACHE_HITS.incrementAndGet();
        } else if ("miss".equals(outcome)) {
            CACHE_MISSES.incrementAndGet();
        }
        return outcome;
    }
}
