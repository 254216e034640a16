package ai.factory.gateway.request;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.products.TokenCounter;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.routing.balancing.PromptPrefix;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a request costs the path, before (a Jackson tree, the prompt counted and rendered
 * from it, the model and stream_options put into it, the tree written out again) and after (one
 * streaming pass, the two values spliced into the client's bytes). The {@code *Parse} pair leaves
 * the tokenizer out (a 4-characters-per-token stand-in) to show the parse and splice alone. Run
 * with {@code load-tests/scripts/jmh.sh RequestParse}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestParseJmh {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader TREE = JSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TokenCounter TOKENS = new TokenCounter();

    /** small: a two-message chat; 8k: a system prompt and a question of about 8,000 tokens. */
    @Param({"small", "8k"})
    public String prompt;

    private byte[] body;

    @Setup
    public void setUp() {
        String user = "small".equals(prompt) ? "What is the capital of France?"
                : "The quick brown fox jumps over the lazy dog while the committee reviews the quarterly numbers. ".repeat(420);
        body = ("{\"model\":\"chat-default\",\"stream\":true,\"temperature\":0.7,\"max_tokens\":256,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a helpful assistant. Answer briefly.\"},"
                + "{\"role\":\"user\",\"content\":\"" + user + "\"}],\"user\":\"end-user-1\",\"seed\":7}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Object treeBefore() throws Exception {
        ObjectNode tree = (ObjectNode) TREE.readTree(body);
        long tokens = TOKENS.prompt(tree);
        long reserved = UsageCeiling.of(tree, tokens, false, null, 1024, 1 << 20, TOKENS::count).tokens();
        long[] blocks = PromptPrefix.blocks(tree);
        tree.putObject("stream_options").put("include_usage", true);
        tree.put("model", "served-model");
        byte[] out = JSON.writeValueAsBytes(tree);
        return out.length + reserved + blocks.length;
    }

    @Benchmark
    public Object onePassAfter() {
        ParsedRequest request = ParsedRequest.parse(Operation.CHAT, body, JSON);
        long reserved = UsageCeiling.of(request.fields(), request.promptTokens() + request.extraPromptTokens(), false, null, 1024,
                1 << 20, TOKENS::count).tokens();
        byte[] out = request.backendBody("served-model");
        return out.length + reserved + request.prefixBlocks().length;
    }

    @Benchmark
    public Object treeParse() throws Exception {
        ObjectNode tree = (ObjectNode) TREE.readTree(body);
        tree.putObject("stream_options").put("include_usage", true);
        tree.put("model", "served-model");
        return JSON.writeValueAsBytes(tree).length;
    }

    @Benchmark
    public Object onePassParse() throws Exception {
        RequestFacts facts = RequestReader.read(JSON.getFactory(), body, "messages", s -> s.length() / 4, UsageCeiling::partTokens);
        return BodySplice.splice(body, facts, "served-model", true).length;
    }
}
