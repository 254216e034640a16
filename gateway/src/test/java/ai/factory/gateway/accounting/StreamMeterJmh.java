package ai.factory.gateway.accounting;

import ai.factory.gateway.sse.EventFramer;
import ai.factory.products.TokenCounter;
import ai.factory.routing.backend.SseFramer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Framing and metering one streamed answer of 500 chunks plus the usage chunk and [DONE], as the
 * backend's reads deliver it (one event per read, every tenth split across two reads). Before:
 * the byte-by-byte framer, each event turned into a String, split by regex and parsed into a
 * tree, each piece tokenized. After: framing on bytes, text found by byte search and tokenized in
 * batches, only the usage chunk parsed. Run with {@code load-tests/scripts/jmh.sh StreamMeter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamMeterJmh {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final int MAX = 1 << 20;

    private final List<byte[]> reads = new ArrayList<>();

    @Setup
    public void setUp() {
        String[] words = {" the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", "."};
        for (int i = 0; i < 500; i++) {
            add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + words[i % words.length] + "\"},\"logprobs\":null,"
                    + "\"finish_reason\":null}]}\n\n", i % 10 == 9);
        }
        add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":500,\"total_tokens\":520}}\n\n", false);
        add("data: [DONE]\n\n", false);
    }

    private void add(String event, boolean split) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        if (split) {
            int half = bytes.length / 2;
            reads.add(Arrays.copyOfRange(bytes, 0, half));
            reads.add(Arrays.copyOfRange(bytes, half, bytes.length));
        } else {
            reads.add(bytes);
        }
    }

    @Benchmark
    public long treeBefore() {
        SseFramer framer = new SseFramer(MAX);
        long relayed = 0;
        long counted = 0;
        for (byte[] read : reads) {
            for (byte[] event : framer.feed(ByteBuffer.wrap(read))) {
                String data = SseFramer.data(event);
                if (data == null || "[DONE]".equals(data)) {
                    relayed += event.length;
                    continue;
                }
                try {
                    JsonNode chunk = JSON.readTree(data);
                    JsonNode usage = chunk.get("usage");
                    JsonNode choices = chunk.get("choices");
                    if (usage != null && !usage.isNull()) {
                        counted += usage.path("completion_tokens").asLong(0);
                    }
                    if (choices != null) {
                        for (JsonNode choice : choices) {
                            String piece = choice.has("delta") ? choice.get("delta").path("content").asText("") : choice.path("text").asText("");
                            if (!piece.isEmpty()) {
                                counted += TOKENS.count(piece);
                            }
                        }
                    }
                    if (!(usage != null && !usage.isNull() && (choices == null || choices.isEmpty()))) {
                        relayed += event.length;
                    }
                } catch (Exception e) {
                    relayed += event.length;
                }
            }
        }
        return relayed + counted;
    }

    @Benchmark
    public long bytesAfter() {
        EventFramer framer = new EventFramer(MAX);
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 20, false);
        long relayed = 0;
        for (byte[] read : reads) {
            for (byte[] event : framer.feed(ByteBuffer.wrap(read))) {
                if (meter.event(event)) {
                    relayed += event.length;
                }
            }
        }
        return relayed + meter.outputTokens();
    }
}
