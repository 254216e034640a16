package ai.factory.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The Responses API's {@code response} object and typed stream events. The opening and closing
 * events are built as trees (once per request); a token's delta is generated straight into its buffer.
 */
final class ResponsesWire {

    /** response.created, response.in_progress, output_item.added, content_part.added. */
    private static final int OPENING_EVENTS = 4;

    private ResponsesWire() {
    }

    static ByteBuf response(ByteBufAllocator alloc, GenerationPlan plan) {
        return alloc.buffer().writeBytes(bytes(finished(plan)));
    }

    static ByteBuf opening(ByteBufAllocator alloc, GenerationPlan plan) {
        ObjectNode started = skeleton(plan, "in_progress");
        ObjectNode item = message(plan, "", "in_progress");
        item.withArray("content").removeAll();
        ByteBuf buf = alloc.buffer();
        typed(buf, event("response.created", 0).set("response", started));
        typed(buf, event("response.in_progress", 1).set("response", started));
        typed(buf, event("response.output_item.added", 2).put("output_index", 0).set("item", item));
        typed(buf, part(event("response.content_part.added", 3), plan).set("part", textPart("")));
        return buf;
    }

    static ByteBuf delta(ByteBufAllocator alloc, GenerationPlan plan, int index) {
        ByteBuf buf = alloc.buffer(256).writeBytes("event: response.output_text.delta\n".getBytes(StandardCharsets.US_ASCII));
        return buf.writeBytes(OpenAiWire.event(alloc, json -> {
            json.writeStartObject();
            json.writeStringField("type", "response.output_text.delta");
            json.writeNumberField("sequence_number", OPENING_EVENTS + index);
            json.writeStringField("item_id", itemId(plan));
            json.writeNumberField("output_index", 0);
            json.writeNumberField("content_index", 0);
            json.writeStringField("delta", plan.token(index));
            json.writeArrayFieldStart("logprobs");
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    static ByteBuf closing(ByteBufAllocator alloc, GenerationPlan plan) {
        int seq = OPENING_EVENTS + plan.completionTokens();
        String text = plan.output().text();
        ObjectNode result = finished(plan);
        ByteBuf buf = alloc.buffer();
        ObjectNode textDone = part(event("response.output_text.done", seq), plan).put("text", text);
        textDone.putArray("logprobs");
        typed(buf, textDone);
        typed(buf, part(event("response.content_part.done", seq + 1), plan).set("part", textPart(text)));
        typed(buf, event("response.output_item.done", seq + 2).put("output_index", 0)
                .set("item", message(plan, text, "completed")));
        typed(buf, event("response." + result.get("status").asText(), seq + 3).set("response", result));
        return buf;
    }

    private static ObjectNode finished(GenerationPlan plan) {
        boolean cut = "length".equals(plan.finishReason());
        ObjectNode response = skeleton(plan, cut ? "incomplete" : "completed");
        if (cut) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        response.withArray("output").add(message(plan, plan.output().text(), "completed"));
        ObjectNode usage = response.putObject("usage");
        usage.put("input_tokens", plan.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", plan.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", plan.promptTokens() + plan.completionTokens());
        return response;
    }

    /** The fields OpenAI's SDKs require of a response; settings the emulator ignores get their defaults. */
    private static ObjectNode skeleton(GenerationPlan plan, String status) {
        ObjectNode r = OpenAiWire.MAPPER.createObjectNode();
        r.put("id", plan.id()).put("object", "response").put("created_at", plan.created()).put("status", status);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.putNull("instructions");
        r.putNull("max_output_tokens");
        r.put("model", plan.model());
        r.putArray("output");
        r.put("parallel_tool_calls", true);
        r.putNull("previous_response_id");
        r.put("temperature", 1.0).put("top_p", 1.0);
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        r.putArray("tools");
        r.put("truncation", "disabled");
        r.putObject("metadata");
        r.putNull("usage");
        return r;
    }

    private static ObjectNode message(GenerationPlan plan, String text, String status) {
        ObjectNode item = OpenAiWire.MAPPER.createObjectNode();
        item.put("id", itemId(plan)).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        content.add(textPart(text));
        return item;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = OpenAiWire.MAPPER.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static ObjectNode event(String type, int sequence) {
        return OpenAiWire.MAPPER.createObjectNode().put("type", type).put("sequence_number", sequence);
    }

    private static ObjectNode part(ObjectNode event, GenerationPlan plan) {
        return event.put("item_id", itemId(plan)).put("output_index", 0).put("content_index", 0);
    }

    private static String itemId(GenerationPlan plan) {
        return "msg_" + plan.id().substring("resp_".length());
    }

    private static void typed(ByteBuf buf, ObjectNode event) {
        buf.writeBytes(("event: " + event.get("type").asText() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        buf.writeBytes(bytes(event)).writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return OpenAiWire.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
