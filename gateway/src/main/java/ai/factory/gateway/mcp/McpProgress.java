package ai.factory.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A streaming product's chat-chunk stream as MCP SSE: one {@code notifications/progress} per text
 * delta (the delta as its message), then the tool result with the whole text. Relayed chunk by
 * chunk; only the answer text is kept, as the final result needs it.
 */
final class McpProgress {

    private McpProgress() {
    }

    static Flux<byte[]> relay(Flux<byte[]> chunks, JsonNode id, JsonNode progressToken, ObjectMapper json) {
        StringBuilder text = new StringBuilder();
        AtomicLong progress = new AtomicLong();
        String[] error = {null};
        Flux<byte[]> notes = chunks.concatMapIterable(event -> {
            JsonNode data = data(event, json);
            if (data == null) {
                return List.of();
            }
            if (data.has("error")) {
                error[0] = data.at("/error/message").asText("the product's stream failed");
                return List.of();
            }
            String delta = data.at("/choices/0/delta/content").asText("");
            if (delta.isEmpty()) {
                return List.of();
            }
            text.append(delta);
            ObjectNode note = json.createObjectNode();
            note.put("jsonrpc", "2.0");
            note.put("method", "notifications/progress");
            ObjectNode params = note.putObject("params");
            params.set("progressToken", progressToken);
            params.put("progress", progress.incrementAndGet());
            params.put("message", delta);
            return List.of(sse(note, json));
        });
        return notes.concatWith(Mono.fromSupplier(() -> {
            ObjectNode result = json.createObjectNode();
            result.putArray("content").addObject().put("type", "text")
                    .put("text", error[0] != null ? error[0] : text.toString());
            result.put("isError", error[0] != null);
            return sse(JsonRpc.result(id, result), json);
        }));
    }

    /** An answer served whole (a cache hit) comes as one body: split it into its events. */
    static Flux<byte[]> events(byte[] whole) {
        String[] parts = new String(whole, StandardCharsets.UTF_8).split("\n\n");
        return Flux.fromStream(Arrays.stream(parts).map(p -> (p + "\n\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode data(byte[] event, ObjectMapper json) {
        for (String line : new String(event, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("data:")) {
                String payload = line.substring(5).trim();
                if (payload.equals("[DONE]")) {
                    return null;
                }
                try {
                    return json.readTree(payload);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static byte[] sse(JsonNode message, ObjectMapper json) {
        try {
            return ("event: message\ndata: " + json.writeValueAsString(message) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
