package ai.factory.gateway.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A chat-chunk stream as the Responses API's typed events, chunk by chunk: {@code response.created},
 * {@code response.in_progress}, then per output item {@code output_item.added}, its deltas and its
 * {@code .done} events, then {@code response.completed} (or {@code incomplete}, {@code failed})
 * carrying usage. Only the answer's own text and call arguments are kept: the done events and
 * the stored conversation need them whole. One instance per stream, used by one thread at a time.
 */
final class ResponseStream {

    private final String id;
    private final long createdAt;
    private final ResponsesRequest request;
    private final ObjectMapper json;
    private final boolean cacheHit;
    private final List<Item> items = new ArrayList<>();
    private final Map<Integer, Item> calls = new LinkedHashMap<>();
    private Item text;
    private long sequence;
    private String finishReason;
    private JsonNode usage;
    private String error;
    private ObjectNode result;

    ResponseStream(String id, long createdAt, ResponsesRequest request, ObjectMapper json, boolean cacheHit) {
        this.cacheHit = cacheHit;
        this.id = id;
        this.createdAt = createdAt;
        this.request = request;
        this.json = json;
    }

    List<byte[]> start() {
        ObjectNode response = ResponseObjects.skeleton(id, createdAt, request, "in_progress");
        return List.of(event("response.created", e -> e.set("response", response)),
                event("response.in_progress", e -> e.set("response", response)));
    }

    /** One chat SSE event in, the typed events it makes out (often one, sometimes none). */
    List<byte[]> chunk(byte[] sse) {
        JsonNode data = data(sse);
        if (data == null) {
            return List.of();
        }
        if (data.has("error")) {
            error = data.at("/error/message").asText("the backend stream failed");
            return List.of();
        }
        if (data.path("usage").isObject()) {
            usage = data.get("usage");
        }
        List<byte[]> out = new ArrayList<>();
        JsonNode choice = data.path("choices").path(0);
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.get("finish_reason").asText();
        }
        JsonNode delta = choice.path("delta");
        String content = delta.path("content").isTextual() ? delta.get("content").asText() : "";
        if (!content.isEmpty()) {
            if (text == null) {
                text = open(new Item(ResponseObjects.newId("msg_"), null, null), out);
            }
            text.buffer.append(content);
            out.add(event("response.output_text.delta", e -> textRef(e, text).put("delta", content).putArray("logprobs")));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int index = call.path("index").asInt(0);
            Item item = calls.get(index);
            if (item == null) {
                item = open(new Item(ResponseObjects.newId("fc_"), call.path("id").asText(""),
                        call.at("/function/name").asText("")), out);
                calls.put(index, item);
            }
            String arguments = call.at("/function/arguments").asText("");
            if (!arguments.isEmpty()) {
                item.buffer.append(arguments);
                Item at = item;
                out.add(event("response.function_call_arguments.delta",
                        e -> e.put("item_id", at.id).put("output_index", at.index).put("delta", arguments)));
            }
        }
        return out;
    }

    /** The end of the chat stream: close the open items, then the response with its usage. */
    List<byte[]> finish() {
        List<byte[]> out = new ArrayList<>();
        boolean failed = error != null || finishReason == null;
        String status = failed ? "failed" : "length".equals(finishReason) ? "incomplete" : "completed";
        for (Item item : items) {
            String whole = item.buffer.toString();
            if (item.callId == null) {
                out.add(event("response.output_text.done", e -> textRef(e, item).put("text", whole).putArray("logprobs")));
                out.add(event("response.content_part.done", e -> textRef(e, item).set("part", ResponseObjects.textPart(whole))));
            } else {
                out.add(event("response.function_call_arguments.done", e -> e.put("item_id", item.id)
                        .put("output_index", item.index).put("name", item.name).put("arguments", whole)));
            }
            out.add(event("response.output_item.done", e -> e.put("output_index", item.index).set("item", item.json("completed"))));
        }
        result = ResponseObjects.skeleton(id, createdAt, request, status);
        ArrayNode output = (ArrayNode) result.get("output");
        items.forEach(item -> output.add(item.json("completed")));
        if (usage != null) {
            result.set("usage", ResponseObjects.usage(usage, cacheHit));
        }
        if (failed) {
            result.putObject("error").put("code", "server_error")
                    .put("message", error != null ? error : "the backend stream ended early");
        } else if ("incomplete".equals(status)) {
            result.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        out.add(event("response." + status, e -> e.set("response", result)));
        return out;
    }

    /** The finished response (after {@link #finish()}): what is stored. */
    ObjectNode result() {
        return result;
    }

    boolean succeeded() {
        return result != null && result.path("error").isNull();
    }

    private Item open(Item item, List<byte[]> out) {
        item.index = items.size();
        items.add(item);
        out.add(event("response.output_item.added", e -> e.put("output_index", item.index).set("item", item.json("in_progress"))));
        if (item.callId == null) {
            out.add(event("response.content_part.added", e -> textRef(e, item).set("part", ResponseObjects.textPart(""))));
        }
        return item;
    }

    private static ObjectNode textRef(ObjectNode event, Item item) {
        return event.put("item_id", item.id).put("output_index", item.index).put("content_index", 0);
    }

    private byte[] event(String type, Consumer<ObjectNode> fill) {
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        event.put("sequence_number", sequence++);
        fill.accept(event);
        try {
            return ("event: " + type + "\ndata: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode data(byte[] event) {
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

    /** An output item being streamed: a text message (no call id) or a function call. */
    private static final class Item {
        final String id;
        final String callId;
        final String name;
        final StringBuilder buffer = new StringBuilder();
        int index;

        Item(String id, String callId, String name) {
            this.id = id;
            this.callId = callId;
            this.name = name;
        }

        ObjectNode json(String status) {
            if (callId == null) {
                return ResponseObjects.messageItem(id, "completed".equals(status) ? buffer.toString() : null, status);
            }
            return ResponseObjects.functionCall(id, callId, name, "completed".equals(status) ? buffer.toString() : "", status);
        }
    }
}
